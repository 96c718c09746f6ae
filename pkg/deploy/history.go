package deploy

import (
	"context"
	"encoding/json"

	"github.com/google/go-github/v60/github"

	"github.com/repave-dev/repave/pkg/gh"
)

// deployment is one earlier deployment of this root and workspace.
type deployment struct {
	id    int64
	sha   string
	state string
	p     payload
}

// eachOfRoot calls fn for the deployments of req's root and workspace to its
// environment, newest first, with their latest state.
func eachOfRoot(ctx context.Context, c *gh.Client, req *Request, fn func(deployment) (bool, error)) error {
	return c.EachDeployment(ctx, req.Owner, req.Repo, req.Environment, 0, func(d *github.Deployment) (bool, error) {
		var p payload
		if json.Unmarshal(d.Payload, &p) != nil || p.Root != req.root() || p.Workspace != req.workspace() {
			return true, nil
		}
		state, err := c.DeploymentState(ctx, req.Owner, req.Repo, d.GetID())
		if err != nil {
			return false, err
		}
		return fn(deployment{id: d.GetID(), sha: d.GetSHA(), state: state, p: p})
	})
}

// lastGood is the newest successful deployment of the root at another commit
// than failedSHA; nil when there is none.
func lastGood(ctx context.Context, c *gh.Client, req *Request, failedSHA string) (*deployment, error) {
	var good *deployment
	err := eachOfRoot(ctx, c, req, func(d deployment) (bool, error) {
		if d.state == gh.StateSuccess && d.sha != failedSHA {
			good = &d
			return false, nil
		}
		return true, nil
	})
	return good, err
}
