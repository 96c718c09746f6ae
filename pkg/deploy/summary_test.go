package deploy_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/deploy"
	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/tf"
)

// The job summary quotes names from inputs and Terraform's error: a pipe
// in a stage's name cannot add a column, and ``` in the error cannot end
// its code block and turn the rest into Markdown.
func TestSummaryQuotesWhatItIsGiven(t *testing.T) {
	req := deploy.Request{Plan: review.PlanRequest{Root: "infra/web", Settings: tf.Settings{Workspace: "default"}}, SHA: "0123456789abcdef0123", Environment: "prod`uction",
		Strategy: deploy.Strategy{Kind: "canary"}}
	res := &deploy.Result{Stages: []*deploy.Stage{{Name: "a|b", Values: map[string]string{"weight": "10"}, Result: "failure"}}}
	out := deploy.Summary(req, res, errors.New("Error: bad\n```\n**not markdown** <!-- x -->"))
	if !strings.Contains(out, "→ ``prod`uction``") {
		t.Errorf("the environment is not one code span:\n%s", out)
	}
	// The pipe is escaped as text, then in the cell: GitHub shows "a|b".
	if !strings.Contains(out, `| 1 | a\\|b | `+"`map[weight:10]`"+` |  | failure |`) {
		t.Errorf("the stage row is not four escaped cells:\n%s", out)
	}
	if !strings.Contains(out, "\n````\nError: bad\n```\n**not markdown** <!-- x -->\n````\n") {
		t.Errorf("the error is not in a block it cannot close:\n%s", out)
	}
}
