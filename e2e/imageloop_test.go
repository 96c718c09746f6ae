package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
	"github.com/repave-dev/repave/pkg/images"
)

const (
	promoter      = "repave-promoter" // the GitHub App / PAT user promotion PRs are opened as
	promoterToken = "github_pat_e2ePromoter0001"
	oldImage      = "output/img-web-1.0.0"
)

// TestReusableWorkflowRunsTheImageLoop is the image loop of a user's
// repository through repave's reusable workflow (the caller of
// e2e/testdata/imageloop-workflows, as examples/infrastructure.yml adapted to
// promote each bake to prod), under act against the GitHub stand-in:
// a push to main that changes packer/ bakes a version with the real packer
// and opens the promotion pull request with PROMOTION_TOKEN; that pull
// request's run discovers the root consuming the bucket and comments a plan
// with the Images table; its merge is applied (the three instances replaced
// with the new image, the deployment recorded) and bakes nothing; the next
// nightly audit is clean.
func TestReusableWorkflowRunsTheImageLoop(t *testing.T) {
	srv := ghtest.New(t, ghtest.WithTLS())
	srv.AddToken(token, bot)
	srv.AddToken(promoterToken, promoter)
	state := filepath.Join(t.TempDir(), "terraform.tfstate")
	flags := append([]string{"--local-repository", "repave-dev/repave@v1=" + repaveCopy(t), "-s", "PROMOTION_TOKEN=" + promoterToken}, unusedActions(t)...)

	// main: the web tier deployed on web 1.0.0 from the registry.
	work := imageLoopRepo(t, state)
	commit := func(msg string) string {
		gitOut(t, work, "add", "-A")
		gitOut(t, work, "-c", "user.name=dev", "-c", "user.email=dev@example.com", "commit", "-qm", msg)
		return gitOut(t, work, "rev-parse", "HEAD")
	}
	base := commit("The web tier on web@prod")
	gitOut(t, work, "branch", "-M", "main")
	registry, _ := os.ReadFile(filepath.Join(work, "images", "web.json"))
	srv.SetFile(owner, repo, "main", "images/web.json", registry) // GitHub's main: the promotion branch starts from it
	deployed := deploy(t, filepath.Join(work, "infra", "web"), state)

	// push to main changing the template: bake, promotion pull request.
	tpl := filepath.Join(work, "packer", "web", "web.pkr.hcl")
	src, _ := os.ReadFile(tpl)
	os.WriteFile(tpl, []byte(strings.Replace(string(src), "packages, users, sshd", "packages, users, sshd, auditd", 1)), 0o644)
	baked := commit("web image: auditd")
	out := runAct(t, srv, work, "push", withBefore(t, writePush(t, baked), base), flags...)
	pulls := srv.Pulls(owner, repo)
	if len(pulls) != 1 || !strings.HasPrefix(pulls[0].HeadRef, "repave/promote-web-") {
		t.Fatalf("the push should open one promotion pull request: %+v\n%s", pulls, tail(out, 60))
	}
	promo := pulls[0]
	if promo.Author != promoter {
		t.Errorf("the promotion pull request was opened by %s, want %s (PROMOTION_TOKEN): GITHUB_TOKEN's pull requests start no workflows", promo.Author, promoter)
	}
	if len(srv.Deployments(owner, repo)) != 0 {
		t.Errorf("a push that changes only packer/ deploys nothing: %+v", srv.Deployments(owner, repo))
	}
	onBranch, ok := srv.File(owner, repo, promo.HeadRef, "images/web.json")
	if !ok {
		t.Fatalf("the promotion branch %s has no images/web.json", promo.HeadRef)
	}
	reg, err := images.Parse(onBranch, "images/web.json")
	if err != nil {
		t.Fatal(err)
	}
	version := strings.TrimPrefix(promo.HeadRef, "repave/promote-web-")
	v := reg.Find(version)
	if v == nil || v.GitSHA != baked || reg.Channels["prod"] != version || v.Artifacts["file"] != "output/img-web-"+version {
		t.Fatalf("the promotion should record %s of commit %s and move prod to it:\n%s", version, baked, onBranch)
	}
	newImage := v.Artifacts["file"]

	// pull_request of the promotion: discover the consumer, plan, comment.
	gitOut(t, work, "checkout", "-q", "-b", promo.HeadRef)
	os.WriteFile(filepath.Join(work, "images", "web.json"), onBranch, 0o644)
	head := commit(promo.Title) // the branch as the pull request's checkout has it
	srv.SetPullHead(owner, repo, promo.Number, head)
	ev := rewrite(t, writeEvent(t, head), func(ev map[string]any) {
		ev["number"] = promo.Number
		pr := ev["pull_request"].(map[string]any)
		pr["number"], pr["title"] = promo.Number, promo.Title
		pr["user"] = map[string]any{"login": promoter, "id": 3, "type": "User"}
		pr["head"].(map[string]any)["ref"] = promo.HeadRef
		pr["base"].(map[string]any)["sha"] = baked
	})
	out = runAct(t, srv, work, "pull_request", ev, flags...)
	if !strings.Contains(out, "Changed roots: 1 of 1") {
		t.Errorf("discovery should find infra/web, which consumes web:\n%s", tail(out, 60))
	}
	var comment string
	for _, c := range srv.Comments(owner, repo, promo.Number) {
		if c.GetUser().GetLogin() == bot && strings.HasPrefix(c.GetBody(), "<!-- repave:plan root=infra/web ") {
			comment = c.GetBody()
		}
	}
	for _, want := range []string{"#### Images", "| `web@prod` | `image_id` |", version, "3 to replace", "`terraform_data.web[2]`"} {
		if !strings.Contains(comment, want) {
			t.Errorf("the promotion's plan comment lacks %q:\n%.3000s\n---- act ----\n%s", want, comment, tail(out, 60))
		}
	}
	if strings.Contains(out, "packer build") {
		t.Errorf("the promotion changes no template: nothing should be baked:\n%s", tail(out, 40))
	}

	// merge: the push of the merge commit is applied.
	gitOut(t, work, "checkout", "-q", "main")
	gitOut(t, work, "-c", "user.name=dev", "-c", "user.email=dev@example.com", "merge", "-q", "--no-ff", "-m", "Merge pull request from "+promo.HeadRef, promo.HeadRef)
	merged := gitOut(t, work, "rev-parse", "HEAD")
	promo.HeadSHA, promo.BaseSHA, promo.Merged, promo.MergeCommitSHA, promo.State = head, baked, true, merged, ""
	srv.AddPull(owner, repo, promo)
	out = runAct(t, srv, work, "push", withBefore(t, writePush(t, merged), baked), flags...)
	deps := srv.Deployments(owner, repo)
	if len(deps) != 1 || deps[0].SHA != merged || deps[0].State() != "success" {
		t.Fatalf("the merged promotion should be deployed: %+v\n%s", deps, tail(out, 60))
	}
	now := instances(t, state)
	if len(now) != 3 {
		t.Fatalf("want 3 web instances in the state, got %v", now)
	}
	for id, img := range now {
		if img != newImage {
			t.Errorf("instance %s runs %s, want %s", id, img, newImage)
		}
		if _, old := deployed[id]; old {
			t.Errorf("instance %s was updated in place, not replaced", id)
		}
	}
	if n := len(srv.Pulls(owner, repo)); n != 1 {
		t.Errorf("merging the promotion must not bake again and open another one: %d pull requests", n)
	}

	// schedule: the nightly audit plans with the registry's image: clean.
	out = runAct(t, srv, work, "schedule", writeSchedule(t), flags...)
	if !strings.Contains(out, "audit-check") || strings.Contains(out, "Job failed") {
		t.Errorf("the audit job should run and pass:\n%s", tail(out, 40))
	}
	if is := srv.Issues(owner, repo); len(is) != 0 {
		t.Errorf("the audit after the promotion should open no issue, got %q: %.1000s", is[0].GetTitle(), is[0].GetBody())
	}
}

