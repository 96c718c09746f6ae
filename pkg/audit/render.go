package audit

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/repave-dev/repave/pkg/plan"

	"github.com/repave-dev/repave/pkg/markdown"
)

// MaxIssueBody is GitHub's limit on an issue body, in characters.
const MaxIssueBody = 65536

// Marker is the first line of a root's issue: the issue is found by it. Root
// and workspace are escaped (markdown.CommentField): a directory's name cannot
// end the hidden comment, nor read as another root and workspace.
func Marker(root, workspace, findingsHash string) string {
	return markerPrefix(root, workspace) + "digest=" + markdown.CommentField(findingsHash) + " -->"
}

// markerPrefix matches the marker of root and workspace, whatever the findings hash.
func markerPrefix(root, workspace string) string {
	return fmt.Sprintf("<!-- repave:audit root=%s workspace=%s ", markdown.CommentField(root), markdown.CommentField(workspace))
}

// findingsHashOf returns the findings hash in an issue body's marker (its
// key stays digest=: the issues already open carry it).
func findingsHashOf(body string) string {
	first, _, _ := strings.Cut(body, "\n")
	_, d, ok := strings.Cut(first, " digest=")
	if !ok {
		return ""
	}
	return strings.TrimSuffix(strings.TrimSpace(d), " -->")
}

// Title is the title of a root's issue.
func Title(r RootReport) string {
	what := plan.ToolName(r.Tool) + " root " + r.Root
	if r.Root == RepositoryRoot {
		what = "the repository"
	}
	if r.Workspace != "default" {
		what += " (workspace " + r.Workspace + ")"
	}
	return fmt.Sprintf("Audit: %s has %s", what, plural(r.Findings(), "finding"))
}

// Counts is the one-line summary of a root's findings.
func Counts(r RootReport) string {
	return fmt.Sprintf("%s changed outside the pipeline, %s drifted outside Terraform, %s, %s, %s",
		plural(len(r.Pending), "resource"), plural(len(r.Drift), "resource"),
		plural(len(r.Manual), "manual change"), plural(len(r.Attempts), "denied or failed attempt"), plural(len(r.Hygiene), "hygiene problem")) + healthCount(r.Health)
}

// RenderRoot renders a root's findings as Markdown (the issue body without
// its marker, and the root's section of the job summary), redacting every
// value of sensitive. runURL, when set, names the run that found them.
func RenderRoot(r RootReport, runURL string, sensitive []string) string {
	var b strings.Builder
	title := markdown.CodeSpan(r.Root)
	if r.Root == RepositoryRoot {
		title = "the repository"
	}
	fmt.Fprintf(&b, "### Audit of %s, workspace %s\n\n", title, markdown.CodeSpan(r.Workspace))
	if r.Tool != "" {
		fmt.Fprintf(&b, "Checked with %s.\n\n", plan.ToolName(r.Tool))
	}
	if r.Error != "" {
		fmt.Fprintf(&b, "**Terraform could not check this root:**\n\n%s\n", markdown.CodeBlock("", r.Error))
	}
	if r.Findings() == 0 {
		if r.Error == "" {
			b.WriteString("No findings: no drift, no manual changes, no hygiene problems.\n")
		}
		suppressedTable(&b, r.Suppressed)
		return scrub(b.String(), sensitive)
	}
	fmt.Fprintf(&b, "**%s**: %s.\n", plural(r.Findings(), "finding"), Counts(r))
	if runURL != "" {
		fmt.Fprintf(&b, "Found by %s.\n", runURL)
	}
	if len(r.Pending) > 0 {
		b.WriteString("\n#### State changed outside the pipeline\n\n")
		b.WriteString("A plan of the default branch would change these resources: their state no longer matches main's configuration, so someone applied from outside the pipeline. Re-apply main through the pipeline, or commit the change through a pull request.\n\n")
		changeTable(&b, r.Pending, "in state now", "main's configuration", sensitive)
	}
	if len(r.Drift) > 0 {
		b.WriteString("\n#### Drift outside Terraform (refresh-only plan)\n\n")
		b.WriteString("These objects were changed outside Terraform: the real object differs from the state.\n\n")
		changeTable(&b, r.Drift, "in state", "real object", sensitive)
	}
	if len(r.Manual) > 0 {
		b.WriteString("\n#### Manual changes (audit logs)\n\n")
		eventTable(&b, r.Manual, false, sensitive)
	}
	if len(r.Attempts) > 0 {
		b.WriteString("\n#### Denied or failed attempts (audit logs)\n\n")
		b.WriteString("These calls failed or were denied: they changed nothing, but someone tried.\n\n")
		eventTable(&b, r.Attempts, true, sensitive)
	}
	if len(r.Hygiene) > 0 {
		b.WriteString("\n#### Hygiene\n\n| file | line | rule | problem |\n| --- | --- | --- | --- |\n")
		for _, f := range r.Hygiene {
			fmt.Fprintf(&b, "| %s | %d | %s | %s |\n", codeCell(f.File), f.Line, textCell(f.Rule), textCell(f.Message))
		}
	}
	suppressedTable(&b, r.Suppressed)
	renderHealth(&b, r.Health)
	return scrub(b.String(), sensitive)
}

