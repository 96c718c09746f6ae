package main

import (
	"context"
	"strings"

	"github.com/repave-dev/repave/pkg/plandir"
	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/runner"
	"github.com/repave-dev/repave/pkg/tf"
)

// deletedRoot turns the plan of a root the change deletes into the destroy
// of its state, from the configuration at the change's base commit
// (runner.Event.BaseSHA: pull_request.base.sha, merge_group.base_sha or a
// push's `before`), and says so.
func deletedRoot(ctx context.Context, a *runner.Runtime, req review.PlanRequest) (review.PlanRequest, func(), error) {
	ev, err := a.Event()
	if err != nil {
		return req, func() {}, err
	}
	base := ev.BaseSHA
	out, cleanup, err := review.ForDeletedRoot(ctx, req, ".", base)
	if err == nil && out.Destroy {
		a.Warningf("Root %s is deleted by this change: planning the destroy of every resource in its state, from its configuration at %.12s.", req.Root, base)
	}
	return out, cleanup, err
}

// planTitle is the log group of a root's plan, naming the tool that runs it:
// "tofu plan infra/web", "terraform plan -destroy infra/old".
func planTitle(req review.PlanRequest) string {
	tool := req.Tool
	if tool == "" {
		tool = tf.DetectTool(req.WorkDir())
	}
	cmd := " plan "
	if req.Destroy {
		cmd = " plan -destroy "
	}
	return tool.Binary() + cmd + req.Root
}

// engine names the tool and version that made a plan: "OpenTofu 1.10.7".
func engine(res plandir.Result) string {
	return strings.TrimSpace(tf.Tool(res.Tool).Name() + " " + res.TerraformVersion)
}
