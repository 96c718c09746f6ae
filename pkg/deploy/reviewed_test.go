package deploy_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/repave-dev/repave/pkg/deploy"
	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/review"
)

// as is a client of the stand-in authenticated as login (a collaborator).
func (w *world) as(login, tok string) *gh.Client {
	w.t.Helper()
	w.srv.AddToken(tok, login)
	c, err := gh.New(gh.Options{Token: tok, APIURL: w.srv.URL, Sleep: func(context.Context, time.Duration) error { return nil }})
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

// sticky returns the id and body of the bot's plan comment on pr.
func (w *world) sticky(pr int) (int64, string) {
	for _, c := range w.srv.Comments(owner, repo, pr) {
		if strings.HasPrefix(c.GetBody(), "<!-- repave:plan") && c.GetUser().GetLogin() == bot {
			return c.GetID(), c.GetBody()
		}
	}
	w.t.Fatalf("no plan comment on #%d", pr)
	return 0, ""
}

// refused checks that nothing was applied nor recorded, and that err says want.
func (w *world) refused(before int, res *deploy.Result, err error, log string, want ...string) {
	w.t.Helper()
	if err == nil {
		w.t.Fatalf("want a refusal, got none\n%s", log)
	}
	for _, s := range want {
		if !strings.Contains(err.Error(), s) {
			w.t.Errorf("error does not say %q:\n%v", s, err)
		}
	}
	if n := len(w.srv.Deployments(owner, repo)); res.Applied || n != before {
		w.t.Errorf("nothing may be applied or recorded: %+v, %d deployments, want %d", res, n, before)
	}
}

const withSecret = `
variable "db_password" {
  type      = string
  sensitive = true
  default   = "first-secret"
}

resource "terraform_data" "db" {
  input = var.db_password
}
`

func TestCommitPushedAfterThePlanIsRefused(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.commit("a database", func(s string) string { return s + withSecret })
	pr := w.review() // the plan reviewers saw, of this head
	// A commit pushed to the PR after the plan: only the sensitive value
	// changes, so the plan's fingerprint is the same.
	head := w.commit("another password", func(s string) string {
		return strings.Replace(s, `"first-secret"`, `"second-secret"`, 1)
	})
	w.srv.AddPull(owner, repo, ghtest.PullRequest{Number: pr, HeadSHA: head, Merged: true, MergeCommitSHA: head})
	res, log, err := w.deploy(head)
	w.refused(0, res, err, log, "head moved", head[:12], "re-run")
	if _, body := w.sticky(pr); !strings.Contains(body, "Not applied") {
		t.Errorf("the comment should say it was not applied:\n%.400s", body)
	}
}

// destroyReviewed deploys two instances, then reviews a change that destroys
// one; it returns the PR and the merge commit.
func destroyReviewed(w *world) (int, string) {
	w.review()
	if _, log, err := w.deploy(w.git("rev-parse", "HEAD")); err != nil {
		w.t.Fatalf("%v\n%s", err, log)
	}
	sha := w.commit("one instance fewer", func(s string) string {
		return strings.Replace(s, "count            = 2", "count            = 1", 1)
	})
	return w.review(), sha
}

func withoutDestroyTable(body string) string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		if strings.Contains(l, "destroyed or replaced") || strings.HasPrefix(l, "| ") || strings.HasPrefix(l, "|---") {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

func TestEditedCommentIsRefused(t *testing.T) {
	t.Parallel()
	for _, who := range []struct{ name, login, token string }{
		{"by another collaborator", "mallory", "ghp_malloryToken"},
		{"by another workflow writing as the same bot", bot, "ghs_otherWorkflowToken0000000000000"},
	} {
		t.Run(who.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			pr, sha := destroyReviewed(w)
			id, body := w.sticky(pr)
			edited := withoutDestroyTable(body)
			if edited == body {
				t.Fatalf("the reviewed comment has no destroy table:\n%s", body)
			}
			if _, err := w.as(who.login, who.token).EditComment(context.Background(), owner, repo, pr, id, edited); err != nil {
				t.Fatal(err)
			}
			res, log, err := w.deploy(sha)
			w.refused(1, res, err, log, "edited", "line 8:", `comment:  ""`, "#### ⚠️ 1 resource will be destroyed or replaced")
			var ce *review.CommentEditedError
			if !errors.As(err, &ce) {
				t.Errorf("want a CommentEditedError, got %T", err)
			}
		})
	}
}

func TestEditedMarkerFingerprintIsRefused(t *testing.T) {
	t.Parallel()
	t.Run("to anything", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t)
		pr, sha := destroyReviewed(w)
		id, body := w.sticky(pr)
		i := strings.Index(body, "fingerprint=") + len("fingerprint=")
		edited := body[:i] + "0000" + body[i+4:]
		if _, err := w.as("mallory", "ghp_malloryToken").EditComment(context.Background(), owner, repo, pr, id, edited); err != nil {
			t.Fatal(err)
		}
		res, log, err := w.deploy(sha)
		w.refused(1, res, err, log, "not applied")
	})
	// main moved on between review and merge (the merge commit brings img-2);
	// someone plans the merge commit and writes its fingerprint into the
	// marker, so that the fingerprints agree. The comment still shows img-1.
	t.Run("to the fingerprint of the merged plan", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t)
		reviewed := w.git("rev-parse", "HEAD")
		pr := w.review()
		merge := w.commit("img-2 on main", image("img-2"))
		w.srv.AddPull(owner, repo, ghtest.PullRequest{Number: pr, HeadSHA: reviewed, Merged: true, MergeCommitSHA: merge})
		p := w.planRequest()
		out, err := review.PlanRoot(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		id, body := w.sticky(pr)
		m, _ := plan.ParseMarker(body)
		edited := strings.Replace(body, "fingerprint="+m.Fingerprint, "fingerprint="+out.Result.Fingerprint, 1)
		if edited == body || m.Fingerprint == out.Result.Fingerprint {
			t.Fatal("the test needs a plan that changed")
		}
		if _, err := w.as("mallory", "ghp_malloryToken").EditComment(context.Background(), owner, repo, pr, id, edited); err != nil {
			t.Fatal(err)
		}
		res, log, err := w.deploy(merge)
		w.refused(0, res, err, log, "was edited, or the plan renders differently", "img-1")
		var ce *review.CommentEditedError
		if !errors.As(err, &ce) {
			t.Errorf("want a CommentEditedError, got %T", err)
		}
	})
}

