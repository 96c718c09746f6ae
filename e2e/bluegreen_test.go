package e2e

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

// TestBlueGreenReleaseOnPush runs a blue-green release of the bundled
// example under act: the green color gets the new image while blue keeps
// traffic, then traffic flips to green; each stage is a deployment status.
func TestBlueGreenReleaseOnPush(t *testing.T) {
	srv := ghtest.New(t, ghtest.WithTLS())
	srv.AddToken(token, bot)
	var mu sync.Mutex
	var hits []string
	health := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		hits = append(hits, r.URL.Path)
	}))
	defer health.Close()
	state := filepath.Join(t.TempDir(), "terraform.tfstate")

	work := userRepo(t)
	root := filepath.Join(work, "infra", "web")
	os.RemoveAll(root)
	os.RemoveAll(filepath.Join(work, ".github", "workflows"))
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", "example", "bluegreen"), root)
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "e2e", "testdata", "bluegreen-workflows"), filepath.Join(work, ".github", "workflows"))
	// Production today: blue serves img-1 (deployed before repave took over).
	for _, args := range [][]string{{"init", "-input=false", "-backend-config=path=" + state}, {"apply", "-auto-approve", "-input=false", "-var", "health_base=" + health.URL}} {
		if out, err := exec.Command("terraform", append([]string{"-chdir=" + root}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("terraform %v: %v\n%s", args, err, out)
		}
	}
	os.RemoveAll(filepath.Join(root, ".terraform"))
	// The release: green gets img-2 and becomes active.
	src, _ := os.ReadFile(filepath.Join(root, "main.tf"))
	rel := regexp.MustCompile(`(variable "green_image_id" \{[^}]*?default\s*=\s*)"img-1"`).ReplaceAllString(string(src), `${1}"img-2"`)
	rel = regexp.MustCompile(`(variable "active_color" \{[^}]*?default\s*=\s*)"blue"`).ReplaceAllString(rel, `${1}"green"`)
	os.WriteFile(filepath.Join(root, "main.tf"), []byte(rel), 0o644)
	wf := filepath.Join(work, ".github", "workflows", "release.yml")
	b, _ := os.ReadFile(wf)
	os.WriteFile(wf, []byte("env:\n  E2E_STATE: "+state+"\n  E2E_HEALTH: "+health.URL+"\n"+string(b)), 0o644)
	gitOut(t, work, "add", "-A")
	gitOut(t, work, "-c", "user.name=dev", "-c", "user.email=dev@example.com", "commit", "-qm", "Release img-2 on green")
	sha := gitOut(t, work, "rev-parse", "HEAD")

	out := runAct(t, srv, work, "push", writePush(t, sha))
	m := regexp.MustCompile(`e2e-bluegreen applied=(\S+) steps=(.*)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("the release workflow did not report:\n%s", out)
	}
	var steps []struct{ Name, Result string }
	if err := json.Unmarshal([]byte(strings.TrimSpace(m[2])), &steps); err != nil || m[1] != "true" || len(steps) != 2 ||
		steps[0].Result != "success" || steps[1].Result != "success" {
		t.Fatalf("applied=%s steps=%s (%v)\n%s", m[1], m[2], err, out)
	}
	deps := srv.Deployments(owner, repo)
	if len(deps) != 1 || deps[0].State() != "success" {
		t.Fatalf("deployments = %+v", deps)
	}
	var descs []string
	for _, st := range deps[0].Statuses {
		descs = append(descs, st.State+": "+st.Description)
	}
	joined := strings.Join(descs, "\n")
	if !strings.Contains(joined, "in_progress: Stage 1/2: deploy the new version to green") || !strings.Contains(joined, "in_progress: Stage 2/2: switch traffic from blue to green") {
		t.Errorf("the environment's history should show each stage:\n%s", joined)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(strings.Join(hits, " "), "/green/img-2") || !strings.Contains(strings.Join(hits, " "), "/live/img-2") {
		t.Errorf("the idle color and then the live URL should have been checked, got %v", hits)
	}
}
