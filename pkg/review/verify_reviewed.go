package review

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/google/go-github/v60/github"

	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/plandir"
)

// Binding is what, beyond the comment and the fingerprint, an apply must be
// bound to.
type Binding struct {
	// RequireApproval: the pull request needs an approving review of its
	// final head by someone other than its author.
	RequireApproval bool
}

// Reviewed is what reviewers saw of a merged pull request: the pull request
// as GitHub has it now (its final head), and the sticky plan comment of the
// root, found among the comments of the client's identity. PR is nil for a
// commit that no pull request brought; Comment is nil when the pull request
// has no plan comment of the root.
type Reviewed struct {
	Owner, Repo string
	PR          *github.PullRequest
	Comment     *github.IssueComment
	Marker      plan.Marker
}

// Number is the pull request's number, 0 without one.
func (r *Reviewed) Number() int { return r.PR.GetNumber() }

// FindReviewed finds the pull request merged into base as sha and its sticky
// comment for target's root and workspace.
func FindReviewed(ctx context.Context, c *gh.Client, owner, repo, sha, base string, target plan.Marker) (*Reviewed, error) {
	r := &Reviewed{Owner: owner, Repo: repo}
	pr, err := c.MergedPullRequest(ctx, owner, repo, sha, base)
	if err != nil || pr == nil {
		return r, err
	}
	r.PR = pr
	cm, err := c.FindComment(ctx, owner, repo, pr.GetNumber(), func(body string) bool {
		m, ok := plan.ParseMarker(body)
		return ok && m.SameTarget(target)
	})
	if err != nil || cm == nil {
		return r, err
	}
	r.Comment = cm
	r.Marker, _ = plan.ParseMarker(cm.GetBody())
	return r, nil
}

// HeadMovedError: commits were pushed to the pull request after the plan its
// comment shows, so nobody saw a plan of what was merged.
type HeadMovedError struct {
	PR               int
	Reviewed, Merged string // the marker's sha, the pull request's final head
}

func (e *HeadMovedError) Error() string {
	return fmt.Sprintf("not applied: the head moved after the last plan: pull request #%d was merged at head %.12s, but its plan comment shows the plan of %.12s, so nobody saw a plan of the commits pushed since. "+
		"Re-run the pull request's plan workflow for its final head %.12s (the comment then shows that plan), have it reviewed, then re-run this job.",
		e.PR, e.Merged, e.Reviewed, e.Merged)
}

// CheckHead requires the pull request's final head (from the pull request,
// not the merge commit) to be the commit the comment's plan is of.
func (r *Reviewed) CheckHead() error {
	head := r.PR.GetHead().GetSHA()
	if head == "" || head != r.Marker.SHA {
		return &HeadMovedError{PR: r.Number(), Reviewed: r.Marker.SHA, Merged: head}
	}
	return nil
}

// ApprovalError: require-approval is on and no approval of the final head
// by anyone but the author counts.
type ApprovalError struct {
	PR           int
	Head, Author string
	Stale        []string // reviewers whose approval does not count, and why
}

func (e *ApprovalError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "not applied: require-approval is on, and pull request #%d has no approving review of its final head %.12s by someone other than its author %s", e.PR, e.Head, e.Author)
	if len(e.Stale) > 0 {
		b.WriteString(" (" + strings.Join(e.Stale, "; ") + ")")
	}
	b.WriteString(". Have a reviewer approve that commit, then re-run this job; or set `require-approval: false`.")
	return b.String()
}

