package review

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/plandir"
	"github.com/repave-dev/repave/pkg/tf"
)

// planned plans the bundled example (sensitive variables and outputs, a
// replacement) with real terraform into a plan directory.
func planned(t *testing.T) (plandir.Dir, plandir.Result) {
	t.Helper()
	out, err := PlanRoot(context.Background(), PlanRequest{
		Root: fixture.Root(t, "example/terraform"), Settings: tf.Settings{Vars: []tf.Var{{Name: "image_id", Value: "img-0002"}},
			LockTimeout: time.Minute}, PlanDir: filepath.Join(t.TempDir(), "plan"), HeadSHA: strings.Repeat("ab", 20),
		RunURL: "https://github.example/acme/infra/actions/runs/77",
	})
	if err != nil {
		t.Fatal(err)
	}
	return out.Dir, out.Result
}

// The posted comment (comment.md, as plan-infra wrote it) must be what
// apply-on-merge renders again from the plan directory: one renderer, and no
// trace of the run.
func TestCommentFileIsWhatTheVerifierRenders(t *testing.T) {
	t.Parallel()
	dir, res := planned(t)
	written, err := os.ReadFile(dir.File(plandir.Comment))
	if err != nil {
		t.Fatal(err)
	}
	m := renderOptions(res).Marker // the marker comment-plan-on-pr posts
	again, err := renderFromDir(dir, m, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := FirstDifference(string(written), again); d != nil {
		t.Fatalf("comment.md differs from the rendering of plan.json at line %d:\n%q\n%q", d.Line, d.Posted, d.Rendered)
	}
	if strings.Contains(string(written), "runs/77") {
		t.Error("the compared part names the run: it would not render the same at apply time")
	}
	// Each smaller body the poster can fall back to is one the verifier accepts.
	bodies, err := renderings(dir, m, nil)
	if err != nil || len(bodies) < 2 {
		t.Fatalf("%d renderings, %v", len(bodies), err)
	}
	for _, b := range bodies[1:] {
		if len([]rune(b)) >= len([]rune(bodies[0])) {
			t.Errorf("a fallback rendering is not smaller: %d >= %d", len([]rune(b)), len([]rune(bodies[0])))
		}
	}
}

func TestComparedPartLeavesOutOnlyTheStatusLine(t *testing.T) {
	t.Parallel()
	rendered := "<!-- repave:plan root=. workspace=default fingerprint=ab sha=cd -->\n<!-- repave:actions xyz -->\n\n### Terraform plan\n\n**Plan:** 1 to add\n"
	once := WithStatus(rendered, "**Failed**: lock timeout.")
	twice := WithStatus(once, "**Applied** to `production`.")
	noDigest := "<!-- repave:plan root=. workspace=default fingerprint=ab sha=cd -->\n\n### Terraform plan\n"
	cases := []struct {
		name   string
		posted string
		line   int // 0: accepted
	}{
		{"as rendered", rendered, 0},
		{"with a status line", once, 0},
		{"status set twice", twice, 0},
		{"status without digest", WithStatus(noDigest, "x"), 0},
		{"another line added there without digest", strings.Replace(noDigest, "\n", "\nhello\n", 1), 2},
		{"status line moved down", strings.Replace(rendered, "**Plan:**", "> <!-- repave:status --> ok\n**Plan:**", 1), 6},
		{"line edited", strings.Replace(once, "1 to add", "0 to add", 1), 8},
		{"line added at the end", rendered + "LGTM\n", 7},
		{"text cut", strings.TrimSuffix(rendered, "**Plan:** 1 to add\n"), 6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			against := rendered
			if strings.Contains(c.name, "without digest") {
				against = noDigest
			}
			d := FirstDifference(c.posted, against)
			switch {
			case c.line == 0 && d != nil:
				t.Errorf("refused at line %d: %q vs %q", d.Line, d.Posted, d.Rendered)
			case c.line != 0 && d == nil:
				t.Error("accepted")
			case c.line != 0 && d.Line != c.line:
				t.Errorf("line %d, want %d (%q vs %q)", d.Line, c.line, d.Posted, d.Rendered)
			}
		})
	}
	if strings.Count(twice, "\n") != strings.Count(once, "\n") {
		t.Errorf("setting the status again added lines:\n%s", twice)
	}
}

// Two plans of a root that uses plantimestamp() differ only in the plan's
// own timestamp: that is not an edit. Any other difference still is.
func TestPlanTimestampIsNotAnEdit(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("slower than 2 s: real terraform, packer or git runs")
	}
	root := t.TempDir()
	src := "resource \"terraform_data\" \"stamp\" {\n  input = { at = plantimestamp(), name = \"web\" }\n}\n"
	if err := os.WriteFile(filepath.Join(root, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	planAt := func() (plandir.Dir, plandir.Result) {
		out, err := PlanRoot(context.Background(), PlanRequest{Root: root, Settings: tf.Settings{LockTimeout: time.Minute},
			PlanDir: filepath.Join(t.TempDir(), "plan"), HeadSHA: strings.Repeat("cd", 20)})
		if err != nil {
			t.Fatal(err)
		}
		return out.Dir, out.Result
	}
	reviewedDir, res := planAt()
	time.Sleep(1100 * time.Millisecond) // the timestamp has a resolution of a second
	nowDir, _ := planAt()
	posted, _ := os.ReadFile(reviewedDir.File(plandir.Comment))
	m := renderOptions(res).Marker // the marker comment-plan-on-pr posts
	again, _ := renderFromDir(nowDir, m, 0, nil)
	if FirstDifference(string(posted), again) == nil {
		t.Fatal("the test needs renderings that differ in the timestamp")
	}
	rev := &Reviewed{Comment: &github.IssueComment{Body: github.String(string(posted))}, Marker: m}
	if err := rev.CheckRendered(nowDir, nil); err != nil {
		t.Errorf("a new plan timestamp was taken for an edit: %v", err)
	}
	rev.Comment.Body = github.String(strings.Replace(string(posted), `"web"`, `"db"`, 1))
	if err := rev.CheckRendered(nowDir, nil); err == nil {
		t.Error("an edited value next to the timestamp was accepted")
	}
}
