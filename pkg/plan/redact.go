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
// occurs in a string or object key of the document, even inside a longer string: a
// sensitive value can flow into a non-sensitive attribute or a configuration constant.
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
		scrubDoc(doc, r)
	}

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("plan redact: encoding the redacted plan: %w", err)
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// redactDoc masks, in place, every sensitive place of a plan decoded as generic JSON.
func redactDoc(doc map[string]any, add func(string)) {
	for _, key := range []string{"resource_changes", "resource_drift"} {
		for _, rc := range list(doc[key]) {
			redactChange(obj(obj(rc)["change"]), add)
		}
	}
	for _, d := range list(doc["deferred_changes"]) {
		redactChange(obj(obj(obj(d)["resource_change"])["change"]), add)
	}
	for _, oc := range obj(doc["output_changes"]) {
		redactChange(obj(oc), add)
	}
	redactState(obj(doc["planned_values"]), add)
	redactState(obj(obj(doc["prior_state"])["values"]), add)

	config := obj(doc["configuration"])
	root := obj(config["root_module"])
	vars := obj(doc["variables"])
	for name, v := range obj(root["variables"]) {
		if obj(v)["sensitive"] == true {
			if pv := obj(vars[name]); pv != nil {
				if _, ok := pv["value"]; ok {
					pv["value"] = mask(pv["value"], true, add)
				}
			}
		}
	}
	redactConfig(root, add)
	for _, a := range list(doc["action_invocations"]) {
		a := obj(a)
		if a != nil {
			a["config_values"] = mask(a["config_values"], a["config_sensitive"], add)
		}
	}
}

func redactChange(c map[string]any, add func(string)) {
	if c == nil {
		return
	}
	if _, ok := c["before"]; ok {
		c["before"] = mask(c["before"], c["before_sensitive"], add)
	}
	if _, ok := c["after"]; ok {
		c["after"] = mask(c["after"], c["after_sensitive"], add)
	}
}

func redactState(values map[string]any, add func(string)) {
	for _, o := range obj(values["outputs"]) {
		o := obj(o)
		if o["sensitive"] == true {
			if _, ok := o["value"]; ok {
				o["value"] = mask(o["value"], true, add)
			}
		}
	}
	var walk func(m map[string]any)
	walk = func(m map[string]any) {
		for _, r := range list(m["resources"]) {
			r := obj(r)
			if vals := obj(r["values"]); vals != nil {
				r["values"] = maskAttributes(vals, r["sensitive_values"], add)
			}
		}
		for _, c := range list(m["child_modules"]) {
			walk(obj(c))
		}
	}
	walk(obj(values["root_module"]))
}

func redactConfig(m map[string]any, add func(string)) {
	if m == nil {
		return
	}
	for _, v := range obj(m["variables"]) {
		v := obj(v)
		if v["sensitive"] == true {
			if _, ok := v["default"]; ok {
				v["default"] = mask(v["default"], true, add)
			}
		}
	}
	for _, o := range obj(m["outputs"]) {
		o := obj(o)
		if o["sensitive"] == true {
			if e := obj(o["expression"]); e != nil {
				if _, ok := e["constant_value"]; ok {
					e["constant_value"] = mask(e["constant_value"], true, add)
				}
			}
		}
	}
	for _, mc := range obj(m["module_calls"]) {
		redactConfig(obj(obj(mc)["module"]), add)
	}
}

// scrubDoc replaces, in place, every occurrence of a secret in every string and object key.
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
