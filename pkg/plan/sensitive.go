package plan

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	tfjson "github.com/hashicorp/terraform-json"
)

// Sensitive is what every sensitive value becomes in redacted JSON, in rendered
// Markdown and in the canonical JSON that Fingerprint hashes.
const Sensitive = "(sensitive)"

// SensitiveChanged is what a sensitive value that changes becomes on the
// after side of a change in redacted JSON, so that a rendering of the
// redacted plan still shows the change (without the value).
const SensitiveChanged = "(sensitive value changed)"

// minSecretLen is the shortest leaf string scrubbed wherever it occurs: shorter values
// (such as "1" or "yes") would wipe out unrelated text.
const minSecretLen = 4

// isTrue reports whether a sensitive or unknown marker marks the whole value.
func isTrue(marker any) bool {
	b, ok := marker.(bool)
	return ok && b
}

// child returns the marker for a key of an object or an index of a list. A marker of
// true covers everything below it.
func child(marker any, key any) any {
	switch m := marker.(type) {
	case bool:
		return m
	case map[string]any:
		if k, ok := key.(string); ok {
			return m[k]
		}
	case []any:
		if i, ok := key.(int); ok && i >= 0 && i < len(m) {
			return m[i]
		}
	}
	return nil
}

// anyTrue reports whether a marker marks anything at all.
func anyTrue(marker any) bool {
	switch m := marker.(type) {
	case bool:
		return m
	case map[string]any:
		for _, v := range m {
			if anyTrue(v) {
				return true
			}
		}
	case []any:
		for _, v := range m {
			if anyTrue(v) {
				return true
			}
		}
	}
	return false
}

// mask returns a copy of v with every part marked sensitive replaced by Sensitive, and
// calls collect with every leaf string it replaces. Parts that are not marked are shared
// with v, not copied. collect may be nil.
func mask(v, marker any, collect func(any)) any {
	if marker == nil || v == nil {
		return v
	}
	if isTrue(marker) {
		if s, ok := v.(string); ok && s == SensitiveChanged {
			return v // already redacted by markChanged
		}
		if collect != nil {
			leaves(v, collect)
		}
		return Sensitive
	}
	if !anyTrue(marker) {
		return v
	}
	switch val := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(val))
		for k, e := range val {
			out[k] = mask(e, child(marker, k), collect)
		}
		return out
	case []any:
		out := make([]any, len(val))
		for i, e := range val {
			out[i] = mask(e, child(marker, i), collect)
		}
		return out
	}
	return v
}

// collectMarked calls collect with every leaf of v under a marker of true,
// as mask does, without copying anything.
func collectMarked(v, marker any, collect func(any)) {
	if marker == nil || v == nil {
		return
	}
	if isTrue(marker) {
		leaves(v, collect)
		return
	}
	switch val := v.(type) {
	case map[string]any:
		m, ok := marker.(map[string]any)
		if !ok {
			return
		}
		for k, mk := range m {
			if e, ok := val[k]; ok {
				collectMarked(e, mk, collect)
			}
		}
	case []any:
		m, ok := marker.([]any)
		if !ok {
			return
		}
		for i, mk := range m {
			if i < len(val) {
				collectMarked(val[i], mk, collect)
			}
		}
	}
}

// maskAttributes is mask for a map of attributes that must stay a map (resource values in
// planned_values and prior_state): a marker of true masks every attribute.
func maskAttributes(v map[string]any, marker any, collect func(any)) map[string]any {
	if !anyTrue(marker) {
		return v
	}
	out := make(map[string]any, len(v))
	for k, e := range v {
		out[k] = mask(e, child(marker, k), collect)
	}
	return out
}

// leaves calls f with every leaf value in v (values, not object keys: keys are mostly
// attribute names such as "password", and scrubbing those everywhere would garble text).
func leaves(v any, f func(any)) {
	switch val := v.(type) {
	case string, json.Number, float64, bool:
		f(val)
	case map[string]any:
		for _, e := range val {
			leaves(e, f)
		}
	case []any:
		for _, e := range val {
			leaves(e, f)
		}
	}
}

// secretSet collects the distinct sensitive strings long enough to scrub.
type secretSet map[string]struct{}

func (s secretSet) add(v string) {
	if utf8.RuneCountInString(v) >= minSecretLen && v != Sensitive {
		s[v] = struct{}{}
	}
}

// sorted returns the strings longest first (then in byte order), the order in which a
// scrubber must try them so that a secret containing another is replaced whole.
func (s secretSet) sorted() []string {
	out := make([]string, 0, len(s))
	for v := range s {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i]) != len(out[j]) {
			return len(out[i]) > len(out[j])
		}
		return out[i] < out[j]
	})
	return out
}

// scrubber replaces every string of the set, wherever it occurs, with Sensitive.
// It returns nil when there is nothing to scrub.
func (s secretSet) scrubber() *strings.Replacer {
	if len(s) == 0 {
		return nil
	}
	var pairs []string
	for _, v := range s.sorted() {
		pairs = append(pairs, v, Sensitive)
	}
	return strings.NewReplacer(pairs...)
}

