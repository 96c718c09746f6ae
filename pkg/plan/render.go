package plan

import (
	"fmt"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/repave-dev/repave/pkg/markdown"
)

// DefaultMaxChars is GitHub's limit on the body of an issue or pull-request comment.
const DefaultMaxChars = 65536

// MinMaxChars is the smallest MaxChars Render honours: below it there is no room for the
// marker, the heading and the counts.
const MinMaxChars = 1000

// RenderOptions say what to put around the plan and how long the result may be.
type RenderOptions struct {
	// Marker is written as the first line. When its Fingerprint is empty, Render fills
	// it in with Fingerprint(p).
	Marker Marker
	// Title is the heading; the default is "Terraform plan for `<root>` (workspace `<ws>`)".
	Title string
	// Status is an optional line under the heading, e.g. "Applied in <run link>" or
	// "Not applied: plan changed". It is Markdown and is written as given.
	Status string
	// MaxChars is the most characters (runes) the result may have: 0 means
	// DefaultMaxChars, and anything below MinMaxChars means MinMaxChars.
	MaxChars int
	// FullPlanHint says where the full plan is, in the note written when the diff is cut,
	// e.g. "the job summary of <run url> and the plan artifact".
	FullPlanHint string
	// Images are the root's image references; when set, an "Images" section
	// (RenderImages) follows the dangerous changes, kept whole or left out.
	Images []ImageChange
	// Schema names the attributes that are sets and lists (SchemaOf the provider
	// schemas): set elements are matched by value, list elements by the longest
	// common subsequence. Without it every array is compared as a tuple.
	Schema *Schema
}

// Render writes the Markdown body of the sticky plan comment:
//
//  1. the marker line;
//  2. the heading and the optional status line;
//  3. one line of counts: "**Plan:** 2 to add, 1 to change, 1 to destroy, 1 to replace ·
//     0 drifted outside Terraform" (imports, moves and forgets added as Terraform words
//     them: "1 to import, 0 to add, …, 2 moved, 1 to forget"), or "No changes. …" when
//     there are none;
//  4. a table of the dangerous changes (destroy, replace) with the reason for each;
//  5. inside <details>, a ```diff block per changed resource (attribute by attribute:
//     + added, - removed, ~ changed old → new), then the output changes.
//
// The result is never longer than MaxChars runes. The marker, heading and counts are
// always kept; the dangerous table is kept whole if it fits, otherwise cut with a note;
// the diff is cut at a resource boundary with a note that says how many resources are
// left out and where the full plan is (FullPlanHint).
//
// Sensitive values never appear: values under sensitive markers, sensitive outputs and
// variables render as "(sensitive)", and every string SensitiveValues(p) returns is
// scrubbed from every value, key and address written. Addresses and values are escaped
// so they cannot break the table, close a code fence or inject HTML. The output is
// deterministic.
func Render(p *tfjson.Plan, opts RenderOptions) string {
	limit := opts.MaxChars
	if limit == 0 {
		limit = DefaultMaxChars
	}
	limit = max(limit, MinMaxChars)

	r := renderer{sum: Summarize(p), hint: opts.FullPlanHint, schema: opts.Schema}
	if repl := sensitiveSet(p).scrubber(); repl != nil {
		r.scrub = repl.Replace
	} else {
		r.scrub = func(s string) string { return s }
	}
	if r.hint == "" {
		r.hint = "the job summary of the workflow run and the plan artifact"
	}
	r.hint = r.scrub(r.hint)

	marker := opts.Marker
	if marker.Tool != "" && marker.Version == "" && p != nil {
		marker.Version = p.TerraformVersion // the version is the plan's own
	}
	if marker.Fingerprint == "" && p != nil {
		if fp, err := Fingerprint(p); err == nil {
			marker.Fingerprint = fp
		}
	}

	var b budget
	b.limit = limit
	b.write(marker.String() + "\n\n")
	b.write(r.head(marker, opts))
	if !r.sum.Counts.HasChanges() {
		return b.String()
	}
	r.dangerous(&b)
	r.images(&b, opts.Images)
	r.details(&b)
	return b.String()
}

type renderer struct {
	schema *Schema
	sum    Summary
	scrub  func(string) string
	hint   string
}

