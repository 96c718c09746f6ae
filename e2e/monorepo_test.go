package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

// TestMonorepoPlansOnlyTheChangedRoots runs a monorepo's pull request
// workflow under act: the discover job finds the roots that call the changed
// module (and not the others), and the matrix job plans and comments each.
func TestMonorepoPlansOnlyTheChangedRoots(t *testing.T) {
	srv := ghtest.New(t, ghtest.WithTLS())
	srv.AddToken(token, bot)

	work := userRepo(t)
	os.RemoveAll(filepath.Join(work, "infra"))
	os.RemoveAll(filepath.Join(work, ".github", "workflows"))
	write := func(files map[string]string) {
		for p, content := range files {
			full := filepath.Join(work, p)
			os.MkdirAll(filepath.Dir(full), 0o755)
			if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	call := "module \"net\" {\n  source = \"../../modules/net\"\n}\n"
	write(map[string]string{
		"infra/web/main.tf":     call + "resource \"terraform_data\" \"web\" {}\n",
		"infra/api/main.tf":     call + "resource \"terraform_data\" \"api\" {}\n",
		"infra/sandbox/main.tf": call,
		"infra/dns/main.tf":     "resource \"terraform_data\" \"zone\" {}\n",
		"modules/net/main.tf":   "resource \"terraform_data\" \"vpc\" {\n  input = \"10.0.0.0/16\"\n}\n",
	})
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "e2e", "testdata", "monorepo-workflows"), filepath.Join(work, ".github", "workflows"))
	gitOut(t, work, "add", "-A")
	gitOut(t, work, "-c", "user.name=dev", "-c", "user.email=dev@example.com", "commit", "-qm", "Four roots and a network module")
	base := gitOut(t, work, "rev-parse", "HEAD")
	write(map[string]string{"modules/net/main.tf": "resource \"terraform_data\" \"vpc\" {\n  input = \"10.1.0.0/16\"\n}\n"})
	gitOut(t, work, "-c", "user.name=dev", "-c", "user.email=dev@example.com", "commit", "-qam", "Widen the network")
	head := gitOut(t, work, "rev-parse", "HEAD")
	// Should the checkout lack the history, the pull request's files say the same.
	srv.AddPull(owner, repo, ghtest.PullRequest{Number: prNumber, HeadSHA: head, BaseSHA: base})
	srv.SetPullFiles(owner, repo, prNumber, []ghtest.PullFile{{Filename: "modules/net/main.tf", Additions: 1, Deletions: 1}})

	out := runAct(t, srv, work, "pull_request", withBase(t, writeEvent(t, head), base))

	m := regexp.MustCompile(`e2e-discover roots=(\d+) matrix=(.*)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("the discover job did not report:\n%s", out)
	}
	if want := `{"include":[{"root":"infra/api","tool":"terraform"},{"root":"infra/web","tool":"terraform"}]}`; m[1] != "2" || strings.TrimSpace(m[2]) != want {
		t.Errorf("discovered roots=%s matrix=%s, want 2 and %s", m[1], m[2], want)
	}
	if !strings.Contains(out, "Changed files: 1, from git diff "+base+"...HEAD") {
		t.Errorf("with fetch-depth: 0 the changed files should come from git:\n%s", out)
	}
	var planned []string
	for _, p := range regexp.MustCompile(`e2e-plan root=(\S+) changes=true to-add=2`).FindAllStringSubmatch(out, -1) {
		planned = append(planned, p[1])
	}
	slices.Sort(planned)
	if !slices.Equal(planned, []string{"infra/api", "infra/web"}) {
		t.Errorf("planned %q, want infra/api and infra/web, each adding its resource and the module's:\n%s", planned, out)
	}
	var marked []string
	for _, c := range srv.Comments(owner, repo, prNumber) {
		if r := regexp.MustCompile(`repave:plan root=(\S+)`).FindStringSubmatch(c.GetBody()); r != nil && c.GetUser().GetLogin() == bot {
			marked = append(marked, r[1])
		}
	}
	slices.Sort(marked)
	if !slices.Equal(marked, []string{"infra/api", "infra/web"}) {
		t.Errorf("plan comments for %q, want one each for infra/api and infra/web", marked)
	}
}

// withBase sets pull_request.base.sha of the payload at path to base.
func withBase(t *testing.T, path, base string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var ev map[string]any
	if err := json.Unmarshal(b, &ev); err != nil {
		t.Fatal(err)
	}
	ev["pull_request"].(map[string]any)["base"].(map[string]any)["sha"] = base
	b, _ = json.Marshal(ev)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
