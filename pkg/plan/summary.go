package plan

import (
	"fmt"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/repave-dev/repave/pkg/markdown"
)

// Actions of a Change, as Terraform names them in its plan output.
const (
	ActionCreate  = "create"
	ActionUpdate  = "update"
	ActionDelete  = "delete"
	ActionReplace = "replace"
	ActionRead    = "read"
	ActionForget  = "forget" // removed from state without being destroyed (a `removed` block)
	// ActionCreateThenForget is a replacement whose old object is removed from state
	// instead of destroyed (Terraform's ["create","forget"]); ActionForgetThenCreate is
	// the same in the other order (["forget","create"]).
	ActionCreateThenForget = "create-then-forget"
	ActionForgetThenCreate = "forget-then-create"
	// ActionNoOp is a resource whose object is neither created, updated nor destroyed,
	// but which is imported or moved to a new address; plain no-op entries are not
	// changes and are left out.
	ActionNoOp = "no-op"
)

// Counts is the one-line summary of a plan.
//
// A replacement counts only in Replace (not also in Add and Destroy). Import and Move
// count resources imported into state and moved to a new address, whatever else is
// planned for them (as Terraform counts imports); Forget counts objects removed from
// state without being destroyed. A create-then-forget counts in Add and Forget, as
// Terraform counts it. Other counts changes whose actions repave does not know (a newer
// Terraform), so that they are never mistaken for no change. Drift is the number of
// resource_drift entries that are real changes (objects changed outside Terraform) that
// Terraform itself shows: those of resources in relevant_attributes (drift.go).
// No-op and read actions are not counted. Outputs is the number of output values that
// change.
type Counts struct {
	Add, Change, Destroy, Replace, Drift int
	Import, Move, Forget, Other          int
	Outputs                              int
	// Deferred and FailedChecks are shown with the counts; neither is a change.
	Deferred, FailedChecks int
}

// HasChanges reports whether applying the plan would change anything: a resource to add,
// change, destroy, replace, import, move or forget, or an output value to change. Drift
// alone is not a change.
func (c Counts) HasChanges() bool {
	return c.Add+c.Change+c.Destroy+c.Replace+c.Import+c.Move+c.Forget+c.Other+c.Outputs > 0
}

// Summary is what a reviewer needs to know about a plan before reading the diff.
type Summary struct {
	Counts Counts
	// Changes are the resource changes that are not no-op, sorted by address (then by
	// deposed key). The dangerous ones (delete, replace) have Dangerous() == true.
	Changes []Change
	// Outputs are the output changes that are not no-op, sorted by name.
	Outputs []OutputChange
	// Drift are the resource_drift entries that are real changes, sorted by address.
	Drift []Change
	// Deferred are the resource changes Terraform deferred to a later plan: this plan
	// does not make them. Checks are the checks that failed or errored (checks.go).
	Deferred []Deferred
	Checks   []FailedCheck

	plan *tfjson.Plan // for DigestOf: its secrets and timestamp
}

// Dangerous returns the changes that destroy something (delete and replace), in address order.
func (s Summary) Dangerous() []Change {
	var out []Change
	for _, c := range s.Changes {
		if c.Dangerous() {
			out = append(out, c)
		}
	}
	return out
}

// Change is one planned change to one resource instance.
type Change struct {
	Address string
	// PreviousAddress is set when the resource moved (a `moved` block or `terraform state mv`).
	PreviousAddress string
	// Action is one of ActionCreate, ActionUpdate, ActionDelete, ActionReplace, ActionRead,
	// ActionForget, ActionCreateThenForget, ActionForgetThenCreate, ActionNoOp (an import
	// or a move only), or Terraform's actions joined by "," when repave does not know them.
	Action string
	// Importing is set when the resource is imported; ImportID is the id it is imported
	// by ("" when imported by identity).
	Importing bool
	ImportID  string
	// CreateBeforeDestroy is set on a replacement that creates the new object first.
	CreateBeforeDestroy bool
	// ActionReason is Terraform's reason as written in the plan, e.g.
	// "replace_because_cannot_update" or "delete_because_no_resource_config"; often empty.
	ActionReason string
	// ReplacePaths are the attribute paths that force a replacement, e.g. [["triggers_replace"]].
	ReplacePaths [][]any
	// Deposed is the deposed key when the change is about a deposed object.
	Deposed string
	// Resource is the plan's entry for this change.
	Resource *tfjson.ResourceChange
}

