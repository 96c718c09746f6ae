package review

import (
	"encoding/json"
	"fmt"

	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/secrets"

	tfjson "github.com/hashicorp/terraform-json"
)

// scrubber returns the run's scrubber with the plan's sensitive values added
// (strings, numbers, before and after, at any depth), and the function that
// scrubs with it and with req.Scrub.
func (req PlanRequest) scrubber(leaves []any) func(string) string {
	sc := req.Secrets
	if sc == nil {
		sc = secrets.NewScrubber(nil)
	}
	sc.Add(leaves...)
	if sc.Empty() && req.Scrub == nil {
		return nil // nothing to scrub: no pass over the plan at all
	}
	if req.Scrub == nil || req.Secrets != nil {
		return sc.Scrub // req.Scrub scrubs with req.Secrets when both are set
	}
	outer := req.Scrub
	return func(s string) string { return sc.Scrub(outer(s)) }
}

// scrubbedPlan is p with every secret value replaced, for the fingerprint:
// the fingerprint is published in the comment, and must not let anyone test
// guesses of a Vault value that Terraform does not mark sensitive. Keys and
// structure are never changed: a changed key could merge two objects and so
// two different plans into one fingerprint.
func scrubbedPlan(p *tfjson.Plan, scrub func(string) string) (*tfjson.Plan, error) {
	if scrub == nil {
		return p, nil
	}
	// The fingerprint reads the resource and output changes only: scrubbing
	// just those keeps this pass a third of a whole-plan pass.
	q := *p
	q.ResourceChanges, q.OutputChanges = nil, nil
	if err := scrubbedCopy(p.ResourceChanges, &q.ResourceChanges, scrub); err != nil {
		return nil, err
	}
	if err := scrubbedCopy(p.OutputChanges, &q.OutputChanges, scrub); err != nil {
		return nil, err
	}
	return &q, nil
}

// scrubbedCopy sets *out to a copy of in with every string and number
// scrubbed, keys and structure unchanged.
func scrubbedCopy[T any](in T, out *T, scrub func(string) string) error {
	b, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("scrubbing secrets from the plan: %w", err)
	}
	if b, err = secrets.ScrubJSONWith(b, scrub); err != nil {
		return fmt.Errorf("scrubbing secrets from the plan: %w", err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("scrubbing secrets from the plan: %w", err)
	}
	return nil
}

// redactedPlan is p as plan.json holds it, and as every rendering is made
// from: sensitive values masked by their markers, and every secret (Vault's
// and the plan's, in any form) scrubbed from values, addresses, index keys
// and check messages.
func redactedPlan(p *tfjson.Plan, scrub func(string) string) ([]byte, *tfjson.Plan, error) {
	b, err := plan.Redact(p, plan.RedactOptions{Scrub: scrub})
	if err != nil {
		return nil, nil, fmt.Errorf("redacting the plan: %w", err)
	}
	rp, err := plan.Parse(b)
	if err != nil {
		return nil, nil, fmt.Errorf("redacting the plan: %w", err)
	}
	return b, rp, nil
}

// scrubText is scrub(s), or s when there is nothing to scrub.
func scrubText(scrub func(string) string, s string) string {
	if scrub == nil {
		return s
	}
	return scrub(s)
}
