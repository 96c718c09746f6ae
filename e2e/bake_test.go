package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
	"github.com/repave-dev/repave/pkg/images"
)

// TestBakeImageOpensOnePromotionPR runs bake-image under act on a
// workflow_dispatch of main: the real packer bakes the example image, the
// version is recorded and dev moved in a promotion pull request, then prod is
// promoted to the recorded version without building, updating that one PR.
func TestBakeImageOpensOnePromotionPR(t *testing.T) {
	srv := ghtest.New(t, ghtest.WithTLS())
	srv.AddToken(token, bot)
	srv.SetFile(owner, repo, "main", "README.md", []byte("infra\n"))

	work := bakeRepo(t)
	sha := gitOut(t, work, "rev-parse", "HEAD")
	out := runAct(t, srv, work, "workflow_dispatch", writeDispatch(t))

	m := regexp.MustCompile(`e2e-result version=(\S*) image-id=(\S*) registry-file=(\S*) pr=(\S*) promote-pr=(\S*) artifacts=(.*)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("the workflow did not report the action outputs:\n%s", out)
	}
	if m[1] != "1.4.0" || m[2] != "output/img-web-1.4.0" || m[3] != "images/web.json" || !strings.HasPrefix(m[4], srv.Origin+"/"+owner+"/"+repo+"/pull/") || m[5] != m[4] {
		t.Errorf("outputs = %q", m[1:])
	}
	if strings.TrimSpace(m[6]) != `{"file":"output/img-web-1.4.0"}` {
		t.Errorf("artifacts = %s", m[6])
	}
	if !strings.Contains(out, "hardening web 1.4.0") {
		t.Errorf("packer's progress should reach the log:\n%s", out)
	}

	pulls := srv.Pulls(owner, repo)
	if len(pulls) != 1 || pulls[0].HeadRef != "repave/promote-web-1.4.0" || pulls[0].BaseRef != "main" || pulls[0].Author != bot {
		t.Fatalf("want one promotion PR by %s, got %+v", bot, pulls)
	}
	if !strings.Contains(pulls[0].Body, "| git SHA | `"+sha+"` |") || !strings.Contains(pulls[0].Title, "to prod") {
		t.Errorf("PR body should name the version's commit and the prod promotion:\n%s", pulls[0].Body)
	}
	b, ok := srv.File(owner, repo, "repave/promote-web-1.4.0", "images/web.json")
	if !ok {
		t.Fatal("the promotion branch has no images/web.json")
	}
	reg, err := images.Parse(b, "images/web.json")
	if err != nil {
		t.Fatal(err)
	}
	v := reg.Find("1.4.0")
	if v == nil || v.GitSHA != sha || v.PackerRunUUID == "" || reg.Channels["dev"] != "1.4.0" || reg.Channels["prod"] != "1.4.0" {
		t.Errorf("registry on the branch:\n%s", b)
	}
	if _, ok := srv.File(owner, repo, "main", "images/web.json"); ok {
		t.Error("main must change only when the promotion PR is merged")
	}
}

// bakeRepo is a user's repository on main with the example image at
// packer/web and only the bake workflow.
func bakeRepo(t *testing.T) string {
	t.Helper()
	work := userRepo(t)
	wf := filepath.Join(work, ".github", "workflows")
	os.RemoveAll(wf)
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "e2e", "testdata", "bake-workflows"), wf)
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", "example", "packer", "web"), filepath.Join(work, "packer", "web"))
	gitOut(t, work, "add", "-A")
	gitOut(t, work, "-c", "user.name=dev", "-c", "user.email=dev@example.com", "commit", "-qm", "Bake the web image")
	gitOut(t, work, "branch", "-M", "main")
	return work
}

// writeDispatch writes a workflow_dispatch payload shaped like GitHub's.
func writeDispatch(t *testing.T) string {
	t.Helper()
	ev := map[string]any{
		"ref":    "refs/heads/main",
		"inputs": map[string]any{},
		"repository": map[string]any{
			"id": 1296269, "name": repo, "full_name": owner + "/" + repo, "private": true,
			"owner":          map[string]any{"login": owner, "id": 1, "type": "Organization"},
			"default_branch": "main", "fork": false,
		},
		"sender":   map[string]any{"login": "dev", "id": 2, "type": "User"},
		"workflow": ".github/workflows/bake.yml",
	}
	b, _ := json.MarshalIndent(ev, "", "  ")
	p := filepath.Join(t.TempDir(), "dispatch.json")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