// Moved reports whether the resource moved from another address.
func (c Change) Moved() bool {
	return c.PreviousAddress != "" && c.PreviousAddress != c.Address
}

// Dangerous reports whether the change destroys an object: a delete or a replace.
func (c Change) Dangerous() bool {
	return c.Action == ActionDelete || c.Action == ActionReplace
}

// Reason says in words why Terraform plans this change, e.g.
// "replace because of `triggers_replace`" or "removed from configuration". It is empty
// when the plan gives no reason. Paths are written in Markdown code spans.
func (c Change) Reason() string {
	var parts []string
	switch tfjson.ActionReason(c.ActionReason) {
	case tfjson.ActionReasonReplaceBecauseTainted:
		parts = append(parts, "tainted (a previous apply failed part-way)")
	case tfjson.ActionReasonReplaceByRequest:
		parts = append(parts, "replacement requested with `-replace`")
	case tfjson.ActionReasonReplaceByTriggers:
		parts = append(parts, "a `replace_triggered_by` reference changed")
	case tfjson.ActionReasonDeleteBecauseNoResourceConfig:
		parts = append(parts, "removed from configuration")
	case tfjson.ActionReasonDeleteBecauseWrongRepetition:
		parts = append(parts, "`count`/`for_each` changed how this resource repeats")
	case tfjson.ActionReasonDeleteBecauseCountIndex:
		parts = append(parts, "index no longer within `count`")
	case tfjson.ActionReasonDeleteBecauseEachKey:
		parts = append(parts, "key no longer in `for_each`")
	case tfjson.ActionReasonDeleteBecauseNoModule:
		parts = append(parts, "module removed from configuration")
	case tfjson.ActionReasonDeleteBecauseNoMoveTarget:
		parts = append(parts, "`moved` target does not exist")
	case tfjson.ActionReasonReadBecauseConfigUnknown:
		parts = append(parts, "configuration depends on values known only after apply")
	case tfjson.ActionReasonReadBecauseDependencyPending:
		parts = append(parts, "depends on a pending change")
	case tfjson.ActionReasonReplaceBecauseCannotUpdate, tfjson.ActionReasonNone:
		// said by the replace paths below, if any
	default:
		parts = append(parts, markdown.Text(strings.ReplaceAll(c.ActionReason, "_", " ")))
	}
	if len(c.ReplacePaths) > 0 {
		paths := make([]string, len(c.ReplacePaths))
		for i, p := range c.ReplacePaths {
			paths[i] = markdown.CodeSpan(formatPath(p))
		}
		parts = append(parts, "replace because of "+strings.Join(paths, ", "))
	}
	if c.Deposed != "" {
		parts = append(parts, "deposed object "+markdown.CodeSpan(c.Deposed))
	}
	return strings.Join(parts, "; ")
}

// OutputChange is one planned change to a root module output value.
type OutputChange struct {
	Name string
	// Action is ActionCreate, ActionUpdate or ActionDelete.
	Action string
	// Sensitive is set when the output is sensitive before or after the change.
	Sensitive bool
	Change    *tfjson.Change
}

