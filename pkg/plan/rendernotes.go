package plan

import (
	"fmt"
	"strings"

	"github.com/repave-dev/repave/pkg/markdown"
)

// notesLines are the lines under the counts for what the plan does not do: checks that
// failed or errored, and changes Terraform deferred to a later plan. Both are part of
// the head, which is always kept (the first ten of each are named).
func (r *renderer) notesLines() string {
	const shown = 10
	var b strings.Builder
	if cs := r.sum.Checks; len(cs) > 0 {
		var names []string
		for i, c := range cs {
			if i == shown {
				names = append(names, fmt.Sprintf("and %d more", len(cs)-shown))
				break
			}
			what := markdown.CodeSpan(r.scrub(c.Address))
			if c.Status == "error" {
				what += " (could not be evaluated)"
			}
			if len(c.Problems) > 0 {
				what += ": " + markdown.CodeSpan(r.scrub(strings.Join(c.Problems, "; ")))
			}
			names = append(names, what)
		}
		fmt.Fprintf(&b, "\n**⚠️ %d %s:** %s.\n", len(cs), plural(len(cs), "check failed", "checks failed"), strings.Join(names, ", "))
	}
	if ds := r.sum.Deferred; len(ds) > 0 {
		var names []string
		for i, d := range ds {
			if i == shown {
				names = append(names, fmt.Sprintf("and %d more", len(ds)-shown))
				break
			}
			names = append(names, markdown.CodeSpan(r.scrub(d.Address))+" ("+strings.TrimPrefix(headline(d.Change), "will be ")+": "+d.Why+")")
		}
		fmt.Fprintf(&b, "\n**%d %s to a later plan** (this plan does not make %s): %s.\n", len(ds),
			plural(len(ds), "change deferred", "changes deferred"), plural(len(ds), "it", "them"), strings.Join(names, ", "))
	}
	return b.String()
}
