package review_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/tf"
)

// fidelityRoot is a Terraform root written by the test, planned with the real
// terraform through review.PlanRoot.
type fidelityRoot struct {
	t   *testing.T
	dir string
}

func newFidelityRoot(t *testing.T, mainTF string) *fidelityRoot {
	t.Helper()
	r := &fidelityRoot{t: t, dir: t.TempDir()}
	r.write(mainTF)
	r.terraform("init", "-input=false")
	return r
}

func (r *fidelityRoot) write(mainTF string) {
	r.t.Helper()
	if err := os.WriteFile(filepath.Join(r.dir, "main.tf"), []byte(mainTF), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

func (r *fidelityRoot) terraform(args ...string) {
	r.t.Helper()
	cmd := exec.Command("terraform", append([]string{"-chdir=" + r.dir}, args...)...)
	cmd.Env = append(os.Environ(), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		r.t.Fatalf("terraform %v: %v\n%s", args, err, out)
	}
}

func (r *fidelityRoot) apply(args ...string) {
	r.t.Helper()
	r.terraform(append([]string{"apply", "-auto-approve", "-input=false"}, args...)...)
}

func (r *fidelityRoot) plan() *review.PlanResult {
	r.t.Helper()
	var log strings.Builder
	out, err := review.PlanRoot(context.Background(), review.PlanRequest{
		Root: r.dir, Settings: tf.Settings{LockTimeout: 30 * time.Second}, PlanDir: filepath.Join(r.t.TempDir(), "plan"),
		HeadSHA: "abc123", Log: &log,
	})
	if err != nil {
		r.t.Fatalf("%v\n%s", err, log.String())
	}
	return out
}

func (r *fidelityRoot) comment(out *review.PlanResult) string {
	r.t.Helper()
	b, err := os.ReadFile(out.Dir.File("comment.md"))
	if err != nil {
		r.t.Fatal(err)
	}
	return string(b)
}

// stampRoot has a resource the pull request does not touch whose attribute
// comes from timestamp(), so every plan updates it, and the resource the
// pull request changes.
const stampRoot = `
variable "size" {
  type    = string
  default = "small"
}
resource "terraform_data" "stamp" {
  input = { seen_at = timestamp() }
}
resource "terraform_data" "app" {
  input = var.size
}
`

// Another pull request applied between the review and the merge rewrote the
// untouched resource's timestamp in state: the planned change is the same, and
// so is the fingerprint.
func TestFingerprintKeepsWhenAnotherApplyRewroteATimestampInState(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("applies and plans with real terraform")
	}
	r := newFidelityRoot(t, stampRoot)
	r.apply()
	// The pull request's change: size small → large.
	r.write(strings.Replace(stampRoot, `default = "small"`, `default = "large"`, 1))
	reviewed := r.plan()
	time.Sleep(1100 * time.Millisecond) // timestamp() has a resolution of one second
	// Another PR's apply, touching only the stamp resource's state.
	r.apply("-target=terraform_data.stamp")
	now := r.plan()
	if reviewed.Result.Fingerprint != now.Result.Fingerprint {
		t.Errorf("a timestamp rewritten in the state of a resource whose planned change is the same changed the fingerprint: %.12s then %.12s",
			reviewed.Result.Fingerprint, now.Result.Fingerprint)
	}

	// Control: a real change of the planned change does change it.
	r.write(strings.Replace(stampRoot, `default = "small"`, `default = "xlarge"`, 1))
	if other := r.plan(); other.Result.Fingerprint == now.Result.Fingerprint {
		t.Error("planning size xlarge instead of large kept the fingerprint")
	}
}

// plantimestamp() is the plan's own timestamp: two plans of the same root at
// different times plan the same change.
func TestFingerprintKeepsAcrossPlansUsingPlantimestamp(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("plans twice, a second apart")
	}
	r := newFidelityRoot(t, `
resource "terraform_data" "release" {
  input = { planned_at = plantimestamp(), name = "web" }
}
output "planned_at" {
  value = plantimestamp()
}
`)
	r.apply()
	time.Sleep(1100 * time.Millisecond) // a plan in the second of the apply would have nothing to do
	first := r.plan()
	time.Sleep(1100 * time.Millisecond) // the second plan's timestamp must differ
	second := r.plan()
	if first.Result.Fingerprint != second.Result.Fingerprint {
		t.Errorf("two plans using plantimestamp() a second apart have fingerprints %.12s and %.12s",
			first.Result.Fingerprint, second.Result.Fingerprint)
	}
}

