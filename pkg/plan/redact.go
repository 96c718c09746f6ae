package plan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"

	tfjson "github.com/hashicorp/terraform-json"
)

// RedactOptions adds to what Redact scrubs.
type RedactOptions struct {
	// Secrets are literal values to scrub wherever they occur (values read from Vault,
	// for example). Values shorter than 4 characters are ignored.
	Secrets []string
	// Scrub, when set, is applied after that to every string of the document
	// but its structure (actions, types, modes, versions): values, object keys
	// inside values, resource addresses, index keys and check messages. A
	// number in a value whose text Scrub changes becomes Sensitive.
	Scrub func(string) string
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
	markChanges(doc)
	redactDoc(doc, func(v any) {
		if s, ok := v.(string); ok {
			set.add(s)
		}
	})
	scrub, structure := opts.Scrub, opts.Scrub != nil
	if r := set.scrubber(); r != nil {
		if scrub == nil {
			scrub = r.Replace
		} else {
			outer := scrub
			scrub = func(s string) string { return outer(r.Replace(s)) }
		}
	}
	if scrub != nil {
		eachValue(doc, func(v any, pl place) any {
			if pl.inside {
				return v
			}
			return scrubDoc(v, scrub)
		})
		if structure {
			scrubStructure(doc, scrub)
		}
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
func redactDoc(doc map[string]any, add func(any)) {
	eachValue(doc, func(v any, pl place) any {
		if m, ok := v.(map[string]any); ok && pl.attrs {
			return maskAttributes(m, pl.marker, add)
		}
		return mask(v, pl.marker, add)
	})
}

// scrubDoc replaces, in place, every occurrence of a secret in every string and object
// key of a value; a number that is a secret becomes Sensitive.
func scrubDoc(v any, scrub func(string) string) any {
	switch val := v.(type) {
	case string:
		return scrub(val)
	case json.Number:
		if scrub(val.String()) != val.String() {
			return Sensitive
		}
		return val
	case map[string]any:
		for _, k := range sortedKeys(val) { // a snapshot: keys change in the loop
			e := val[k]
			nk := scrub(k)
			if nk != k {
				delete(val, k)
				if _, taken := val[nk]; taken {
					nk = uniqueKey(val, nk)
				}
			}
			val[nk] = scrubDoc(e, scrub)
		}
		return val
	case []any:
		for i, e := range val {
			val[i] = scrubDoc(e, scrub)
		}
		return val
	}
	return v
}

// structural are the keys whose strings are the plan's structure, never data: a
// secret equal to "create" must not turn an action into something else.
var structural = map[string]bool{
	"actions": true, "mode": true, "type": true, "provider_name": true, "format_version": true,
	"terraform_version": true, "action_reason": true, "status": true, "kind": true, "timestamp": true,
	"applyable": true, "complete": true, "errored": true, "reason": true,
}

// valueKeys hold the value places (scrubbed by eachValue already) and the
// markers (booleans and attribute paths): scrubStructure does not walk them again.
// Not "values": prior_state.values holds the addresses of the state.
var valueKeys = map[string]bool{
	"before": true, "after": true, "before_identity": true, "after_identity": true, "importing": true,
	"generated_config": true, "identity": true, "value": true, "default": true,
	"expressions": true, "expression": true, "count_expression": true, "for_each_expression": true,
	"config_values": true, "after_unknown": true, "before_sensitive": true, "after_sensitive": true,
	"sensitive_values": true, "config_sensitive": true, "replace_paths": true,
}

// scrubStructure scrubs every string outside the value places (addresses,
// previous addresses, index keys, check messages, names), leaving object keys
// and the structural strings alone. Value places were scrubbed already;
// scrubbing again is harmless.
func scrubStructure(v any, scrub func(string) string) {
	switch val := v.(type) {
	case map[string]any:
		for k, e := range val {
			if structural[k] || valueKeys[k] {
				continue
			}
			if s, ok := e.(string); ok {
				val[k] = scrub(s)
				continue
			}
			scrubStructure(e, scrub)
		}
	case []any:
		for i, e := range val {
			if s, ok := e.(string); ok {
				val[i] = scrub(s)
				continue
			}
			scrubStructure(e, scrub)
		}
	}
}

// markChanges replaces, on the after side of every change, each sensitive part
// whose before differs (or was not sensitive) with SensitiveChanged, so that the
// redacted plan still says that it changes.
func markChanges(doc map[string]any) {
	change := func(c map[string]any) {
		if c == nil || c["before"] == nil || c["after"] == nil {
			return
		}
		c["after"] = markChanged(c["before"], c["after"], c["before_sensitive"], c["after_sensitive"])
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
}

func markChanged(before, after, bm, am any) any {
	if after == nil || !anyTrue(am) {
		return after
	}
	if isTrue(am) {
		if before != nil && (!isTrue(bm) || !reflect.DeepEqual(before, after)) {
			return SensitiveChanged
		}
		return after
	}
	switch a := after.(type) {
	case map[string]any:
		b, _ := before.(map[string]any)
		out := make(map[string]any, len(a))
		for k, e := range a {
			var be any
			if b != nil {
				be = b[k]
			}
			out[k] = markChanged(be, e, child(bm, k), child(am, k))
		}
		return out
	case []any:
		b, _ := before.([]any)
		out := make([]any, len(a))
		for i, e := range a {
			var be any
			if i < len(b) {
				be = b[i]
			}
			out[i] = markChanged(be, e, child(bm, i), child(am, i))
		}
		return out
	}
	return after
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