// CheckApproval requires an approving review whose commit is the final head,
// by someone other than the pull request's author and other than identity
// (the login repave writes as: any workflow can write as it). A reviewer's
// later "changes requested" cancels their approval, and a dismissed approval
// is no approval (GitHub turns it into state DISMISSED); comments leave it.
func (r *Reviewed) CheckApproval(ctx context.Context, c *gh.Client, identity string) error {
	head, author := r.PR.GetHead().GetSHA(), r.PR.GetUser().GetLogin()
	reviews, err := c.Reviews(ctx, r.Owner, r.Repo, r.Number())
	if err != nil {
		return err
	}
	approved := map[string]string{} // lower-case login -> approved commit
	names := map[string]string{}
	cancelled := map[string]string{} // lower-case login -> why their approval no longer counts
	for _, rv := range reviews {
		login := rv.GetUser().GetLogin()
		key := strings.ToLower(login)
		names[key] = login
		switch rv.GetState() {
		case "APPROVED":
			approved[key] = rv.GetCommitID()
			delete(cancelled, key)
		case "CHANGES_REQUESTED":
			if _, ok := approved[key]; ok {
				cancelled[key] = login + " requested changes after approving"
			}
			delete(approved, key)
		case "DISMISSED":
			cancelled[key] = login + "'s review was dismissed"
			delete(approved, key)
		}
	}
	e := &ApprovalError{PR: r.Number(), Head: head, Author: author}
	for _, why := range cancelled {
		e.Stale = append(e.Stale, why)
	}
	for key, commit := range approved {
		login := names[key]
		switch {
		case strings.EqualFold(login, author):
			e.Stale = append(e.Stale, login+" is the author")
		case strings.EqualFold(login, identity) || strings.EqualFold(login, gh.ActionsBot):
			e.Stale = append(e.Stale, login+" is the automation's own identity")
		case commit != head:
			e.Stale = append(e.Stale, fmt.Sprintf("%s approved %.12s, an older commit", login, commit))
		default:
			return nil
		}
	}
	sort.Strings(e.Stale)
	return e
}

// CommentEditedError: the posted comment is not what repave renders for the
// plan about to be applied.
type CommentEditedError struct {
	PR   int
	URL  string
	Diff LineDiff
}

func (e *CommentEditedError) Error() string {
	return fmt.Sprintf("not applied: the plan comment on pull request #%d (%s) was edited, or the plan renders differently now: it is not what repave renders for the plan about to be applied. "+
		"First difference, line %d:\n  comment:  %s\n  rendered: %s\n"+
		"Re-run the pull request's plan workflow so the comment shows this plan again, have it reviewed, then re-run this job.",
		e.PR, e.URL, e.Diff.Line, quoteLine(e.Diff.Posted, e.Diff.PostedEnd), quoteLine(e.Diff.Rendered, e.Diff.RenderedEnd))
}

// CheckRendered requires the comment, outside its status line, to be byte
// for byte what repave renders, with the comment's marker, for the plan in
// dir (the plan about to be applied), the plan's own timestamp aside
// (withPostedTimestamp). scrub is applied to the rendering and to the texts
// of the error.
func (r *Reviewed) CheckRendered(dir plandir.Dir, scrub func(string) string) error {
	bodies, err := renderings(dir, r.Marker, scrub)
	if err != nil {
		return err
	}
	p, err := readPlan(dir)
	if err != nil {
		return err
	}
	posted := r.Comment.GetBody()
	var closest *LineDiff
	best := -1
	for _, b := range bodies {
		d := FirstDifference(posted, b)
		if again, ok := withPostedTimestamp(d, b, p.Timestamp); ok {
			d = FirstDifference(posted, again)
		}
		if d == nil {
			return nil
		}
		if gap := abs(len(b) - len(WithoutStatus(posted))); best < 0 || gap < best {
			best, closest = gap, d
		}
	}
	if scrub != nil {
		closest.Posted, closest.Rendered = scrub(closest.Posted), scrub(closest.Rendered)
	}
	return &CommentEditedError{PR: r.Number(), URL: r.Comment.GetHTMLURL(), Diff: *closest}
}

// SetStatus writes status as the comment's status line.
func (r *Reviewed) SetStatus(ctx context.Context, c *gh.Client, status string) error {
	if r.Comment == nil {
		return nil
	}
	cm, err := c.EditComment(ctx, r.Owner, r.Repo, r.Number(), r.Comment.GetID(), WithStatus(r.Comment.GetBody(), status))
	if err == nil {
		r.Comment = cm
	}
	return err
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
