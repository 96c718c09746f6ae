package secrets

import (
	"encoding/json"
	"sort"
	"strings"
)

// Redacted replaces every secret value in scrubbed text, as Terraform's
// sensitive values are shown.
const Redacted = "(sensitive)"

// MinScrubLen is the shortest text the scrubber replaces: a line of one to
// three characters (a "}" in a JSON credential) is not a secret on its own,
// and replacing it everywhere would garble every text. Whole values are
// always replaced, however short.
const MinScrubLen = 4

// Scrubber replaces known secret values in text.
type Scrubber struct {
	needles []string // longest first, so a value wins over its own lines
}

// NewScrubber returns a scrubber for values: each value, each line of a
// multi-line value (trimmed), and the JSON-escaped form of each, since a
// value with a quote, backslash or newline appears escaped in plan JSON.
func NewScrubber(values []string) *Scrubber {
	set := map[string]bool{}
	add := func(v string, min int) {
		if len(strings.TrimSpace(v)) < min {
			return
		}
		set[v] = true
		if b, err := json.Marshal(v); err == nil {
			if esc := string(b[1 : len(b)-1]); esc != v {
				set[esc] = true
			}
		}
	}
	for _, v := range values {
		add(v, 1)
		if strings.ContainsAny(v, "\r\n") {
			for _, l := range strings.FieldsFunc(v, func(c rune) bool { return c == '\n' || c == '\r' }) {
				add(strings.TrimSpace(l), MinScrubLen)
			}
		}
	}
	s := &Scrubber{}
	for v := range set {
		s.needles = append(s.needles, v)
	}
	sort.Slice(s.needles, func(i, j int) bool {
		if len(s.needles[i]) != len(s.needles[j]) {
			return len(s.needles[i]) > len(s.needles[j])
		}
		return s.needles[i] < s.needles[j]
	})
	return s
}

// Scrub returns text with every secret value replaced by Redacted.
func (s *Scrubber) Scrub(text string) string {
	if s == nil {
		return text
	}
	for _, n := range s.needles {
		if strings.Contains(text, n) {
			text = strings.ReplaceAll(text, n, Redacted)
		}
	}
	return text
}
