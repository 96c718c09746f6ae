package deploy

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/google/go-github/v60/github"

	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/git"
)

// deployment is one earlier deployment of this root and workspace.
type deployment struct {
	id    int64
	sha   string
	state string
	p     payload
	// creator made the deployment; statusBy wrote its latest status.
	creator, statusBy string
}

// eachOfRoot calls fn for the deployments of req's root and workspace to its
// environment, newest first, with their latest state.
func eachOfRoot(ctx context.Context, c *gh.Client, req *Request, fn func(deployment) (bool, error)) error {
	return c.EachDeployment(ctx, req.Owner, req.Repo, req.Environment, 0, func(d *github.Deployment) (bool, error) {
		var p payload
		if json.Unmarshal(d.Payload, &p) != nil || p.Root != req.root() || p.Workspace != req.workspace() {
			return true, nil
		}
		st, err := c.LatestDeploymentStatus(ctx, req.Owner, req.Repo, d.GetID())
		if err != nil {
			return false, err
		}
		return fn(deployment{id: d.GetID(), sha: d.GetSHA(), state: st.GetState(), p: p,
			creator: d.GetCreator().GetLogin(), statusBy: st.GetCreator().GetLogin()})
	})
}

// lastGood is the newest known-good deployment of the root at another
// commit than failedSHA; nil when there is none. Anyone with write access
// can create a deployment of any commit and mark it successful, and every
// workflow writes as github-actions[bot], so "success" alone proves
// nothing: a deployment is known good only when knownGood says so. Every
// successful deployment passed over is logged with the reason.
func lastGood(ctx context.Context, c *gh.Client, req *Request, failedSHA string) (*deployment, error) {
	var good *deployment
	err := eachOfRoot(ctx, c, req, func(d deployment) (bool, error) {
		if d.state != gh.StateSuccess || d.sha == failedSHA {
			return true, nil
		}
		why, err := knownGood(ctx, c, req, d)
		if err != nil {
			return false, err
		}
		if why != "" {
			req.logf("Not rolling back to deployment %d of %.12s: %s.", d.id, d.sha, why)
			return true, nil
		}
		good = &d
		return false, nil
	})
	return good, err
}

var fingerprintRE = regexp.MustCompile(`^[0-9a-f]{64}$`)

// knownGood says why successful deployment d is not known-good code ("" when
// it is): it must have been created by the token's own identity, its
// success written by that identity, its payload must carry the fingerprint
// of the plan it applied, and its commit must be on the default branch
// (merged, so reviewed): the check that holds even against a forger who
// writes as github-actions[bot] too.
func knownGood(ctx context.Context, c *gh.Client, req *Request, d deployment) (string, error) {
	me, err := c.Login(ctx)
	if err != nil {
		return "", err
	}
	if ok, _ := c.Ours(ctx, d.creator); !ok {
		return fmt.Sprintf("it was created by %s, not by %s (this token's identity)", loginOr(d.creator, "an unknown user"), me), nil
	}
	if ok, _ := c.Ours(ctx, d.statusBy); !ok {
		return fmt.Sprintf("its success status was written by %s, not by %s", loginOr(d.statusBy, "an unknown user"), me), nil
	}
	if !fingerprintRE.MatchString(d.p.Fingerprint) {
		return "its payload carries no well-formed fingerprint of the plan it applied", nil
	}
	on, why, err := req.onDefaultBranch(ctx, d.sha)
	if err != nil || on {
		return "", err
	}
	return why, nil
}

func loginOr(login, def string) string {
	if login == "" {
		return def
	}
	return login
}

// defaultBranch is the branch whose history is known-good code.
func (r *Request) defaultBranch() string {
	if r.DefaultBranch != "" {
		return r.DefaultBranch
	}
	return r.BaseRef
}

// onDefaultBranch reports whether sha is an ancestor of (or is) the tip of
// the default branch in the checkout (`git merge-base --is-ancestor`),
// fetching the branch's history once when the checkout lacks it (a shallow
// clone); when it is not, why says so.
func (r *Request) onDefaultBranch(ctx context.Context, sha string) (bool, string, error) {
	branch := r.defaultBranch()
	if branch == "" || strings.HasPrefix(branch, "-") {
		return false, "the default branch is unknown (the event carries no repository), so no commit can be shown to be merged", nil
	}
	for {
		ref := r.branchRef(ctx, branch)
		complete := ref != "" && !r.shallow(ctx) // the whole history of the branch is here
		if ref != "" {
			merged, err := git.IsAncestor(ctx, r.Checkout, sha, ref)
			switch {
			case merged:
				return true, "", nil
			case complete || (err == nil && r.fetchedDefault):
				return false, fmt.Sprintf("commit %.12s is not on the default branch %s (not merged)", sha, branch), nil
			}
		}
		if r.fetchedDefault {
			return false, fmt.Sprintf("commit %.12s is not in the history of the default branch %s", sha, branch), nil
		}
		r.fetchedDefault = true
		if err := r.fetchDefault(ctx, branch); err != nil {
			return false, err.Error(), nil
		}
	}
}

// branchRef is the checkout's ref of branch: origin's when present (what
// actions/checkout fetched), else the local branch; "" when neither exists.
func (r *Request) branchRef(ctx context.Context, branch string) string {
	for _, ref := range []string{"refs/remotes/origin/" + branch, "refs/heads/" + branch} {
		if git.Run(ctx, r.Checkout, "rev-parse", "--verify", "--quiet", ref+"^{commit}") == nil {
			return ref
		}
	}
	return ""
}

func (r *Request) shallow(ctx context.Context) bool {
	out, err := git.Line(ctx, r.Checkout, "rev-parse", "--is-shallow-repository")
	return err == nil && out == "true"
}

// fetchDefault fetches the whole history of branch from origin.
func (r *Request) fetchDefault(ctx context.Context, branch string) error {
	args := []string{"fetch", "--no-tags"}
	if r.shallow(ctx) {
		args = append(args, "--unshallow")
	}
	args = append(args, "origin", "+refs/heads/"+branch+":refs/remotes/origin/"+branch)
	r.logf("Fetching the history of %s to check which deployments are of merged commits", branch)
	if out, err := git.Command(ctx, r.Checkout, args...).CombinedOutput(); err != nil {
		return fmt.Errorf("cannot tell merged commits from unmerged ones: git fetch of the default branch %s failed (use actions/checkout with fetch-depth: 0): %v: %s",
			branch, err, strings.TrimSpace(string(out)))
	}
	return nil
}
