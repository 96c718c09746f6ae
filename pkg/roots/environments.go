package roots

import (
	"strings"
	"unicode"
)

// Environments maps roots to the GitHub environment that gates their
// applies: one `glob = environment` per line, the glob as in Patterns (`*`
// within a directory name, `**` any depth), the first matching line wins.
type Environments struct {
	rules []envRule
}

type envRule struct {
	match Patterns
	name  string
}

// maxEnvironmentName is GitHub's limit on an environment name.
const maxEnvironmentName = 255

// ParseEnvironments reads mapping lines; blank lines and lines starting with
// `#` are ignored. A line that is not `glob = name`, a bad glob or a name
// GitHub would refuse is a *PatternError naming the line.
func ParseEnvironments(lines []string) (Environments, error) {
	var e Environments
	const want = "one `glob = environment` per line, e.g. `prod/** = production`"
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		glob, name, ok := strings.Cut(t, "=")
		glob, name = strings.TrimSpace(glob), strings.TrimSpace(name)
		switch {
		case !ok:
			return Environments{}, &PatternError{Line: i + 1, Pattern: t, Reason: "is not `glob = environment`", Want: want}
		case glob == "" || strings.HasPrefix(glob, "!"):
			return Environments{}, &PatternError{Line: i + 1, Pattern: t, Reason: "has no glob of roots before `=`", Want: want}
		case name == "":
			return Environments{}, &PatternError{Line: i + 1, Pattern: t, Reason: "names no environment after `=`", Want: want}
		case len(name) > maxEnvironmentName || strings.IndexFunc(name, unicode.IsControl) >= 0:
			return Environments{}, &PatternError{Line: i + 1, Pattern: t, Reason: "names an environment GitHub does not accept (at most 255 characters, no control characters)", Want: want}
		}
		p, err := ParsePatterns([]string{glob})
		if err != nil {
			pe := err.(*PatternError)
			pe.Line, pe.Pattern = i+1, t
			return Environments{}, pe
		}
		e.rules = append(e.rules, envRule{match: p, name: name})
	}
	return e, nil
}

// For returns the environment of root (slash-separated, relative to the
// repository root), or "" when no line matches.
func (e Environments) For(root string) string {
	root = strings.TrimPrefix(strings.Trim(root, "/"), "./")
	for _, r := range e.rules {
		if r.match.Match(root) {
			return r.name
		}
	}
	return ""
}

// Empty reports whether the mapping has no line.
func (e Environments) Empty() bool { return len(e.rules) == 0 }
