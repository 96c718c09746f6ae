package runner

import (
	"strconv"

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
