package deploy

import (
	"fmt"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// A rollout moves traffic in stages; it must only move what the reviewed
// change moves. flip and newVersion read the reviewed final plan and say,
// with the reason, when a change moves no traffic and is applied at once.

const nothingLive = "nothing is live yet (the state holds no resource): there is no traffic to move, so the first deploy is applied at once"

// flip returns the live color when the committed configuration switches
// traffic from it to target, a color with instances. Otherwise it returns
// why the change is applied at once. The live color is the state's value of
// the root's output named like the color variable: the plan's output_changes
// hold it as the value before the apply (its prior_state holds outputs
// already evaluated against the new configuration).
func (s Strategy) flip(p *tfjson.Plan, cv, target string) (live, why string, err error) {
	if !anythingLive(p) {
		return "", nothingLive, nil
	}
	if oc := p.OutputChanges[cv]; oc != nil {
		live, _ = oc.Before.(string)
	}
	if live == "" {
		return "", "", fmt.Errorf("strategy blue-green needs to know which color is live, and the state holds no output %q: declare `output %q { value = var.%s }` in the root and deploy it once with strategy all-at-once, then release through blue-green", cv, cv, cv)
	}
	if otherColor[live] == "" {
		return "", "", fmt.Errorf("strategy blue-green: the live color (the state's output %q) is %q, not blue or green", cv, live)
	}
	if live == target {
		return "", fmt.Sprintf("the committed configuration keeps traffic on %s, the live color (%s = %q): nothing to switch, so the change is applied at once", target, cv, target), nil
	}
	if n, ok := variable(p, target+"_count"); ok && n == "0" {
		return "", fmt.Sprintf("%s has no instances (%s_count = 0): nothing to check before the switch, so the change is applied at once", target, target), nil
	}
	if oc := p.OutputChanges["health_check_urls_"+target]; oc != nil && oc.AfterUnknown != true {
		if urls, ok := oc.After.([]any); ok && len(urls) == 0 {
			return "", fmt.Sprintf("%s has no instances to check (health_check_urls_%s is empty): nothing to check before the switch, so the change is applied at once", target, target), nil
		}
	}
	return live, "", nil
}

// anythingLive reports whether the state before the plan holds a resource.
func anythingLive(p *tfjson.Plan) bool {
	if p.PriorState == nil || p.PriorState.Values == nil {
		return false
	}
	var has func(m *tfjson.StateModule) bool
	has = func(m *tfjson.StateModule) bool {
		if m == nil {
			return false
		}
		for _, r := range m.Resources {
			if r.Mode == tfjson.ManagedResourceMode {
				return true
			}
		}
		for _, c := range m.ChildModules {
			if has(c) {
				return true
			}
		}
		return false
	}
	return has(p.PriorState.Values.RootModule)
}

// newVersion returns why a canary change is applied at once: the plan
// creates, changes or replaces no resource of the new version, which is
// every resource whose configuration uses the version variable (directly,
// or through a module input set from it). It returns "" when the weights
// must run.
func (s Strategy) newVersion(p *tfjson.Plan) (string, error) {
	vv := or(s.VersionVariable, "image_id")
	if _, ok := variable(p, vv); !ok {
		return "", fmt.Errorf("strategy canary needs the root's variable %q (the new version, such as the image): the resources that use it are the new version that the canary weights send traffic to; see the canary contract in docs/rollouts.md or set version-variable", vv)
	}
	if !anythingLive(p) {
		return nothingLive, nil
	}
	users := map[string]bool{}
	if p.Config != nil {
		usersOf(p.Config.RootModule, "", map[string]bool{vv: true}, users)
	}
	for _, rc := range p.ResourceChanges {
		if rc == nil || rc.Change == nil || rc.Mode != tfjson.ManagedResourceMode {
			continue
		}
		if a := rc.Change.Actions; (a.Create() || a.Update() || a.Replace()) && users[configAddress(rc)] {
			return "", nil
		}
	}
	return fmt.Sprintf("the plan creates, changes or replaces no resource that uses var.%s (the new version): no traffic to shift, so the change is applied at once", vv), nil
}

// usersOf adds to out the configuration addresses (module path without
// instance keys, then type.name) of the resources of m, at prefix, whose
// configuration refers to one of vars.
func usersOf(m *tfjson.ConfigModule, prefix string, vars map[string]bool, out map[string]bool) {
	if m == nil {
		return
	}
	for _, r := range m.Resources {
		if r == nil || r.Mode != tfjson.ManagedResourceMode {
			continue
		}
		if refersAll(r.Expressions, vars) || refers(r.CountExpression, vars) || refers(r.ForEachExpression, vars) {
			out[prefix+r.Type+"."+r.Name] = true
		}
	}
	for name, mc := range m.ModuleCalls {
		if mc == nil {
			continue
		}
		inputs := map[string]bool{}
		for arg, e := range mc.Expressions {
			if refers(e, vars) {
				inputs[arg] = true
			}
		}
		if len(inputs) > 0 {
			usersOf(mc.Module, prefix+"module."+name+".", inputs, out)
		}
	}
}

func refersAll(exprs map[string]*tfjson.Expression, vars map[string]bool) bool {
	for _, e := range exprs {
		if refers(e, vars) {
			return true
		}
	}
	return false
}

// refers reports whether e, or a block nested in it, refers to var.<v> for
// one of vars.
func refers(e *tfjson.Expression, vars map[string]bool) bool {
	if e == nil || e.ExpressionData == nil {
		return false
	}
	for _, ref := range e.References {
		name, ok := strings.CutPrefix(ref, "var.")
		if !ok {
			continue
		}
		if i := strings.IndexAny(name, ".["); i >= 0 {
			name = name[:i]
		}
		if vars[name] {
			return true
		}
	}
	for _, block := range e.NestedBlocks {
		if refersAll(block, vars) {
			return true
		}
	}
	return false
}

// configAddress is the configuration address of a planned resource
// instance: module.a["x"].module.b[0] and terraform_data.web[1] become
// module.a.module.b.terraform_data.web.
func configAddress(rc *tfjson.ResourceChange) string {
	mod := withoutKeys(rc.ModuleAddress)
	if mod != "" {
		mod += "."
	}
	return mod + rc.Type + "." + rc.Name
}

// withoutKeys drops the instance keys ([0], ["a.b"]) of a module address.
func withoutKeys(addr string) string {
	var b strings.Builder
	depth, quoted, escaped := 0, false, false
	for _, r := range addr {
		switch {
		case depth == 0 && r == '[':
			depth = 1
		case depth == 0:
			b.WriteRune(r)
		case escaped:
			escaped = false
		case quoted && r == '\\':
			escaped = true
		case r == '"':
			quoted = !quoted
		case !quoted && r == ']':
			depth = 0
		}
	}
	return b.String()
}
