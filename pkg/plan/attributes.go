package plan

import (
	"encoding/json"

	tfjson "github.com/hashicorp/terraform-json"
)

// Absent is how a value that is not there (null, or no such attribute) is
// shown in an AttributeChange.
const Absent = "(none)"

// AttributeChange is one attribute whose value a change alters: its path
// (input.size, tags["kubernetes.io/name"], ingress[0]) and each side's
// value as compact JSON, with every part Terraform marks sensitive shown
// as Sensitive and every part known only after apply as KnownAfterApply;
// a side that is Sensitive, KnownAfterApply or Absent as a whole is that
// word alone.
type AttributeChange struct {
	Path   string `json:"path"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// AttributeChanges lists the attributes c changes, in the order the
// comment's diff shows them, found by the same walk (diff.go): objects
// attribute by attribute, arrays element by element as tuples (position by
// position when the length stays, by the longest common subsequence when it
// changes), anything else as a whole. An attribute known only after apply
// is listed with the value it replaces, which the diff leaves out.
//
// Values are redacted where Terraform marks them sensitive, not by value:
// scrub the strings for secrets Terraform does not mark (SensitiveValues
// of the plan, values from Vault).
func AttributeChanges(c *tfjson.Change) []AttributeChange {
	if c == nil {
		return nil
	}
	d := &differ{scrub: func(s string) string { return s }, collect: true}
	d.attrs(0, side{c.Before, c.BeforeSensitive, nil}, side{c.After, c.AfterSensitive, c.AfterUnknown}, nil, 0)
	return d.changed
}

// record notes, when the walk collects, that the value at path changes from
// b to a as a whole.
func (d *differ) record(path []any, b, a side) {
	if d.collect {
		d.changed = append(d.changed, AttributeChange{Path: formatPath(path), Before: shown(b), After: shown(a)})
	}
}

// shown is one side of an AttributeChange.
func shown(s side) string {
	switch {
	case s.isSensitive():
		return Sensitive
	case s.isUnknown():
		return KnownAfterApply
	case s.v == nil:
		return Absent
	}
	b, err := json.Marshal(marked(s.v, s.sensitive, s.unknown))
	if err != nil {
		return Absent // a value plan JSON cannot hold
	}
	return string(b)
}

// marked returns v with every part marked sensitive replaced by Sensitive and
// every part marked unknown by KnownAfterApply, adding the unknown
// attributes of an object that Terraform leaves out of it.
func marked(v, sensitive, unknown any) any {
	switch {
	case isTrue(sensitive):
		return Sensitive
	case isTrue(unknown):
		return KnownAfterApply
	}
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = marked(e, child(sensitive, k), child(unknown, k))
		}
		if u, ok := unknown.(map[string]any); ok {
			for k, m := range u {
				if _, ok := x[k]; !ok && anyTrue(m) {
					out[k] = marked(nil, child(sensitive, k), m)
				}
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = marked(e, child(sensitive, i), child(unknown, i))
		}
		return out
	}
	return v
}
