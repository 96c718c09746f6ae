package review_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/tf"
)

// secret is given as the sensitive db_password; it must appear nowhere.
const secret = "hunter2-from-ci-0417"

type root struct {
	t   *testing.T
	dir string
}

func newRoot(t *testing.T) *root {
	return &root{t: t, dir: fixture.Root(t, "roots/web")}
}

func (r *root) apply(vars ...string) {
	r.t.Helper()
	args := []string{"-chdir=" + r.dir, "apply", "-auto-approve", "-input=false"}
	for _, v := range vars {
		args = append(args, "-var", v)
	}
	for _, c := range [][]string{{"-chdir=" + r.dir, "init", "-input=false"}, args} {
		if out, err := exec.Command("terraform", c...).CombinedOutput(); err != nil {
			r.t.Fatalf("terraform %v: %v\n%s", c, err, out)
		}
	}
}

func (r *root) plan(vars ...tf.Var) *review.PlanResult {
	r.t.Helper()
	out, err := r.tryPlan(vars...)
	if err != nil {
		r.t.Fatal(err)
	}
	return out
}

func (r *root) tryPlan(vars ...tf.Var) (*review.PlanResult, error) {
	var log strings.Builder
	out, err := review.PlanRoot(context.Background(), review.PlanRequest{
		Root: r.dir, Settings: tf.Settings{Vars: vars, LockTimeout: 30 * time.Second},
		PlanDir: filepath.Join(r.t.TempDir(), "plan"), HeadSHA: "abc123", Log: &log,
	})
	if strings.Contains(log.String(), secret) {
		r.t.Errorf("terraform's log shows the secret")
	}
	return out, err
}

func image(id string) tf.Var { return tf.Var{Name: "image_id", Value: id} }

// assertNoSecret checks every file of the plan directory but the binary plan
// (which holds variable values by Terraform's design) and the job summary.
func assertNoSecret(t *testing.T, out *review.PlanResult) {
	t.Helper()
	if strings.Contains(out.Summary, secret) {
		t.Error("the job summary shows the secret")
	}
	entries, _ := os.ReadDir(out.Dir.Path)
	for _, e := range entries {
		if e.Name() == "plan.tfplan" {
			continue
		}
		b, _ := os.ReadFile(filepath.Join(out.Dir.Path, e.Name()))
		if strings.Contains(string(b), secret) {
			t.Errorf("%s shows the secret", e.Name())
		}
	}
}

func TestPlanScenariosWithRealTerraform(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs real terraform plans")
	}
	pw := tf.Var{Name: "db_password", Value: secret}
	cases := []struct {
		name    string
		applied []string // vars of the deployed state, nil for none
		vars    []tf.Var
		want    [4]int // add, change, destroy, replace
		changes bool
		inBody  []string
	}{
		{"create", nil, []tf.Var{image("img-1"), pw}, [4]int{3, 0, 0, 0}, true,
			[]string{"terraform_data.web[0]", "terraform_data.web[1]", "terraform_data.db"}},
		{"no change", []string{"image_id=img-1", "db_password=" + secret}, []tf.Var{image("img-1"), pw}, [4]int{}, false,
			[]string{"No changes"}},
		{"replace on a new image", []string{"image_id=img-1", "db_password=" + secret}, []tf.Var{image("img-2"), pw}, [4]int{0, 0, 0, 2}, true,
			[]string{"terraform_data.web[0]", "terraform_data.web[1]", "img-2"}},
		{"destroy", []string{"image_id=img-1", "db_password=" + secret}, []tf.Var{image("img-1"), pw, {Name: "instance_count", Value: "1"}}, [4]int{0, 0, 1, 0}, true,
			[]string{"terraform_data.web[1]"}},
		{"sensitive change", []string{"image_id=img-1", "db_password=old-password-0001"}, []tf.Var{image("img-1"), pw}, [4]int{0, 1, 0, 0}, true,
			[]string{"terraform_data.db", "password = (sensitive value changed)"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := newRoot(t)
			if c.applied != nil {
				r.apply(c.applied...)
			}
			out := r.plan(c.vars...)
			got := out.Result.Counts
			if [4]int{got.Add, got.Change, got.Destroy, got.Replace} != c.want {
				t.Errorf("counts = %+v, want add/change/destroy/replace %v", got, c.want)
			}
			if out.Result.Changes != c.changes {
				t.Errorf("changes = %v, want %v", out.Result.Changes, c.changes)
			}
			body, err := os.ReadFile(out.Dir.File("comment.md"))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range c.inBody {
				if !strings.Contains(string(body), w) {
					t.Errorf("comment lacks %q:\n%s", w, body)
				}
			}
			if d, ok := plan.ParseDigest(string(body)); c.changes && (!ok || len(d) != c.want[0]+c.want[1]+c.want[2]+c.want[3]) {
				t.Errorf("the comment's action digest = %v (found %v), want one entry per changed resource", d, ok)
			}
			if !strings.HasPrefix(string(body), "<!-- repave:plan root=") {
				t.Errorf("comment does not start with the marker:\n%.200s", body)
			}
			assertNoSecret(t, out)
			if len(out.Sensitive) == 0 && c.applied != nil {
				t.Error("the outcome should list the sensitive values to mask")
			}
		})
	}
}

func TestFingerprintIsStableAcrossReplans(t *testing.T) {
	t.Parallel()
	r := newRoot(t)
	r.apply("image_id=img-1")
	a := r.plan(image("img-2"))
	b := r.plan(image("img-2"))
	if a.Result.Fingerprint != b.Result.Fingerprint {
		t.Errorf("re-planning the same config and state changed the fingerprint: %s vs %s", a.Result.Fingerprint, b.Result.Fingerprint)
	}
	c := r.plan(image("img-3"))
	if c.Result.Fingerprint == a.Result.Fingerprint {
		t.Error("a different image must give a different fingerprint")
	}
}

func TestPlanErrorCarriesFileAndLine(t *testing.T) {
	t.Parallel()
	r := &root{t: t, dir: fixture.Root(t, "roots/broken")}
	_, err := r.tryPlan()
	var de *tf.DiagnosticsError
	if !errors.As(err, &de) || len(de.Diagnostics) == 0 || de.Diagnostics[0].Range.Start.Line != 6 {
		t.Fatalf("want diagnostics at main.tf line 6, got %v", err)
	}
}

func TestDefaultPlanDirIsPerRootAndWorkspace(t *testing.T) {
	t.Parallel()
	a := review.DefaultPlanDir("/tmp/r", "infra/prod", "default")
	b := review.DefaultPlanDir("/tmp/r", "infra/staging", "default")
	c := review.DefaultPlanDir("/tmp/r", "infra/prod", "eu")
	if a == b || a == c || !strings.HasPrefix(a, "/tmp/r/") {
		t.Errorf("plan dirs collide or escape: %s %s %s", a, b, c)
	}
}
