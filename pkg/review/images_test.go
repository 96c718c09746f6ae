package review_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
	"github.com/repave-dev/repave/pkg/images"
	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/tf"
)

var baked = time.Date(2026, 11, 24, 6, 50, 0, 0, time.UTC)

// registry writes images/web.json in the working directory (the checkout):
// 1.3.2 is img-old, 1.4.0 is img-new; prod points at prodVersion.
func registry(t *testing.T, prodVersion string) {
	t.Helper()
	reg, err := images.Load("images", "web")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []images.Version{
		{Version: "1.3.2", GitSHA: "6dcb09b5b57875f334f61aebed695e2e4193db5e", BuiltAt: baked, Artifacts: map[string]string{"file": "img-old"}},
		{Version: "1.4.0", GitSHA: "a10867b14bb761a232cd80139fbd4c0d33264240", BuiltAt: baked, Artifacts: map[string]string{"file": "img-new"}},
	} {
		if reg.Find(v.Version) == nil {
			if err := reg.Add(v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := reg.Promote("prod", prodVersion); err != nil {
		t.Fatal(err)
	}
	if err := reg.Save(); err != nil {
		t.Fatal(err)
	}
}

func planImages(t *testing.T, r *root, req review.ImageRequest, vars ...tf.Var) (*review.PlanResult, error) {
	t.Helper()
	return review.PlanRoot(context.Background(), review.PlanRequest{
		Root: r.dir, Settings: tf.Settings{Vars: vars, LockTimeout: 30 * time.Second}, Images: req,
		PlanDir: filepath.Join(t.TempDir(), "plan"), HeadSHA: "abc123",
	})
}

// Serial: outside git the registry is read from the working directory (t.Chdir).
func TestPlanResolvesImagesAndShowsWhatTheyReplace(t *testing.T) {
	r := newRoot(t)
	t.Chdir(t.TempDir())
	r.apply("image_id=img-old")
	registry(t, "1.4.0")

	ref, _ := images.ParseRef("web@prod")
	out, err := planImages(t, r, review.ImageRequest{Refs: []images.Ref{ref}})
	if err != nil {
		t.Fatal(err)
	}
	if out.Result.Counts.Replace == 0 {
		t.Fatalf("moving prod to img-new should replace the web instances: %+v", out.Result.Counts)
	}
	comment, _ := os.ReadFile(out.Dir.File("comment.md"))
	row := strings.Contains(string(comment), "| `web@prod` | `image_id` | `1.3.2` → `1.4.0` | `img-old` → `img-new` | `a10867b` | `terraform_data.web")
	if !row {
		t.Errorf("comment lacks the image row:\n%s", comment)
	}
}

// Serial: outside git the registry is read from the working directory (t.Chdir).
func TestPlanImagesFromTheBaseBranch(t *testing.T) {
	r := newRoot(t)
	repo := t.TempDir()
	t.Chdir(repo)
	r.apply("image_id=img-old")
	git := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q", "-b", "main")
	registry(t, "1.3.2")
	git("add", "-A")
	git("commit", "-qm", "prod at 1.3.2")
	git("checkout", "-qb", "promote")
	registry(t, "1.4.0")

	ref, _ := images.ParseRef("web@prod=image_id")
	out, err := planImages(t, r, review.ImageRequest{Refs: []images.Ref{ref}, BaseRevision: "main"})
	if err != nil {
		t.Fatal(err)
	}
	comment, _ := os.ReadFile(out.Dir.File("comment.md"))
	if !strings.Contains(string(comment), "`1.3.2` → `1.4.0`") {
		t.Errorf("comment:\n%s", comment)
	}
}

// Serial: outside git the registry is read from the working directory (t.Chdir).
func TestPlanImagesErrors(t *testing.T) {
	r := newRoot(t)
	t.Chdir(t.TempDir())
	registry(t, "1.4.0")
	reg, _ := images.Load("images", "web")
	_ = reg.Revoke("1.4.0")
	_ = reg.Save()
	cases := map[string]struct {
		ref  string
		vars []tf.Var
		want string
	}{
		"unknown bucket":  {"db@prod", nil, "there is no registry file images/db.json for bucket db"},
		"unknown channel": {"web@staging", nil, `bucket web has no channel "staging" in images/web.json`},
		"revoked":         {"web@prod", nil, "image web@prod: version 1.4.0 is revoked in images/web.json"},
		"set twice":       {"web@prod", []tf.Var{image("img-x")}, "variable image_id is set twice, by vars and by image web@prod"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) { // one after another: the cases plan the one root
			ref, err := images.ParseRef(c.ref)
			if err != nil {
				t.Fatal(err)
			}
			_, err = planImages(t, r, review.ImageRequest{Refs: []images.Ref{ref}}, c.vars...)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
}

// Serial: outside git the registry is read from the working directory (t.Chdir).
func TestCommentKeepsTheImagesSection(t *testing.T) {
	r := newRoot(t)
	t.Chdir(t.TempDir())
	r.apply("image_id=img-old")
	registry(t, "1.4.0")
	ref, _ := images.ParseRef("web@prod")
	out, err := planImages(t, r, review.ImageRequest{Refs: []images.Ref{ref}})
	if err != nil {
		t.Fatal(err)
	}
	srv := ghtest.New(t)
	srv.AddToken("ghs_review", gh.ActionsBot)
	srv.AddPull("acme", "infra", ghtest.PullRequest{Number: 3, HeadSHA: out.Result.HeadSHA})
	client, err := gh.New(gh.Options{Token: "ghs_review", APIURL: srv.URL, HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	c, err := review.Comment(context.Background(), client, review.CommentRequest{PlanDir: out.Dir.Path, Owner: "acme", Repo: "infra", PR: 3})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.GetBody(), "| `web@prod` | `image_id` | `1.3.2` → `1.4.0` | `img-old` → `img-new` |") {
		t.Errorf("the posted comment lacks the Images row:\n%s", c.GetBody())
	}
}
