package deploy_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/repave-dev/repave/pkg/deploy"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
	"github.com/repave-dev/repave/pkg/images"
	"github.com/repave-dev/repave/pkg/review"
)

var webProd, _ = images.ParseRef("web@prod=image_id")

// setRegistry writes images/web.json in the repository: versions 1.0.0,
// 1.1.0 and 1.2.0 (img-1, img-2, img-3), prod at prod, revoked ones marked,
// and commits it.
func (w *world) setRegistry(prod string, revoked ...string) string {
	w.t.Helper()
	reg, err := images.Load(filepath.Join(w.repo, "images"), "web")
	if err != nil {
		w.t.Fatal(err)
	}
	built := time.Date(2026, 11, 24, 6, 50, 0, 0, time.UTC)
	for i, v := range []string{"1.0.0", "1.1.0", "1.2.0"} {
		if reg.Find(v) == nil {
			if err := reg.Add(images.Version{Version: v, GitSHA: strings.Repeat(string(rune('a'+i)), 40), BuiltAt: built,
				Artifacts: map[string]string{"file": "img-" + string(rune('1'+i))}}); err != nil {
				w.t.Fatal(err)
			}
		}
	}
	if _, err := reg.Promote("prod", prod); err != nil {
		w.t.Fatal(err)
	}
	for _, v := range revoked {
		_ = reg.Revoke(v)
	}
	if err := reg.Save(); err != nil {
		w.t.Fatal(err)
	}
	w.git("add", "-A")
	w.git("commit", "-qm", "registry: prod at "+prod)
	return w.git("rev-parse", "HEAD")
}

// reviewImages plans the checkout with the image references as a PR would,
// posts the sticky comment and merges the PR as HEAD (world.review with
// images).
func (w *world) reviewImages() int {
	w.t.Helper()
	ctx := context.Background()
	pr := w.nextPR
	w.nextPR++
	head := w.git("rev-parse", "HEAD")
	p := w.planRequest()
	p.HeadSHA, p.Images = head, review.ImageRequest{Refs: []images.Ref{webProd}}
	if _, err := review.PlanRoot(ctx, p); err != nil {
		w.t.Fatal(err)
	}
	w.srv.AddPull(owner, repo, ghtest.PullRequest{Number: pr, HeadSHA: head})
	if _, err := review.Comment(ctx, w.gh, review.CommentRequest{PlanDir: p.PlanDir, Owner: owner, Repo: repo, PR: pr}); err != nil {
		w.t.Fatal(err)
	}
	w.srv.AddPull(owner, repo, ghtest.PullRequest{Number: pr, HeadSHA: head, Merged: true, MergeCommitSHA: head})
	return pr
}

func withImages(r *deploy.Request) { r.Plan.Images = review.ImageRequest{Refs: []images.Ref{webProd}} }

// promoted is a world whose prod (1.0.0, img-1) is deployed from the
// registry, with the promotion to 1.1.0 (img-2) reviewed on a PR; it returns
// the PR.
func promoted(t *testing.T) (*world, int, string) {
	w := newWorld(t)
	w.setRegistry("1.0.0")
	w.reviewImages()
	if _, log, err := w.deploy(w.git("rev-parse", "HEAD"), withImages); err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	head := w.setRegistry("1.1.0")
	return w, w.reviewImages(), head
}

func imagesSection(body string) string {
	i := strings.Index(body, "#### Images")
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "\n\n")
	k := strings.Index(body[i+j+2:], "\n\n")
	return body[i : i+j+2+k]
}

func TestPromotionIsAppliedWithTheReviewedImage(t *testing.T) {
	t.Parallel()
	w, pr, _ := promoted(t)
	sha := w.git("rev-parse", "HEAD")
	var planDir string
	res, log, err := w.deploy(sha, withImages, func(r *deploy.Request) { planDir = r.Plan.PlanDir })
	if err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	if !res.Applied || !strings.Contains(string(res.Outputs["health_check_urls"]), "/img-2") {
		t.Fatalf("result = %+v, outputs %s\n%s", res, res.Outputs, log)
	}
	reviewed := imagesSection(w.stickyBody(pr))
	if !strings.Contains(reviewed, "| `web@prod` | `image_id` | `1.0.0` → `1.1.0` | `img-1` → `img-2` |") ||
		!strings.Contains(reviewed, "`terraform_data.web[0]`, `terraform_data.web[1]`") {
		t.Errorf("reviewed Images section:\n%s", reviewed)
	}
	// The apply renders the Images section from the same data, so the
	// comment it renders again matches what reviewers saw.
	applied, err := os.ReadFile(filepath.Join(planDir, "comment.md"))
	if err != nil {
		t.Fatal(err)
	}
	if got := imagesSection(string(applied)); got != reviewed {
		t.Errorf("apply-time Images section differs from the reviewed one:\n%s\nreviewed:\n%s", got, reviewed)
	}
}

