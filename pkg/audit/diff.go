package audit

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// Sensitive is how a sensitive value is shown, everywhere.
const Sensitive = "(sensitive)"

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
// are Sensitive, never the value.
type AttributeChange struct {
	Path   string `json:"path"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// changes lists the resources of rcs whose action is not no-op or read.
func changes(rcs []*tfjson.ResourceChange) []ResourceChange {
	var out []ResourceChange
	for _, rc := range rcs {
		if rc == nil || rc.Change == nil || rc.Change.Actions.NoOp() || rc.Change.Actions.Read() {
			continue
		}
		c := rc.Change
		before := flatten(c.Before, c.BeforeSensitive, nil)
		after := flatten(c.After, c.AfterSensitive, c.AfterUnknown)
		var attrs []AttributeChange
		for _, k := range unionKeys(before, after) {
			b, a := before[k], after[k]
			if b == a {
				continue
			}
			attrs = append(attrs, AttributeChange{Path: k, Before: or(b, "(none)"), After: or(a, "(none)")})
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

// flatten turns a value into path → compact JSON of each leaf, with sensitive
// and unknown markers applied at any depth.
func flatten(v, sensitive, unknown any) map[string]string {
	out := map[string]string{}
	var walk func(path string, v, s, u any)
	walk = func(path string, v, s, u any) {
		switch {
		case s == true:
			out[path] = Sensitive
			return
		case u == true:
			out[path] = Unknown
			return
		}
		switch x := v.(type) {
		case map[string]any:
			sm, _ := s.(map[string]any)
			um, _ := u.(map[string]any)
			keys := map[string]bool{}
			for k := range x {
				keys[k] = true
			}
			for k := range um {
				keys[k] = true
			}
			for k := range keys {
				walk(join(path, k), x[k], sm[k], um[k])
			}
		case []any:
			sl, _ := s.([]any)
			ul, _ := u.([]any)
			for i, e := range x {
				walk(fmt.Sprintf("%s[%d]", path, i), e, at(sl, i), at(ul, i))
			}
			for i := len(x); i < len(ul); i++ {
				walk(fmt.Sprintf("%s[%d]", path, i), nil, at(sl, i), at(ul, i))
			}
		case nil:
			if path != "" {
				out[path] = "null"
			}
		default:
			b, _ := json.Marshal(x)
			out[path] = string(b)
		}
	}
	walk("", v, sensitive, unknown)
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

func unionKeys(a, b map[string]string) []string {
	seen := map[string]bool{}
	for k := range a {
		seen[k] = true
	}
	for k := range b {
		seen[k] = true
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// scrub replaces each of values in s by Sensitive.
func scrub(s string, values []string) string {
	for _, v := range values {
		if len(v) >= 3 {
			s = strings.ReplaceAll(s, v, Sensitive)
		}
	}
	return s
}
