package plan

import (
	"strings"
	"unicode/utf8"
)

// budget is a text that may not grow beyond limit runes. Parts that must be kept are
// written with write; write cuts them hard at the limit, so the text is never longer
// than the limit whatever it is given. Callers check fits first to cut at a boundary.
type budget struct {
	b     strings.Builder
	n     int
	limit int
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// fits reports whether n more runes fit.
func (b *budget) fits(n int) bool { return b.n+n <= b.limit }

// write appends s, cut to the runes that fit.
func (b *budget) write(s string) {
	n := runes(s)
	if !b.fits(n) {
		s = cutRunes(s, b.limit-b.n)
		n = runes(s)
	}
	b.b.WriteString(s)
	b.n += n
}

// writeIfFits appends s only if it fits whole.
func (b *budget) writeIfFits(s string) {
	if b.fits(runes(s)) {
		b.write(s)
	}
}

func (b *budget) String() string { return b.b.String() }

// cutRunes returns the first n runes of s.
func cutRunes(s string, n int) string {
	if n <= 0 {
		return ""
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}