// eventTable lists audit-log events; with errors, the error code too.
func eventTable(b *strings.Builder, list []ManualChange, errors bool, sensitive []string) {
	head, sep := "| time (UTC) | event | by | resource | how |", "| --- | --- | --- | --- | --- |"
	if errors {
		head, sep = head+" error |", sep+" --- |"
	}
	b.WriteString(head + "\n" + sep + "\n")
	for _, m := range list {
		res := "unmatched"
		if m.Address != "" {
			res = codeCell(m.Address)
		} else if len(m.ResourceNames) > 0 {
			res = "unmatched: " + textCell(strings.Join(m.ResourceNames, ", "))
		}
		how := textCell(short(m.UserAgent, 40, sensitive))
		if m.Console {
			how = "**" + consoleName(m.Cloud) + "**"
		}
		fmt.Fprintf(b, "| %s | %s %s | %s | %s | %s |", m.Time.Format("2006-01-02 15:04:05"),
			textCell(m.Source), codeCell(m.Name), textCell(m.Principal), res, how)
		if errors {
			fmt.Fprintf(b, " %s %s |", codeCell(m.ErrorCode), textCell(short(m.ErrorMessage, 80, sensitive)))
		}
		b.WriteString("\n")
	}
}

// suppressedTable lists the suppressed hygiene findings with their reasons.
func suppressedTable(b *strings.Builder, list []Finding) {
	if len(list) == 0 {
		return
	}
	b.WriteString("\n#### Suppressed hygiene findings\n\nSuppressed by `# repave:ignore <rule> <reason>` comments; not counted.\n\n| file | line | rule | reason |\n| --- | --- | --- | --- |\n")
	for _, f := range list {
		fmt.Fprintf(b, "| %s | %d | %s | %s |\n", codeCell(f.File), f.Line, textCell(f.Rule), textCell(f.Reason))
	}
}

// consoleName is what each cloud calls its web console.
func consoleName(cloud string) string {
	switch cloud {
	case CloudGCP:
		return "Google Cloud console"
	case CloudAzure:
		return "Azure portal"
	}
	return "AWS console"
}

func changeTable(b *strings.Builder, list []ResourceChange, before, after string, sensitive []string) {
	fmt.Fprintf(b, "| resource | action | attribute | %s | %s |\n| --- | --- | --- | --- | --- |\n", before, after)
	for _, c := range list {
		action := strings.Join(c.Actions, ", ")
		if len(c.Attributes) == 0 {
			fmt.Fprintf(b, "| %s | %s | | | |\n", codeCell(c.Address), action)
		}
		for i, a := range c.Attributes {
			addr := ""
			if i == 0 {
				addr = codeCell(c.Address)
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", addr, action, codeCell(a.Path), valueCell(short(a.Before, 80, sensitive)), valueCell(short(a.After, 80, sensitive)))
		}
	}
}

// IssueBody is the marker and the rendering, cut to GitHub's limit.
func IssueBody(r RootReport, runURL string, sensitive []string) string {
	body := Marker(r.Root, r.Workspace, r.FindingsHash()) + "\n" + RenderRoot(r, runURL, sensitive) +
		"\n_This issue is kept by repave audit-check: it is updated while findings last and closed when the root is clean._\n"
	if utf8.RuneCountInString(body) <= MaxIssueBody {
		return body
	}
	cut := []rune(body)[:MaxIssueBody-300]
	return string(cut) + "\n\n… cut to fit GitHub's limit: the full list is in the job summary and the JSON report of the run.\n"
}

// Summary renders the job summary: a table of every root, then each root's
// findings.
func Summary(rep *Report, issues map[string]string, sensitive []string) string {
	var b strings.Builder
	b.WriteString("## repave audit-check\n\n| root | workspace | drift | manual changes | denied or failed | hygiene | issue |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	for _, r := range rep.Roots {
		drift := fmt.Sprintf("%d pending, %d refresh-only", len(r.Pending), len(r.Drift))
		if r.Error != "" {
			drift = "**not checked** (Terraform failed)"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %d | %d | %d | %s |\n", codeCell(r.Root), codeCell(r.Workspace), drift, len(r.Manual), len(r.Attempts), len(r.Hygiene), issues[r.Root])
	}
	for _, r := range rep.Roots {
		b.WriteString("\n")
		b.WriteString(RenderRoot(r, "", sensitive))
	}
	return scrub(b.String(), sensitive)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// textCell is plain text in a table cell; codeCell, text shown as code there.
func textCell(s string) string { return markdown.Cell(markdown.Text(s)) }
func codeCell(s string) string { return markdown.Cell(markdown.CodeSpan(s)) }

// valueCell is an attribute's value in a table cell: as code, or in italics
// when it stands for a value it does not show.
func valueCell(s string) string {
	if s == plan.Sensitive || s == plan.KnownAfterApply || s == plan.Absent {
		return "_" + s + "_"
	}
	return codeCell(s)
}

// short cuts s to n characters for a cell, after hiding the sensitive
// values: the scrub of the whole text cannot find a secret the cut fell
// inside, and would leave its start shown.
func short(s string, n int, sensitive []string) string {
	s = scrub(s, sensitive)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
