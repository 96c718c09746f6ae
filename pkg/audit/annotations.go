package audit

import "fmt"

// Note is one annotation to show on the run: a file and line when it has one.
type Note struct {
	Level   string // "error" or "warning"
	Title   string
	Message string
	File    string
	Line    int
}

// MaxNotesPerLevel is how many error and how many warning annotations GitHub
// shows per step.
const MaxNotesPerLevel = 10

// Notes turns the report into annotations within GitHub's limits: hygiene
// findings on their file and line (secrets as errors), drift and manual
// changes as warnings. When a level has more than MaxNotesPerLevel, the last
// one says how many more there are and where to read them.
func Notes(rep *Report) []Note {
	var errs, warns []Note
	add := func(n Note) {
		if n.Level == "error" {
			errs = append(errs, n)
		} else {
			warns = append(warns, n)
		}
	}
	for _, r := range rep.Roots {
		if r.Error != "" {
			add(Note{Level: "error", Title: "Audit: " + r.Root + " not checked", Message: "Terraform could not check this root: see the log"})
		}
		for _, c := range r.Pending {
			add(Note{Level: "warning", Title: "State changed outside the pipeline", Message: fmt.Sprintf("%s in %s: main's plan would %v it", c.Address, r.Root, c.Actions)})
		}
		for _, c := range r.Drift {
			add(Note{Level: "warning", Title: "Drift outside Terraform", Message: fmt.Sprintf("%s in %s changed outside Terraform", c.Address, r.Root)})
		}
		for _, m := range r.Manual {
			what := m.Address
			if what == "" {
				what = "a resource in no root's state"
			}
			via := ""
			if m.Console {
				via = " in the " + consoleName(m.Cloud)
			}
			add(Note{Level: "warning", Title: "Manual change", Message: fmt.Sprintf("%s by %s%s on %s at %s", m.Name, m.Principal, via, what, m.Time.Format("2006-01-02 15:04 UTC"))})
		}
		for _, m := range r.Attempts {
			add(Note{Level: "warning", Title: "Denied or failed attempt", Message: fmt.Sprintf("%s by %s failed (%s) at %s", m.Name, m.Principal, m.ErrorCode, m.Time.Format("2006-01-02 15:04 UTC"))})
		}
		for _, f := range r.Hygiene {
			add(Note{Level: f.Severity, Title: "Hygiene: " + f.Rule, Message: f.Message, File: f.File, Line: f.Line})
		}
	}
	return append(limit(errs, "error"), limit(warns, "warning")...)
}

func limit(list []Note, level string) []Note {
	if len(list) <= MaxNotesPerLevel {
		return list
	}
	more := len(list) - (MaxNotesPerLevel - 1)
	out := append([]Note(nil), list[:MaxNotesPerLevel-1]...)
	return append(out, Note{Level: level, Title: fmt.Sprintf("%d more %ss", more, level),
		Message: fmt.Sprintf("%d more audit %ss are not annotated (GitHub shows %d per step): see the job summary and the JSON report", more, level, MaxNotesPerLevel)})
}