// SensitiveLeaves returns every leaf value under a sensitive marker, in a
// sensitive output or in a sensitive variable, before and after, at any depth:
// strings (of any length), numbers and booleans, so that a scrubber can catch
// them where Terraform dropped the mark (terraform_data's output of a
// sensitive input) and the runner can mask them.
func SensitiveLeaves(p *tfjson.Plan) []any {
	var out []any
	seen := map[any]bool{}
	collectLeaves(p, func(v any) {
		if s, ok := v.(string); ok && s == Sensitive {
			return
		}
		switch v.(type) {
		case string, json.Number, float64, bool:
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	})
	return out
}

// SensitiveValues returns the distinct leaf string values Redact scrubs from a plan (those
// of at least 4 characters found under sensitive markers, in sensitive outputs and in
// sensitive variables), and the JSON text of sensitive numbers of at least 4 characters,
// longest first, so callers can mask and scrub them in logs too.
func SensitiveValues(p *tfjson.Plan) []string {
	set := sensitiveSet(p)
	collectLeaves(p, func(v any) {
		switch n := v.(type) {
		case json.Number:
			set.add(n.String())
		case float64:
			set.add(strconv.FormatFloat(n, 'f', -1, 64))
		}
	})
	return set.sorted()
}

func sensitiveSet(p *tfjson.Plan) secretSet {
	set := secretSet{}
	collectLeaves(p, func(v any) {
		if s, ok := v.(string); ok {
			set.add(s)
		}
	})
	return set
}

// collectLeaves calls add with every sensitive leaf value of p.
func collectLeaves(p *tfjson.Plan, add func(any)) {
	if p == nil {
		return
	}
	changes := func(rcs []*tfjson.ResourceChange) {
		for _, rc := range rcs {
			if rc != nil && rc.Change != nil {
				changeSecrets(rc.Change, add)
			}
		}
	}
	changes(p.ResourceChanges)
	changes(p.ResourceDrift)
	for _, d := range p.DeferredChanges {
		if d != nil && d.ResourceChange != nil && d.ResourceChange.Change != nil {
			changeSecrets(d.ResourceChange.Change, add)
		}
	}
	for _, oc := range p.OutputChanges {
		if oc != nil {
			changeSecrets(oc, add)
		}
	}
	stateSecrets(p.PlannedValues, add)
	if p.PriorState != nil {
		stateSecrets(p.PriorState.Values, add)
	}
	sensitiveVars := sensitiveVariables(p.Config)
	for name, v := range p.Variables {
		if v != nil && sensitiveVars[name] {
			leaves(v.Value, add)
		}
	}
	if p.Config != nil {
		configSecrets(p.Config.RootModule, add)
	}
	for _, a := range p.ActionInvocations {
		if a != nil {
			collectMarked(a.ConfigValues, a.ConfigSensitive, add)
		}
	}
}

func changeSecrets(c *tfjson.Change, add func(any)) {
	collectMarked(c.Before, c.BeforeSensitive, add)
	collectMarked(c.After, c.AfterSensitive, add)
}

func stateSecrets(sv *tfjson.StateValues, add func(any)) {
	if sv == nil {
		return
	}
	for _, o := range sv.Outputs {
		if o != nil && o.Sensitive {
			leaves(o.Value, add)
		}
	}
	var walk func(m *tfjson.StateModule)
	walk = func(m *tfjson.StateModule) {
		if m == nil {
			return
		}
		for _, r := range m.Resources {
			if r == nil || len(r.SensitiveValues) == 0 {
				continue
			}
			var marker any
			if json.Unmarshal(r.SensitiveValues, &marker) == nil {
				collectMarked(map[string]any(r.AttributeValues), marker, add)
			}
		}
		for _, c := range m.ChildModules {
			walk(c)
		}
	}
	walk(sv.RootModule)
}

// sensitiveVariables returns the names of the root module variables declared sensitive.
func sensitiveVariables(c *tfjson.Config) map[string]bool {
	out := map[string]bool{}
	if c == nil || c.RootModule == nil {
		return out
	}
	for name, v := range c.RootModule.Variables {
		if v != nil && v.Sensitive {
			out[name] = true
		}
	}
	return out
}

// configSecrets collects the defaults of sensitive variables and the constant values of
// sensitive outputs, in the module and every module it calls.
func configSecrets(m *tfjson.ConfigModule, add func(any)) {
	if m == nil {
		return
	}
	for _, v := range m.Variables {
		if v != nil && v.Sensitive {
			leaves(v.Default, add)
		}
	}
	for _, o := range m.Outputs {
		if o != nil && o.Sensitive && o.Expression != nil && o.Expression.ExpressionData != nil {
			leaves(o.Expression.ConstantValue, add)
		}
	}
	for _, mc := range m.ModuleCalls {
		if mc != nil {
			configSecrets(mc.Module, add)
		}
	}
}