func TestUneditedCommentWithStatusLinesIsApplied(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	pr, sha := destroyReviewed(w)
	id, body := w.sticky(pr)
	// An earlier run of apply-on-merge left a status line (e.g. a lock timeout).
	status := strings.Replace(body, "\n", "\n> <!-- repave:status --> **Failed**: lock timeout.\n\n", 1)
	if _, err := w.gh.EditComment(context.Background(), owner, repo, pr, id, status); err != nil {
		t.Fatal(err)
	}
	res, log, err := w.deploy(sha)
	if err != nil || !res.Applied {
		t.Fatalf("%+v %v\n%s", res, err, log)
	}
}

func TestRequireApproval(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		reviews func(head, older string) []ghtest.Review
		want    string // "" means applied
	}{
		{"no approval", func(head, older string) []ghtest.Review { return nil }, "no approving review"},
		{"self approval", func(head, older string) []ghtest.Review {
			return []ghtest.Review{{User: "octocat", State: "APPROVED", CommitID: head}}
		}, "octocat is the author"},
		{"approval of an older commit", func(head, older string) []ghtest.Review {
			return []ghtest.Review{{User: "alice", State: "APPROVED", CommitID: older}}
		}, "an older commit"},
		{"approval then changes requested", func(head, older string) []ghtest.Review {
			return []ghtest.Review{{User: "alice", State: "APPROVED", CommitID: head}, {User: "alice", State: "CHANGES_REQUESTED", CommitID: head}}
		}, "alice requested changes after approving"},
		{"dismissed approval", func(head, older string) []ghtest.Review {
			return []ghtest.Review{{User: "alice", State: "DISMISSED", CommitID: head}}
		}, "alice's review was dismissed"},
		{"approval by the comment's own bot", func(head, older string) []ghtest.Review {
			return []ghtest.Review{{User: bot, State: "APPROVED", CommitID: head}}
		}, "no approving review"},
		{"valid approval", func(head, older string) []ghtest.Review {
			return []ghtest.Review{{User: "bob", State: "CHANGES_REQUESTED", CommitID: older}, {User: "alice", State: "APPROVED", CommitID: head}, {User: "alice", State: "COMMENTED", CommitID: head}}
		}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			older := w.git("rev-parse", "HEAD")
			head := w.commit("img-2", image("img-2"))
			pr := w.review() // author octocat
			for _, r := range c.reviews(head, older) {
				w.srv.AddReview(owner, repo, pr, r)
			}
			res, log, err := w.deploy(head, func(r *deploy.Request) { r.Review.RequireApproval = true })
			if c.want == "" {
				if err != nil || !res.Applied {
					t.Fatalf("want applied: %+v %v\n%s", res, err, log)
				}
				return
			}
			w.refused(0, res, err, log, "no approving review", c.want, head[:12])
		})
	}
}

func TestPullRequestFoundWhenGitHubLinksItLate(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	pr := w.review()
	sha := w.git("rev-parse", "HEAD")
	w.srv.LagCommitPulls(owner, repo, sha, 2) // empty for the first 2 polls
	res, log, err := w.deploy(sha)
	if err != nil || !res.Applied || res.PR != pr {
		t.Fatalf("want applied as the merge of #%d: %+v %v\n%s", pr, res, err, log)
	}
}