// head writes the heading, the status and the counts, which are always kept.
func (r *renderer) head(m Marker, opts RenderOptions) string {
	var b strings.Builder
	title := opts.Title
	if title == "" {
		root, ws := m.Root, m.Workspace
		if root == "" {
			root = "."
		}
		if ws == "" {
			ws = "default"
		}
		title = defaultTitle(m, root, ws) // tool.go
	}
	b.WriteString("### " + r.scrub(title) + "\n\n")
	if opts.Status != "" {
		b.WriteString(r.scrub(opts.Status) + "\n\n")
	}
	c := r.sum.Counts
	engine := ToolName(m.Tool) // tool.go: "OpenTofu" for a tofu plan
	drift := fmt.Sprintf("%d drifted outside %s", c.Drift, engine)
	if !c.HasChanges() {
		b.WriteString("**Plan:** No changes. Your infrastructure matches the configuration.")
		if c.Drift > 0 {
			b.WriteString(" · " + drift)
		}
		b.WriteString("\n")
	} else {
		fmt.Fprintf(&b, "**Plan:** %s · %s", CountsText(c), drift)
		if c.Outputs > 0 {
			fmt.Fprintf(&b, " · %d %s to change", c.Outputs, plural(c.Outputs, "output", "outputs"))
		}
		b.WriteString("\n")
	}
	if c.Drift > 0 {
		b.WriteString("\n" + r.driftLine(engine) + "\n")
	}
	b.WriteString(r.notesLines())
	return b.String()
}

// CountsText is the counts of the counts line, in Terraform's words where it has them
// ("1 to import, " first, only when there are imports).
func CountsText(c Counts) string {
	var b strings.Builder
	if c.Import > 0 {
		fmt.Fprintf(&b, "%d to import, ", c.Import)
	}
	fmt.Fprintf(&b, "%d to add, %d to change, %d to destroy, %d to replace", c.Add, c.Change, c.Destroy, c.Replace)
	if c.Move > 0 {
		fmt.Fprintf(&b, ", %d moved", c.Move)
	}
	if c.Forget > 0 {
		fmt.Fprintf(&b, ", %d to forget", c.Forget)
	}
	if c.Other > 0 {
		fmt.Fprintf(&b, ", %d other %s (see the diff)", c.Other, plural(c.Other, "change", "changes"))
	}
	return b.String()
}

// driftLine names the resources changed outside Terraform (the first ten).
func (r *renderer) driftLine(engine string) string {
	const shown = 10
	var names []string
	for i, d := range r.sum.Drift {
		if i == shown {
			names = append(names, fmt.Sprintf("and %d more", len(r.sum.Drift)-shown))
			break
		}
		names = append(names, markdown.CodeSpan(r.scrub(d.Address))+" ("+actionWords(d)+")")
	}
	return "Changed outside " + engine + " since the last apply: " + strings.Join(names, ", ") + "."
}

func actionWords(c Change) string {
	switch c.Action {
	case ActionDelete:
		return "deleted"
	case ActionCreate:
		return "created"
	default:
		return "modified"
	}
}

// dangerous writes the table of destroys and replacements; if it does not fit whole, as
// many rows as fit and a note.
func (r *renderer) dangerous(b *budget) {
	rows := r.sum.Dangerous()
	if len(rows) == 0 {
		return
	}
	header := fmt.Sprintf("\n#### ⚠️ %d %s destroyed or replaced\n\n| Resource | Action | Reason |\n|---|---|---|\n",
		len(rows), plural(len(rows), "resource will be", "resources will be"))
	lines := make([]string, len(rows))
	size := runes(header)
	for i, c := range rows {
		reason := r.scrub(c.Reason())
		if reason == "" {
			reason = "—"
		}
		lines[i] = fmt.Sprintf("| %s | %s | %s |\n", markdown.Cell(markdown.CodeSpan(r.scrub(c.Address))), dangerLabel(c), markdown.Cell(reason))
		size += runes(lines[i])
	}
	// Leave room for both notes (table and diff), so that whatever is cut can say so.
	note := func(left int) string {
		return fmt.Sprintf("\n_%d more destroyed or replaced %s not shown here; see %s._\n",
			left, plural(left, "resource", "resources"), r.hint)
	}
	reserve := runes(r.diffNote(len(r.sum.Changes), len(r.sum.Changes)))
	if b.fits(size + reserve) {
		b.write(header)
		for _, l := range lines {
			b.write(l)
		}
		return
	}
	reserve += runes(note(len(rows)))
	if !b.fits(runes(header) + reserve) {
		b.writeIfFits(note(len(rows)))
		return
	}
	b.write(header)
	for i, l := range lines {
		if !b.fits(runes(l) + reserve) {
			b.write(note(len(rows) - i))
			return
		}
		b.write(l)
	}
}

func dangerLabel(c Change) string {
	switch {
	case c.Action == ActionDelete:
		return "destroy"
	case c.CreateBeforeDestroy:
		return "replace (create, then destroy)"
	default:
		return "replace (destroy, then create)"
	}
}

func detailsOpen(s Summary) string {
	what := fmt.Sprintf("%d resource %s", len(s.Changes), plural(len(s.Changes), "change", "changes"))
	if len(s.Outputs) > 0 {
		what += fmt.Sprintf(", %d output %s", len(s.Outputs), plural(len(s.Outputs), "change", "changes"))
	}
	return "\n<details><summary>Full plan: " + what + "</summary>\n\n"
}

const detailsClose = "</details>\n"

