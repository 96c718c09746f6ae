package gh

import (
	"context"
	"fmt"

	"github.com/google/go-github/v60/github"
)

// Deployment states repave sets.
const (
	StateInProgress = "in_progress"
	StateSuccess    = "success"
	StateFailure    = "failure"
	StateInactive   = "inactive"
)

// NewDeployment describes a deployment to record.
type NewDeployment struct {
	SHA, Environment, Description string
	Payload                       map[string]any
}

func deploymentSubject(owner, repo string, write bool) subject {
	return subject{kind: "deployment", owner: owner, repo: repo, write: write, perm: "deployments"}
}

// CreateDeployment records a deployment of SHA to Environment. It never waits
// on commit status checks (required_contexts is empty) and never merges.
func (c *Client) CreateDeployment(ctx context.Context, owner, repo string, d NewDeployment) (*github.Deployment, error) {
	req := &github.DeploymentRequest{
		Ref:              github.String(d.SHA),
		Task:             github.String("deploy"),
		AutoMerge:        github.Bool(false),
		RequiredContexts: &[]string{},
		Payload:          d.Payload,
		Environment:      github.String(d.Environment),
		Description:      github.String(cut(d.Description, 140)),
	}
	dep, _, err := c.GH.Repositories.CreateDeployment(ctx, owner, repo, req)
	if err != nil {
		return nil, c.wrap(fmt.Sprintf("create a deployment of %.12s to %s in %s/%s", d.SHA, d.Environment, owner, repo),
			deploymentSubject(owner, repo, true), err)
	}
	return dep, nil
}

// SetDeploymentStatus adds a status to deployment id. logURL links the run;
// the description is cut to GitHub's 140 characters.
func (c *Client) SetDeploymentStatus(ctx context.Context, owner, repo string, id int64, state, description, logURL string) error {
	req := &github.DeploymentStatusRequest{
		State:        github.String(state),
		Description:  github.String(cut(description, 140)),
		LogURL:       github.String(logURL),
		AutoInactive: github.Bool(false), // repave marks superseded deployments of the same root itself
	}
	_, _, err := c.GH.Repositories.CreateDeploymentStatus(ctx, owner, repo, id, req)
	if err != nil {
		return c.wrap(fmt.Sprintf("set deployment %d to %s in %s/%s", id, state, owner, repo),
			deploymentSubject(owner, repo, true), err)
	}
	return nil
}

// DeploymentState returns the latest status of deployment id ("" for none).
func (c *Client) DeploymentState(ctx context.Context, owner, repo string, id int64) (string, error) {
	st, err := c.LatestDeploymentStatus(ctx, owner, repo, id)
	return st.GetState(), err
}

// LatestDeploymentStatus returns the newest status of deployment id, with the
// login that wrote it (creator); nil when it has none. Anyone with write
// access can add a status to any deployment: check its creator before
// trusting it.
func (c *Client) LatestDeploymentStatus(ctx context.Context, owner, repo string, id int64) (*github.DeploymentStatus, error) {
	sts, _, err := c.GH.Repositories.ListDeploymentStatuses(ctx, owner, repo, id, &github.ListOptions{PerPage: 1})
	if err != nil {
		return nil, c.wrap(fmt.Sprintf("read the status of deployment %d in %s/%s", id, owner, repo),
			deploymentSubject(owner, repo, false), err)
	}
	if len(sts) == 0 {
		return nil, nil
	}
	return sts[0], nil
}

// Ours reports whether login is the token's own identity (Login), compared
// as GitHub compares logins: case-insensitively.
func (c *Client) Ours(ctx context.Context, login string) (bool, error) {
	me, err := c.Login(ctx)
	if err != nil {
		return false, err
	}
	return login != "" && sameLogin(login, me), nil
}

// EachDeployment calls fn for the deployments to environment, newest first,
// until fn returns false. At most limit deployments are read (0: 300).
func (c *Client) EachDeployment(ctx context.Context, owner, repo, environment string, limit int, fn func(*github.Deployment) (bool, error)) error {
	if limit <= 0 {
		limit = 300
	}
	opt := &github.DeploymentsListOptions{Environment: environment, ListOptions: github.ListOptions{PerPage: 100}}
	seen := 0
	for {
		deps, resp, err := c.GH.Repositories.ListDeployments(ctx, owner, repo, opt)
		if err != nil {
			return c.wrap(fmt.Sprintf("list the deployments to %s in %s/%s", environment, owner, repo),
				deploymentSubject(owner, repo, false), err)
		}
		for _, d := range deps {
			more, err := fn(d)
			if err != nil || !more {
				return err
			}
			if seen++; seen >= limit {
				return nil
			}
		}
		if resp.NextPage == 0 {
			return nil
		}
		opt.Page = resp.NextPage
	}
}

func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
