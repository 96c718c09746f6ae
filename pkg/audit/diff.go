package audit

import (
	"encoding/json"
	"fmt"
	"sort"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/repave-dev/repave/pkg/secrets"
)

// Unknown is how a value known only after apply is shown.
const Unknown = "(known after apply)"

// ResourceChange is one resource that drifted or has pending changes, with
// the attributes that differ.
type ResourceChange struct {
	Address    string            `json:"address"`
	Actions    []string          `json:"actions"`
	Attributes []AttributeChange `json:"attributes"`
}

// AttributeChange is one attribute's value before and after; sensitive values
// are secrets.Redacted, never the value.
type AttributeChange struct {
	Path   string `json:"path"`
	Before string `json:"before"`
	After  string `json:"after"`
}

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
		d := &attrDiff{sensitive: sensitive}
		if !c.Actions.Create() && !c.Actions.Delete() {
			// A whole resource created or deleted is named, not listed attribute by attribute.
			d.walk("", c.Before, c.BeforeSensitive, c.After, c.AfterSensitive, c.AfterUnknown)
		}
		sort.SliceStable(d.out, func(i, j int) bool { return d.out[i].Path < d.out[j].Path })
		acts := make([]string, len(c.Actions))
		for i, a := range c.Actions {
			acts[i] = string(a)
		}
		out = append(out, ResourceChange{Address: rc.Address, Actions: acts, Attributes: d.out})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Address < out[j].Address })
	return out
}

// attrDiff walks before and after together and records the attributes that
// differ, at the deepest level both sides have.
type attrDiff struct {
	sensitive []string
	out       []AttributeChange
}

func (d *attrDiff) walk(path string, b, bs, a, as, au any) {
	if au == true {
		if b != nil {
			d.emit(path, d.show(b, bs), Unknown)
		} else {
			d.emit(path, "(none)", Unknown)
		}
		return
	}
	if bs == true || as == true {
		if !equalJSON(b, a) {
			d.emit(path, d.show(b, bs), d.show(a, as))
		}
		return
	}
	bm, bok := b.(map[string]any)
	am, aok := a.(map[string]any)
	if bok && aok {
		bsm, _ := bs.(map[string]any)
		asm, _ := as.(map[string]any)
		aum, _ := au.(map[string]any)
		for _, k := range keys(bm, am, aum) {
			d.walk(join(path, k), bm[k], bsm[k], am[k], asm[k], aum[k])
		}
		return
	}
	bl, bok := b.([]any)
	al, aok := a.([]any)
	if bok && aok && len(bl) == len(al) {
		bsl, _ := bs.([]any)
		asl, _ := as.([]any)
		aul, _ := au.([]any)
		for i := range bl {
			d.walk(fmt.Sprintf("%s[%d]", path, i), bl[i], at(bsl, i), al[i], at(asl, i), at(aul, i))
		}
		return
	}
	if !equalJSON(b, a) {
		d.emit(path, d.show(b, bs), d.show(a, as))
	}
}

func (d *attrDiff) emit(path, before, after string) {
	if path == "" {
		path = "(whole object)"
	}
	d.out = append(d.out, AttributeChange{Path: path, Before: scrub(before, d.sensitive), After: scrub(after, d.sensitive)})
}

// show renders v as compact JSON with every sensitive part replaced.
func (d *attrDiff) show(v, s any) string {
	if s == true {
		return secrets.Redacted
	}
	if v == nil {
		return "(none)"
	}
	b, _ := json.Marshal(redactValue(v, s))
	return string(b)
}

func redactValue(v, s any) any {
	if s == true {
		return secrets.Redacted
	}
	switch x := v.(type) {
	case map[string]any:
		sm, _ := s.(map[string]any)
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = redactValue(e, sm[k])
		}
		return out
	case []any:
		sl, _ := s.([]any)
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = redactValue(e, at(sl, i))
		}
		return out
	}
	return v
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func keys(ms ...map[string]any) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

func at(l []any, i int) any {
	if i < len(l) {
		return l[i]
	}
	return nil
}

// scrub replaces each of values in s, in every form it takes in text (JSON,
// Markdown, HTML, …), by secrets.Redacted: the one scrubber of pkg/secrets.
func scrub(s string, values []string) string {
	if len(values) == 0 {
		return s
	}
	return scrubberFor(values).Scrub(s)
}