func (r *renderer) diffNote(left, total int) string {
	return fmt.Sprintf("\n**Diff cut to fit the comment:** %d of %d resource %s not shown here (and the output changes, if any). The full plan is in %s.\n",
		left, total, plural(total, "change is", "changes are"), r.hint)
}

// details writes the per-resource diff, cut at a resource boundary when it does not fit.
// When not even the first resource fits, it writes only the note.
func (r *renderer) details(b *budget) {
	open := detailsOpen(r.sum)
	total := len(r.sum.Changes)
	blocks := total
	if len(r.sum.Outputs) > 0 {
		blocks++
	}
	noteReserve := runes(r.diffNote(total, total))
	opened := false
	for i := 0; i < blocks; i++ {
		var blk string
		if i < total {
			blk = r.resourceBlock(r.sum.Changes[i])
		} else {
			blk = r.outputsBlock()
		}
		need := runes(blk) + runes(detailsClose)
		if !opened {
			need += runes(open)
		}
		if i < blocks-1 {
			need += noteReserve
		}
		if !b.fits(need) {
			if opened {
				b.write(detailsClose)
			}
			b.writeIfFits(r.diffNote(total-min(i, total), total))
			return
		}
		if !opened {
			b.write(open)
			opened = true
		}
		b.write(blk)
	}
	if opened {
		b.write(detailsClose)
	}
}

// resourceBlock writes one resource's diff as a fenced ```diff block.
func (r *renderer) resourceBlock(c Change) string {
	d := &differ{replacePaths: c.ReplacePaths, scrub: r.scrub}
	d.sets, d.lists = r.schema.of(c.Resource.Mode, c.Resource.Type)
	header := "# " + r.scrub(c.Address) + " " + headline(c)
	if c.Action == ActionNoOp && c.Moved() {
		header = "# " + r.scrub(c.PreviousAddress) + " has moved to " + r.scrub(c.Address)
	}
	if reason := c.Reason(); reason != "" {
		header += ": " + strings.ReplaceAll(r.scrub(reason), "`", "")
	}
	d.emit('#', -1, strings.TrimPrefix(header, "# "))
	if c.Moved() && c.Action != ActionNoOp {
		d.emit('#', -1, "(moved from "+r.scrub(c.PreviousAddress)+")")
	}
	if c.Importing {
		d.emit('#', -1, "(imported from "+quote(r.scrub(c.ImportID))+")")
	}
	ch := c.Resource.Change
	before := side{ch.Before, ch.BeforeSensitive, nil}
	after := side{ch.After, ch.AfterSensitive, ch.AfterUnknown}
	switch c.Action {
	case ActionCreate, ActionRead:
		d.attrs(0, side{}, after, nil, '+')
	case ActionDelete:
		d.attrs(0, before, side{}, nil, '-')
	case ActionUpdate, ActionReplace, ActionCreateThenForget, ActionForgetThenCreate:
		d.attrs(0, before, after, nil, 0)
	}
	return fenced(d.String())
}

func headline(c Change) string {
	switch c.Action {
	case ActionCreate:
		return "will be created"
	case ActionUpdate:
		return "will be updated in place"
	case ActionDelete:
		return "will be destroyed"
	case ActionReplace:
		if c.CreateBeforeDestroy {
			return "must be replaced (create, then destroy)"
		}
		return "must be replaced (destroy, then create)"
	case ActionRead:
		return "will be read during apply"
	case ActionForget:
		return "will be removed from state (forget), but will not be destroyed"
	case ActionCreateThenForget, ActionForgetThenCreate:
		return "must be replaced, but the existing object will not be destroyed (" + strings.ReplaceAll(c.Action, "-", " ") + ")"
	case ActionNoOp:
		if c.Importing {
			return "will be imported"
		}
	}
	return "will change"
}

// outputsBlock writes the output changes as one fenced ```diff block.
func (r *renderer) outputsBlock() string {
	d := &differ{scrub: r.scrub}
	width := 0
	for _, o := range r.sum.Outputs {
		width = max(width, runes(attrKey(r.scrub(o.Name))))
	}
	for _, o := range r.sum.Outputs {
		ch := o.Change
		before := side{ch.Before, ch.BeforeSensitive, nil}
		after := side{ch.After, ch.AfterSensitive, ch.AfterUnknown}
		prefix := pad(attrKey(r.scrub(o.Name)), width) + " = "
		switch o.Action {
		case ActionCreate:
			d.change(0, prefix, before, after, nil, '+')
		default: // a deleted output is written "- name = value → null", as Terraform writes it
			d.change(0, prefix, before, after, nil, 0)
		}
	}
	return "**Outputs**\n\n" + fenced(d.String())
}

// fenced wraps diff lines in a code block their content cannot close, and a blank line.
func fenced(body string) string {
	return markdown.CodeBlock("diff", body) + "\n"
}