// The object behind an address was recreated by another apply between the
// review and the merge: its computed id in the prior state differs, and the
// plan replaces it the same way (the new id is known only after apply).
func TestFingerprintKeepsWhenAComputedAttributeWasRefreshed(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("slower than 2 s: real terraform, packer or git runs")
	}
	const src = `
variable "release" {
  type    = string
  default = "r1"
}
resource "terraform_data" "web" {
  input            = "web"
  triggers_replace = [var.release]
}
`
	r := newFidelityRoot(t, src)
	r.apply()
	r.write(strings.Replace(src, `"r1"`, `"r2"`, 1))
	reviewed := r.plan()
	r.write(src)
	r.apply("-replace=terraform_data.web") // another run recreates the object: a new id
	r.write(strings.Replace(src, `"r1"`, `"r2"`, 1))
	now := r.plan()
	if reviewed.Result.Fingerprint != now.Result.Fingerprint {
		t.Errorf("a refreshed computed id that the plan replaces anyway changed the fingerprint: %.12s then %.12s",
			reviewed.Result.Fingerprint, now.Result.Fingerprint)
	}
	// Control: replacing because of another release is another change.
	r.write(strings.Replace(src, `"r1"`, `"r3"`, 1))
	if other := r.plan(); other.Result.Fingerprint == now.Result.Fingerprint {
		t.Error("replacing for release r3 instead of r2 kept the fingerprint")
	}
}

// kindsBase is deployed first; each case below changes it with one kind of
// change Terraform plans without adding, changing or destroying anything.
const kindsBase = `
resource "terraform_data" "a" {
  input = "a"
}
resource "terraform_data" "b" {
  input = "b"
}
`

var kindCases = []struct {
	name  string
	edit  func(string) string
	count string // in the counts line
	diff  string // in the resource diff
}{
	{"import", func(s string) string {
		return s + `
import {
  to = terraform_data.imported
  id = "existing-object-17"
}
resource "terraform_data" "imported" {}
`
	}, "**Plan:** 1 to import, 0 to add, 0 to change, 0 to destroy, 0 to replace", "# terraform_data.imported will be imported"},
	{"moved", func(s string) string {
		return strings.Replace(s, `"terraform_data" "a"`, `"terraform_data" "renamed"`, 1) + `
moved {
  from = terraform_data.a
  to   = terraform_data.renamed
}
`
	}, "0 to replace, 1 moved", "# terraform_data.a has moved to terraform_data.renamed"},
	{"forget", func(s string) string {
		return strings.Replace(s, "resource \"terraform_data\" \"b\" {\n  input = \"b\"\n}", `removed {
  from = terraform_data.b
  lifecycle {
    destroy = false
  }
}`, 1)
	}, "0 to replace, 1 to forget", "# terraform_data.b will be removed from state (forget)"},
}

// A plan with only an import, only a move or only a forget is a change: it is
// counted, rendered, and result.json says changes=true.
func TestImportMoveAndForgetAreChanges(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs real terraform plans")
	}
	for _, c := range kindCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := newFidelityRoot(t, kindsBase)
			r.apply()
			r.write(c.edit(kindsBase))
			out := r.plan()
			if !out.Result.Changes {
				t.Errorf("result.json says changes=false for a plan with a %s", c.name)
			}
			body := r.comment(out)
			for _, want := range []string{c.count, c.diff} {
				if !strings.Contains(body, want) {
					t.Errorf("the comment lacks %q:\n%s", want, body)
				}
			}
			if strings.Contains(body, "No changes") {
				t.Errorf("the comment says No changes:\n%s", body)
			}
			if d, ok := plan.ParseDigest(body); !ok || len(d) != 1 {
				t.Errorf("the action digest = %v (found %v), want the one resource", d, ok)
			}
			// Applying the plan leaves nothing to do.
			r.apply()
			if again := r.plan(); again.Result.Changes {
				t.Errorf("after the apply, the plan still has changes: %+v", again.Result.Counts)
			}
		})
	}
}

// comment-plan-on-pr hashes the digest from the redacted plan.json; apply-on-merge
// from the plan it has just made. They agree, sensitive and Vault values included,
// so a refusal names only what differs.
func TestDigestOfPlanJSONIsTheDigestOfThePlan(t *testing.T) {
	t.Parallel()
	const vault = "vault-token-5f1e"
	r := newFidelityRoot(t, `
variable "db_password" {
  type      = string
  sensitive = true
  default   = "hunter2-from-ci-9911"
}
resource "terraform_data" "db" {
  input = { engine = "postgres", password = var.db_password }
}
resource "terraform_data" "agent" {
  input = { token = "`+vault+`", name = "agent" }
}
`)
	var log strings.Builder
	out, err := review.PlanRoot(context.Background(), review.PlanRequest{
		Root: r.dir, Settings: tf.Settings{LockTimeout: 30 * time.Second}, PlanDir: filepath.Join(t.TempDir(), "plan"), Log: &log,
		Scrub: func(s string) string { return strings.ReplaceAll(s, vault, "***") },
	})
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	b, err := os.ReadFile(out.Dir.File("plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if fromJSON := plan.DigestOf(plan.Summarize(p)); len(out.Digest) != 2 || len(fromJSON.Diff(out.Digest)) != 0 {
		t.Errorf("the digest of plan.json differs from the plan's: %+v", fromJSON.Diff(out.Digest))
	}
}