// imageLoopRepo is a user's repository (no repave source: it calls
// repave@v1) with the web tier at infra/web on a local backend, the example
// image at packer/web, a registry recording web 1.0.0 on prod, and the
// caller workflow.
func imageLoopRepo(t *testing.T, state string) string {
	t.Helper()
	work := userRepo(t)
	for _, d := range []string{".github", "actions", "cmd", "pkg", "internal", "go.mod", "go.sum", "action.yml"} {
		os.RemoveAll(filepath.Join(work, d))
	}
	repoRoot := fixture.Repo(t)
	b, err := os.ReadFile(filepath.Join(repoRoot, "e2e", "testdata", "imageloop-workflows", "infrastructure.yml"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		".github/workflows/infrastructure.yml": strings.ReplaceAll(string(b), "STATE_PATH", state),
		".gitignore":                           ".terraform/\n*.tfstate*\npacker/web/output/\n",
		"infra/web/backend.tf":                 "terraform {\n  backend \"local\" {}\n}\n",
	}
	reg := images.New("web", "images/web.json")
	if err := reg.Add(images.Version{Version: "1.0.0", GitSHA: strings.Repeat("1", 40), BuiltAt: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		Artifacts: map[string]string{"file": oldImage}}); err != nil {
		t.Fatal(err)
	}
	if _, err := reg.Promote("prod", "1.0.0"); err != nil {
		t.Fatal(err)
	}
	j, err := reg.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	files["images/web.json"] = string(j)
	// The example's default password is for the offline demo only; a real
	// root reads it from Vault. Suppressed, so the audit's hygiene is clean.
	tf, _ := os.ReadFile(filepath.Join(work, "infra", "web", "main.tf"))
	files["infra/web/main.tf"] = strings.Replace(string(tf), `default     = "example-only-password"`,
		`default     = "example-only-password" # repave:ignore hard-coded-secret the offline example's placeholder`, 1)
	for f, body := range files {
		p := filepath.Join(work, f)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fixture.CopyDir(t, filepath.Join(repoRoot, "testdata", "example", "packer", "web"), filepath.Join(work, "packer", "web"))
	return work
}

// deploy applies root on oldImage into state with the real terraform (what
// an earlier merge did) and returns the web instances.
func deploy(t *testing.T, root, state string) map[string]string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "web")
	fixture.CopyDir(t, root, dir)
	for _, args := range [][]string{{"init", "-input=false", "-backend-config=path=" + state}, {"apply", "-auto-approve", "-input=false", "-var", "image_id=" + oldImage}} {
		cmd := exec.Command("terraform", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("terraform %s: %v\n%s", args[0], err, out)
		}
	}
	got := instances(t, state)
	if len(got) != 3 {
		t.Fatalf("the first deployment should have 3 web instances: %v", got)
	}
	return got
}

// instances maps each web instance's id in the state to its image.
func instances(t *testing.T, state string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Resources []struct {
			Type, Name string
			Instances  []struct {
				Attributes struct {
					ID    string `json:"id"`
					Input struct {
						Value struct {
							Image string `json:"image"`
						} `json:"value"`
					} `json:"input"`
				} `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatalf("state %s: %v", state, err)
	}
	out := map[string]string{}
	for _, r := range st.Resources {
		if r.Type == "terraform_data" && r.Name == "web" {
			for _, in := range r.Instances {
				out[in.Attributes.ID] = in.Attributes.Input.Value.Image
			}
		}
	}
	return out
}
