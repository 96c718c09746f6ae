package review

import (
	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/plandir"
	"github.com/repave-dev/repave/pkg/secrets"

	tfjson "github.com/hashicorp/terraform-json"
)

func setSecrets(req *PlanRequest, sc *secrets.Scrubber) { req.Secrets = sc }

func writeForBench(dir plandir.Dir, p *tfjson.Plan, req PlanRequest) (*PlanResult, error) {
	return write(dir, p, req, plan.SensitiveLeaves(p))
}