func TestImageChangedSinceReviewIsRefused(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		prod    string
		revoked []string
		want    []string
	}{
		"channel moved":               {"1.2.0", nil, []string{"web@prod", "variable image_id", "reviewed version 1.1.0 (img-2)", "now 1.2.0 (img-3)", "pull request #2"}},
		"version revoked":             {"1.1.0", []string{"1.1.0"}, []string{"web@prod", "variable image_id", "reviewed version 1.1.0 (img-2)", "revoked", "pull request #2"}},
		"revoked, channel moved back": {"1.0.0", []string{"1.1.0"}, []string{"web@prod", "variable image_id", "reviewed version 1.1.0 (img-2)", "revoked", "the channel now points at 1.0.0 (img-1)"}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			// The PR was merged at its reviewed head; main moved on before the
			// merge (a channel move or a revocation merged first).
			w, pr, head := promoted(t)
			sha := w.setRegistry(c.prod, c.revoked...)
			w.srv.AddPull(owner, repo, ghtest.PullRequest{Number: pr, HeadSHA: head, Merged: true, MergeCommitSHA: sha})
			res, log, err := w.deploy(sha, withImages)
			var ic *review.ImageChangedError
			if !errors.As(err, &ic) {
				t.Fatalf("want ImageChangedError, got %v\n%s", err, log)
			}
			for _, want := range c.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error lacks %q:\n%v", want, err)
				}
			}
			if res.Applied || len(w.srv.Deployments(owner, repo)) != 1 {
				t.Errorf("nothing may be applied or recorded: %+v, %v", res, w.states())
			}
			if body := w.stickyBody(pr); !strings.Contains(body, "Not applied: image changed") {
				t.Errorf("the PR comment should say not applied:\n%.800s", body)
			}
		})
	}
}

func TestApplyWithoutTheReviewedImagesSaysWhich(t *testing.T) {
	t.Parallel()
	w, _, _ := promoted(t)
	_, log, err := w.deploy(w.git("rev-parse", "HEAD"))
	if err == nil || !strings.Contains(err.Error(), "web@prod") || !strings.Contains(err.Error(), "images input") {
		t.Fatalf("err = %v, want one naming web@prod and the images input\n%s", err, log)
	}
	if len(w.srv.Deployments(owner, repo)) != 1 {
		t.Errorf("deployments: %v", w.states())
	}
}

// A rollback re-deploys the good commit with that commit's registry: the
// image it ran, not the one that just failed.
func TestRollbackDeploysTheImageOfTheGoodCommit(t *testing.T) {
	t.Parallel()
	w, _, _ := promoted(t)
	w.setHealth("img-2", http.StatusServiceUnavailable)
	res, log, err := w.deploy(w.git("rev-parse", "HEAD"), withImages)
	var rv *deploy.RevertedError
	if !errors.As(err, &rv) || !res.Reverted {
		t.Fatalf("want a rollback, got %v\n%s", err, log)
	}
	if !strings.Contains(string(res.Outputs["health_check_urls"]), "/img-1") {
		t.Errorf("after the rollback the root should run img-1 again: outputs %s\n%s", res.Outputs, log)
	}
}

func TestImageChangedErrorText(t *testing.T) {
	t.Parallel()
	e := &review.ImageChangedError{Image: "web@prod", Variable: "image_id", Reviewed: "1.1.0", ReviewedID: "img-2", Now: "1.2.0", NowID: "img-3", File: "images/web.json", PR: 2}
	want := "not applied: image web@prod (variable image_id): reviewed version 1.1.0 (img-2) on pull request #2, now 1.2.0 (img-3) in images/web.json: the channel moved since the plan was reviewed."
	if !strings.HasPrefix(e.Error(), want) {
		t.Errorf("error:\n%s\nwant it to start with:\n%s", e, want)
	}
}
