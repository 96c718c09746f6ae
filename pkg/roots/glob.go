package roots

import (
	"fmt"
	"strings"
)

// Patterns chooses root directories by glob, the way GitHub's `paths:`
// filters read: one pattern per line, `*` matches within one path segment,
// `**` matches any number of segments (none included), `{a,b}` either, and
// a leading `!` excludes what an earlier pattern included (doublestar.go). The last pattern that matches a
// directory decides. Patterns made only of exclusions start from `**`.
type Patterns struct {
	rules []rule
}

type rule struct {
	exclude bool
	segs    []string
	text    string
}

// PatternError is a roots line that is not a glob of directories inside the
// repository.
type PatternError struct {
	Line    int    // 1-based
	Pattern string // the line as written
	Reason  string // what is wrong
	Want    string // what is accepted
}

const globWant = "`*` within a directory name, `**` for any depth, and `!` first to exclude, e.g. `infra/**` and `!infra/sandbox/**`"

// Error reads: roots line 2 ("infra/[") is not a valid glob (...); use ...
func (e *PatternError) Error() string {
	return fmt.Sprintf("roots line %d (%q) %s; use %s", e.Line, e.Pattern, e.Reason, e.Want)
}

// ParsePatterns reads glob lines; blank lines and lines starting with `#` are
// ignored, and no line at all means `**` (every directory). A malformed glob
// is a *PatternError naming the line and what to fix.
func ParsePatterns(lines []string) (Patterns, error) {
	var p Patterns
	includes := 0
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		r := rule{text: l}
		if strings.HasPrefix(l, "!") {
			r.exclude = true
			l = strings.TrimSpace(l[1:])
		}
		l = strings.TrimPrefix(strings.Trim(l, "/"), "./")
		if l == "" || l == "." {
			if r.exclude {
				return Patterns{}, &PatternError{Line: i + 1, Pattern: r.text, Reason: "excludes nothing", Want: "the directories to exclude after the `!`, e.g. `!infra/sandbox/**`"}
			}
			l = "."
		}
		if l != "." {
			r.segs = strings.Split(l, "/")
		}
		if !validGlob(l) {
			return Patterns{}, &PatternError{Line: i + 1, Pattern: r.text, Reason: "is not a valid glob", Want: globWant}
		}
		for _, s := range r.segs {
			if s == "" || s == ".." {
				return Patterns{}, &PatternError{Line: i + 1, Pattern: r.text, Reason: "is not a path inside the repository", Want: "a glob relative to the repository root, e.g. `infra/**`"}
			}
		}
		if !r.exclude {
			includes++
		}
		p.rules = append(p.rules, r)
	}
	if includes == 0 {
		p.rules = append([]rule{{segs: []string{"**"}, text: "**"}}, p.rules...)
	}
	return p, nil
}

// Match reports whether dir (slash-separated, relative to the repository
// root, "." for the root itself) is chosen.
func (p Patterns) Match(dir string) bool {
	ok := false
	for _, r := range p.rules {
		if matchGlob(r, dir) {
			ok = !r.exclude
		}
	}
	return ok
}
