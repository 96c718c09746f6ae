package plan

import (
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// FailedCheck is a check (check block, precondition, postcondition, output or variable
// validation) that failed or errored in the plan, with Terraform's messages.
type FailedCheck struct {
	Address  string
	Status   string // "fail" or "error"
	Problems []string
}

// Deferred is a resource change Terraform deferred to a later plan, with its reason.
type Deferred struct {
	Change
	Why string
}

// failedChecks are the checks of p whose instances failed or errored, by address.
func failedChecks(p *tfjson.Plan) []FailedCheck {
	var out []FailedCheck
	for _, c := range p.Checks {
		if len(c.Instances) == 0 {
			if c.Status == tfjson.CheckStatusFail || c.Status == tfjson.CheckStatusError {
				out = append(out, FailedCheck{Address: c.Address.ToDisplay, Status: string(c.Status)})
			}
			continue
		}
		for _, in := range c.Instances {
			if in.Status != tfjson.CheckStatusFail && in.Status != tfjson.CheckStatusError {
				continue
			}
			fc := FailedCheck{Address: in.Address.ToDisplay, Status: string(in.Status)}
			if fc.Address == "" {
				fc.Address = c.Address.ToDisplay
			}
			for _, pr := range in.Problems {
				fc.Problems = append(fc.Problems, pr.Message)
			}
			out = append(out, fc)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Address < out[j].Address })
	return out
}

// deferredChanges are the deferred resource changes of p, by address.
func deferredChanges(p *tfjson.Plan) []Deferred {
	var out []Deferred
	for _, d := range p.DeferredChanges {
		if d == nil || d.ResourceChange == nil {
			continue
		}
		c, ok := newChange(d.ResourceChange)
		if !ok {
			continue
		}
		out = append(out, Deferred{Change: c, Why: deferReason(d.Reason)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Address < out[j].Address })
	return out
}

// deferReason words Terraform's reason codes.
func deferReason(r string) string {
	switch r {
	case "instance_count_unknown":
		return "its count or for_each is not known yet"
	case "resource_config_unknown":
		return "its configuration is not known yet"
	case "provider_config_unknown":
		return "its provider's configuration is not known yet"
	case "absent_prereq":
		return "something it depends on does not exist yet"
	case "deferred_prereq":
		return "something it depends on was deferred"
	case "":
		return "Terraform gave no reason"
	}
	return strings.ReplaceAll(r, "_", " ")
}
