package roots

import (
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// The roots globs and audit-check's globs share one engine,
// github.com/bmatcuk/doublestar/v4: `*` and `?` within a path segment,
// `**` across any number of segments (none included), `[...]` classes and
// `{a,b}` alternatives.

// validGlob reports whether pattern is a glob the engine accepts.
func validGlob(pattern string) bool {
	return doublestar.ValidatePattern(pattern)
}

// matchGlob reports whether the rule's pattern matches dir ("." is the
// repository's top, matched by "." and by patterns such as `**`).
func matchGlob(r rule, dir string) bool {
	if r.segs == nil { // the pattern "."
		return dir == "." || dir == ""
	}
	if dir == "." {
		dir = ""
	}
	ok, _ := doublestar.Match(strings.Join(r.segs, "/"), dir)
	return ok
}
