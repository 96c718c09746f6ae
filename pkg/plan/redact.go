package plan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// RedactOptions adds to what Redact scrubs.
type RedactOptions struct {
	// Secrets are literal values to scrub wherever they occur (values read from Vault,
	// for example). Values shorter than 4 characters are ignored.
	Secrets []string
}

// Redact returns the plan as JSON with every sensitive value replaced by "(sensitive)":
//
//   - values under before_sensitive/after_sensitive markers in resource_changes,
//     resource_drift and deferred_changes;
//   - resource values under their sensitive_values markers in planned_values and
//     prior_state;
//   - sensitive outputs in output_changes, planned_values and prior_state;
//   - the values of variables declared sensitive in configuration.root_module.variables,
//     and the defaults of sensitive variables and constants of sensitive outputs in the
//     configuration of every module.
//
// Then every leaf string of at least 4 characters taken from those places (the list
// SensitiveValues returns), and every opts.Secrets value, is replaced wherever else it
// occurs in a value of the document, even inside a longer string: a sensitive value can
// flow into a non-sensitive attribute or a configuration constant. Values are resource
// attributes (before, after, values, identities, generated configuration), outputs,
// variables, and configuration expressions and defaults; structure (addresses, types,
// actions, versions) is left alone, so the result stays a valid plan.
//
// The result is the JSON encoding of p (fields terraform-json does not model, such as
// "applyable", are not in it), without HTML escaping, and Parse accepts it.
func Redact(p *tfjson.Plan, opts RedactOptions) ([]byte, error) {
	if p == nil {
		return nil, fmt.Errorf("plan redact: no plan")
	}
	raw, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("plan redact: encoding the plan: %w", err)
	}
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("plan redact: decoding the plan: %w", err)
	}

	set := sensitiveSet(p)
	for _, s := range opts.Secrets {
		set.add(s)
	}
	redactDoc(doc, set.add)
	if r := set.scrubber(); r != nil {
		eachValue(doc, func(v any, pl place) any {
			if pl.inside {
				return v
			}
			return scrubDoc(v, r)
		})
	}

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("plan redact: encoding the redacted plan: %w", err)
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// A place is where a plan holds values (rather than structure such as addresses, types
// and actions), with the sensitive marker that applies there (nil for none).
type place struct {
	marker any
	// attrs is set for resource attribute maps, which must stay maps.
	attrs bool
	// inside is set for a place within another place (scrubbing the outer one covers it).
	inside bool
}

// eachValue calls f with every value place of a plan decoded as generic JSON, and stores
// what f returns in its place.
func eachValue(doc map[string]any, f func(v any, pl place) any) {
	visitPlace := func(parent map[string]any, key string, pl place) {
		if v, ok := parent[key]; ok && v != nil {
			parent[key] = f(v, pl)
		}
	}
	visit := func(parent map[string]any, key string, marker any, attrs bool) {
		visitPlace(parent, key, place{marker: marker, attrs: attrs})
	}
	change := func(c map[string]any) {
		if c == nil {
			return
		}
		visit(c, "before", c["before_sensitive"], false)
		visit(c, "after", c["after_sensitive"], false)
		for _, k := range []string{"before_identity", "after_identity", "importing", "generated_config"} {
			visit(c, k, nil, false)
		}
	}
	for _, key := range []string{"resource_changes", "resource_drift"} {
		for _, rc := range list(doc[key]) {
			change(obj(obj(rc)["change"]))
		}
	}
	for _, d := range list(doc["deferred_changes"]) {
		change(obj(obj(obj(d)["resource_change"])["change"]))
	}
	for _, oc := range obj(doc["output_changes"]) {
		change(obj(oc))
	}

	state := func(values map[string]any) {
		for _, o := range obj(values["outputs"]) {
			o := obj(o)
			if o != nil {
				visit(o, "value", o["sensitive"] == true, false)
			}
		}
		var walk func(m map[string]any)
		walk = func(m map[string]any) {
			for _, r := range list(m["resources"]) {
				if r := obj(r); r != nil {
					visit(r, "values", r["sensitive_values"], true)
					visit(r, "identity", nil, true)
				}
			}
			for _, c := range list(m["child_modules"]) {
				walk(obj(c))
			}
		}
		walk(obj(values["root_module"]))
	}
	state(obj(doc["planned_values"]))
	state(obj(obj(doc["prior_state"])["values"]))

	config := obj(doc["configuration"])
	sensitiveVars := map[string]bool{}
	for name, v := range obj(obj(config["root_module"])["variables"]) {
		sensitiveVars[name] = obj(v)["sensitive"] == true
	}
	for name, v := range obj(doc["variables"]) {
		if v := obj(v); v != nil {
			visit(v, "value", sensitiveVars[name], false)
		}
	}
	for _, pc := range obj(config["provider_config"]) {
		if pc := obj(pc); pc != nil {
			visit(pc, "expressions", nil, true)
		}
	}
	var module func(m map[string]any)
	module = func(m map[string]any) {
		if m == nil {
			return
		}
		for _, v := range obj(m["variables"]) {
			if v := obj(v); v != nil {
				visit(v, "default", v["sensitive"] == true, false)
			}
		}
		for _, o := range obj(m["outputs"]) {
			o := obj(o)
			if e := obj(o["expression"]); e != nil {
				visitPlace(e, "constant_value", place{marker: o["sensitive"] == true, inside: true})
				visit(o, "expression", nil, true)
			}
		}
		for _, r := range list(m["resources"]) {
			if r := obj(r); r != nil {
				visit(r, "expressions", nil, true)
				visit(r, "count_expression", nil, true)
				visit(r, "for_each_expression", nil, true)
			}
		}
		for _, mc := range obj(m["module_calls"]) {
			if mc := obj(mc); mc != nil {
				visit(mc, "expressions", nil, true)
				visit(mc, "count_expression", nil, true)
				visit(mc, "for_each_expression", nil, true)
				module(obj(mc["module"]))
			}
		}
	}
	module(obj(config["root_module"]))

	for _, a := range list(doc["action_invocations"]) {
		if a := obj(a); a != nil {
			visit(a, "config_values", a["config_sensitive"], false)
		}
	}
}

// redactDoc masks, in place, every sensitive value of a plan decoded as generic JSON,
// calling add with each leaf string it masks.
func redactDoc(doc map[string]any, add func(string)) {
	eachValue(doc, func(v any, pl place) any {
		if m, ok := v.(map[string]any); ok && pl.attrs {
			return maskAttributes(m, pl.marker, add)
		}
		return mask(v, pl.marker, add)
	})
}

// scrubDoc replaces, in place, every occurrence of a secret in every string and object
// key of a value.
func scrubDoc(v any, r *strings.Replacer) any {
	switch val := v.(type) {
	case string:
		return r.Replace(val)
	case map[string]any:
		for _, k := range sortedKeys(val) { // a snapshot: keys change in the loop
			e := val[k]
			nk := r.Replace(k)
			if nk != k {
				delete(val, k)
				if _, taken := val[nk]; taken {
					nk = uniqueKey(val, nk)
				}
			}
			val[nk] = scrubDoc(e, r)
		}
		return val
	case []any:
		for i, e := range val {
			val[i] = scrubDoc(e, r)
		}
		return val
	}
	return v
}

// uniqueKey finds a key like "(sensitive) #2" that is not in m yet, so two keys scrubbed
// to the same text do not overwrite each other.
func uniqueKey(m map[string]any, k string) string {
	for i := 2; ; i++ {
		c := fmt.Sprintf("%s #%d", k, i)
		if _, taken := m[c]; !taken {
			return c
		}
	}
}

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}
