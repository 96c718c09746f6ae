package review

import (
	"fmt"
	"os"

	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/plandir"

	tfjson "github.com/hashicorp/terraform-json"
)

// fullPlanHint says where the full plan is when the comment's diff is cut.
// It names no run: the comment must render the same at apply time.
const fullPlanHint = "the job summary and the plan-dir artifact of the plan-infra run of this commit"

// renderFromDir renders the sticky comment of the plan in dir (its redacted
// plan.json and images) with marker m, within maxChars (0: GitHub's limit):
// what comment-plan-on-pr posts when comment.md is too long for GitHub, and
// what apply-on-merge compares the posted comment with.
func renderFromDir(dir plandir.Dir, m plan.Marker, maxChars int, scrub func(string) string) (string, error) {
	p, err := readPlan(dir)
	if err != nil {
		return "", err
	}
	opts := plan.RenderOptions{Marker: m, FullPlanHint: fullPlanHint, MaxChars: maxChars}
	if opts.Images, err = readImages(dir); err != nil {
		return "", err
	}
	if opts.Schema, err = readSchema(dir); err != nil {
		return "", err
	}
	body := renderComment(p, opts)
	if scrub != nil {
		body = scrub(body)
	}
	return body, nil
}

// readPlan reads the redacted plan.json of dir.
func readPlan(dir plandir.Dir) (*tfjson.Plan, error) {
	b, err := os.ReadFile(dir.File(plandir.PlanJSON))
	if err != nil {
		return nil, fmt.Errorf("plan-dir %q: %w", dir.Path, err)
	}
	p, err := plan.Parse(b)
	if err != nil {
		return nil, fmt.Errorf("plan-dir %q: %w", dir.Path, err)
	}
	return p, nil
}

// smaller is the next budget when GitHub refused a body of n characters as
// too long, and false when nothing is left to cut.
func smaller(n int) (int, bool) {
	if n <= plan.MinMaxChars {
		return 0, false
	}
	return max(n/2, plan.MinMaxChars), true
}

// renderings are the bodies comment-plan-on-pr can have posted for the plan
// in dir: the full one, then each smaller one it falls back to when GitHub
// answers "too long", in that order.
func renderings(dir plandir.Dir, m plan.Marker, scrub func(string) string) ([]string, error) {
	var out []string
	budget := 0
	for {
		body, err := renderFromDir(dir, m, budget, scrub)
		if err != nil {
			return nil, err
		}
		out = append(out, body)
		next, ok := smaller(len([]rune(body)))
		if !ok || len(out) > 32 {
			return out, nil
		}
		budget = next
	}
}