// Summarize counts and sorts the changes in a plan. A nil plan has no changes.
func Summarize(p *tfjson.Plan) Summary {
	s := Summary{plan: p}
	if p == nil {
		return s
	}
	for _, rc := range p.ResourceChanges {
		c, ok := newChange(rc)
		if !ok {
			continue
		}
		s.Changes = append(s.Changes, c)
		switch c.Action {
		case ActionCreate:
			s.Counts.Add++
		case ActionUpdate:
			s.Counts.Change++
		case ActionDelete:
			s.Counts.Destroy++
		case ActionReplace:
			s.Counts.Replace++
		case ActionForget:
			s.Counts.Forget++
		case ActionCreateThenForget, ActionForgetThenCreate:
			s.Counts.Add++
			s.Counts.Forget++
		case ActionNoOp, ActionRead:
		default:
			s.Counts.Other++
		}
		if c.Importing {
			s.Counts.Import++
		}
		if c.Moved() {
			s.Counts.Move++
		}
	}
	for _, rc := range p.ResourceDrift {
		if c, ok := newChange(rc); ok && c.Action != ActionNoOp && relevantDrift(p, rc.Address) {
			s.Drift = append(s.Drift, c)
		}
	}
	s.Counts.Drift = len(s.Drift)
	s.Deferred, s.Checks = deferredChanges(p), failedChecks(p)
	s.Counts.Deferred, s.Counts.FailedChecks = len(s.Deferred), len(s.Checks)
	sortChanges(s.Changes)
	sortChanges(s.Drift)

	for _, name := range sortedKeys(p.OutputChanges) {
		oc := p.OutputChanges[name]
		if oc == nil {
			continue
		}
		action := actionOf(oc.Actions)
		if action == "" || action == ActionRead || action == ActionForget {
			continue
		}
		if action == ActionReplace { // outputs have no identity; a replace is an update
			action = ActionUpdate
		}
		s.Outputs = append(s.Outputs, OutputChange{
			Name:      name,
			Action:    action,
			Sensitive: isTrue(oc.BeforeSensitive) || isTrue(oc.AfterSensitive),
			Change:    oc,
		})
	}
	s.Counts.Outputs = len(s.Outputs)
	return s
}

func newChange(rc *tfjson.ResourceChange) (Change, bool) {
	if rc == nil || rc.Change == nil {
		return Change{}, false
	}
	action := actionOf(rc.Change.Actions)
	importing := rc.Change.Importing != nil
	moved := rc.PreviousAddress != "" && rc.PreviousAddress != rc.Address
	switch {
	case action != "":
	case rc.Change.Actions.NoOp() || len(rc.Change.Actions) == 0:
		if !importing && !moved {
			return Change{}, false
		}
		action = ActionNoOp
	default: // actions of a newer Terraform: a change all the same
		parts := make([]string, len(rc.Change.Actions))
		for i, a := range rc.Change.Actions {
			parts[i] = string(a)
		}
		action = strings.Join(parts, ",")
	}
	c := Change{
		Importing:           importing,
		Address:             rc.Address,
		PreviousAddress:     rc.PreviousAddress,
		Action:              action,
		CreateBeforeDestroy: rc.Change.Actions.CreateBeforeDestroy(),
		ActionReason:        string(rc.ActionReason),
		Deposed:             rc.DeposedKey,
		Resource:            rc,
	}
	if importing {
		c.ImportID = rc.Change.Importing.ID
	}
	for _, p := range rc.Change.ReplacePaths {
		if path, ok := p.([]any); ok {
			c.ReplacePaths = append(c.ReplacePaths, path)
		}
	}
	return c, true
}

// actionOf names the action of a change; "" for no-op and for actions it does not know.
func actionOf(a tfjson.Actions) string {
	switch {
	case a.Create():
		return ActionCreate
	case a.Update():
		return ActionUpdate
	case a.Delete():
		return ActionDelete
	case a.Replace():
		return ActionReplace
	case a.Read():
		return ActionRead
	case a.Forget():
		return ActionForget
	case len(a) == 2 && a[0] == tfjson.ActionCreate && a[1] == tfjson.ActionForget:
		return ActionCreateThenForget
	case len(a) == 2 && a[0] == tfjson.ActionForget && a[1] == tfjson.ActionCreate:
		return ActionForgetThenCreate
	}
	return ""
}

func sortChanges(cs []Change) {
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].Address != cs[j].Address {
			return cs[i].Address < cs[j].Address
		}
		return cs[i].Deposed < cs[j].Deposed
	})
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// formatPath writes an attribute path from the plan JSON the way Terraform writes it in
// configuration: tags["env"], ports[0], triggers_replace.
func formatPath(path []any) string {
	var b strings.Builder
	for i, step := range path {
		switch v := step.(type) {
		case string:
			if i == 0 {
				b.WriteString(v)
			} else if isIdentifier(v) {
				b.WriteString("." + v)
			} else {
				b.WriteString("[" + quote(v) + "]")
			}
		default:
			fmt.Fprintf(&b, "[%v]", v)
		}
	}
	return b.String()
}

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		letter := r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
		if !letter && (i == 0 || !(r == '-' || (r >= '0' && r <= '9'))) {
			return false
		}
	}
	return true
}
