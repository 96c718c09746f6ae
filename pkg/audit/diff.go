package audit

import (
	"sort"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/repave-dev/repave/pkg/plan"
)

// ResourceChange is one resource that drifted or has pending changes, with
// the attributes that differ.
type ResourceChange struct {
	Address    string            `json:"address"`
	Actions    []string          `json:"actions"`
	Attributes []AttributeChange `json:"attributes"`
}

// AttributeChange is one attribute's value before and after, as the plan
// comment's diff finds it (plan.AttributeChanges); sensitive values are
// plan.Sensitive, never the value.
type AttributeChange = plan.AttributeChange

// changes lists the resources of rcs whose action is not no-op or read, each
// value shown with sensitive ones redacted: by Terraform's markers, and by
// value (sensitive, every known sensitive value), since Terraform does not
// always carry the marker along (terraform_data's output of a sensitive
// input, for one).
func changes(rcs []*tfjson.ResourceChange, sensitive []string) []ResourceChange {
	var out []ResourceChange
	for _, rc := range rcs {
		if rc == nil || rc.Change == nil || rc.Change.Actions.NoOp() || rc.Change.Actions.Read() {
			continue
		}
		c := rc.Change
		var attrs []AttributeChange
		if !c.Actions.Create() && !c.Actions.Delete() {
			// A whole resource created or deleted is named, not listed attribute by attribute.
			for _, a := range plan.AttributeChanges(c) {
				attrs = append(attrs, AttributeChange{Path: scrub(a.Path, sensitive), Before: scrub(a.Before, sensitive), After: scrub(a.After, sensitive)})
			}
		}
		acts := make([]string, len(c.Actions))
		for i, a := range c.Actions {
			acts[i] = string(a)
		}
		out = append(out, ResourceChange{Address: rc.Address, Actions: acts, Attributes: attrs})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Address < out[j].Address })
	return out
}

// scrub replaces each of values in s, in every form it takes in text (JSON,
// Markdown, HTML, …), by secrets.Redacted: the one scrubber of pkg/secrets.
func scrub(s string, values []string) string {
	if len(values) == 0 {
		return s
	}
	return scrubberFor(values).Scrub(s)
}
