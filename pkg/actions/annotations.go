package actions

import (
	"path/filepath"
	"strconv"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/sethvargo/go-githubactions"
)

// Annotation is a message GitHub shows on the run and, with File and Line,
// on that line of the pull request's diff.
type Annotation struct {
	Level     string // "error", "warning" or "notice"; anything else is shown as a warning
	Title     string
	Message   string
	File      string // relative to the repository root, with '/'
	Line      int    // 1-based; 0 = none
	EndLine   int
	Col       int // only used when Line == EndLine (GitHub ignores it otherwise)
	EndColumn int
}

// Annotate writes a as a workflow command, e.g.
// `::error file=main.tf,line=8,title=Reference to undeclared input variable::An input…`.
// Title, message and file are scrubbed; the message is escaped per GitHub's
// rules (%, CR, LF) and properties also escape ':' and ','.
func (r *Runtime) Annotate(a Annotation) {
	level := a.Level
	switch level {
	case "error", "warning", "notice":
	default:
		level = "warning"
	}
	props := githubactions.CommandProperties{}
	if a.Title != "" {
		props["title"] = r.scrubbed(a.Title)
	}
	if a.File != "" {
		props["file"] = r.scrubbed(a.File)
	}
	if a.Line > 0 {
		props["line"] = strconv.Itoa(a.Line)
		end := a.EndLine
		if end < a.Line {
			end = a.Line
		}
		if end != a.Line {
			props["endLine"] = strconv.Itoa(end)
		} else {
			if a.Col > 0 {
				props["col"] = strconv.Itoa(a.Col)
			}
			if a.EndColumn > 0 {
				props["endColumn"] = strconv.Itoa(a.EndColumn)
			}
		}
	}
	r.action.IssueCommand(&githubactions.Command{Name: level, Message: r.scrubbed(a.Message), Properties: props})
}

// AnnotationsFromDiagnostics turns Terraform's JSON diagnostics (from
// `terraform validate -json`, or the diagnostics of `plan -json`) into
// annotations. rootDir is the Terraform root's directory relative to the
// repository (the workspace), so that File is
// filepath.Join(rootDir, range.filename), cleaned and with '/'. The summary
// becomes the title and the detail the message (the summary when there is no
// detail).
func AnnotationsFromDiagnostics(diags []tfjson.Diagnostic, rootDir string) []Annotation {
	out := make([]Annotation, 0, len(diags))
	for _, d := range diags {
		a := Annotation{Level: "warning", Title: d.Summary, Message: d.Detail}
		if d.Severity == tfjson.DiagnosticSeverityError {
			a.Level = "error"
		}
		if a.Message == "" {
			a.Message = d.Summary
		}
		if rg := d.Range; rg != nil && rg.Filename != "" {
			file := rg.Filename
			if !filepath.IsAbs(file) {
				file = filepath.Join(rootDir, file)
			}
			a.File = filepath.ToSlash(filepath.Clean(file))
			a.Line, a.EndLine = rg.Start.Line, rg.End.Line
			a.Col, a.EndColumn = rg.Start.Column, rg.End.Column
		}
		out = append(out, a)
	}
	return out
}
