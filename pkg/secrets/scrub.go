package secrets

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/repave-dev/repave/pkg/plan"
)

// Redacted replaces every secret value in scrubbed text: what a value
// Terraform marks sensitive is shown as (plan.Sensitive), so that a value
// redacted by marker and one scrubbed by value read the same.
const Redacted = plan.Sensitive

// MinScrubLen is the shortest text the scrubber replaces: a line of one to
// three characters (a "}" in a JSON credential) is not a secret on its own,
// and replacing it everywhere would garble every text. Vault values shorter
// than this are refused (see ShortValueError); shorter Terraform-sensitive
// values are redacted where Terraform marks them, not by value.
const MinScrubLen = 4

// literal are JSON's words: a sensitive string "true" cannot be told from
// every boolean in every text (the step output changes=true), so, as booleans,
// it is redacted where it is marked, not by value.
var literal = map[string]bool{"true": true, "false": true, "null": true, "TRUE": true, "FALSE": true, "NULL": true}

// Scrubber replaces known secret values, in every textual form they take
// (Forms), in text. It is safe for concurrent use, and values can be added
// while it is in use: a run learns the plan's sensitive values after it
// learned Vault's, and every output path must then hide both.
type Scrubber struct {
	mu      sync.RWMutex
	needles map[string]struct{}
	repl    *strings.Replacer // built from needles on first use after a change
	order   []string          // needles, longest first
}

// NewScrubber returns a scrubber for values (and every form of each).
func NewScrubber(values []string) *Scrubber {
	s := &Scrubber{needles: map[string]struct{}{}}
	for _, v := range values {
		s.addString(v)
	}
	return s
}

// Add adds secret values: strings, numbers (json.Number, float64, ints) and
// the leaves of lists and maps of them. Booleans and nil are ignored: "true"
// cannot be replaced in text; they are redacted where they are marked.
func (s *Scrubber) Add(values ...any) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range values {
		s.addLocked(v)
	}
}

func (s *Scrubber) addLocked(v any) {
	switch x := v.(type) {
	case string:
		s.addStringLocked(x)
	case json.Number:
		for _, f := range NumberForms(x) {
			s.put(f)
		}
	case float64:
		for _, f := range NumberForms(json.Number(formatFloat(x))) {
			s.put(f)
		}
	case int:
		s.addLocked(float64(x))
	case int64:
		s.addLocked(float64(x))
	case []any:
		for _, e := range x {
			s.addLocked(e)
		}
	case []string:
		for _, e := range x {
			s.addStringLocked(e)
		}
	case map[string]any:
		for _, e := range x {
			s.addLocked(e)
		}
	}
}

func (s *Scrubber) addString(v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addStringLocked(v)
}

func (s *Scrubber) addStringLocked(v string) {
	if v == Redacted || utf8.RuneCountInString(strings.TrimSpace(v)) < MinScrubLen {
		return
	}
	for _, f := range Forms(v) {
		s.put(f)
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil { // a PIN read as text can be written as a number
		for _, f := range NumberForms(json.Number(v)) {
			s.put(f)
		}
	}
}

func (s *Scrubber) put(f string) {
	if utf8.RuneCountInString(strings.TrimSpace(f)) < MinScrubLen || f == Redacted || literal[f] {
		return
	}
	if s.needles == nil {
		s.needles = map[string]struct{}{}
	}
	if _, ok := s.needles[f]; ok {
		return
	}
	s.needles[f] = struct{}{}
	s.repl, s.order = nil, nil
}

// replacer returns the multi-needle replacer, built once per set of needles:
// one pass over the text whatever the number of values and forms.
func (s *Scrubber) replacer() *strings.Replacer {
	s.mu.RLock()
	r := s.repl
	n := len(s.needles)
	s.mu.RUnlock()
	if r != nil || n == 0 {
		return r
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.repl == nil {
		s.order = make([]string, 0, len(s.needles))
		for v := range s.needles {
			s.order = append(s.order, v)
		}
		// Longest first: at one position strings.Replacer takes the first
		// pair given that matches, so a value wins over its own lines.
		sort.Slice(s.order, func(i, j int) bool {
			if len(s.order[i]) != len(s.order[j]) {
				return len(s.order[i]) > len(s.order[j])
			}
			return s.order[i] < s.order[j]
		})
		pairs := make([]string, 0, 2*len(s.order))
		for _, v := range s.order {
			pairs = append(pairs, v, Redacted)
		}
		s.repl = strings.NewReplacer(pairs...)
	}
	return s.repl
}

// Empty reports whether the scrubber holds no value.
func (s *Scrubber) Empty() bool {
	if s == nil {
		return true
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.needles) == 0
}

// Needles are the texts the scrubber replaces (every form of every value),
// longest first: what the runner must mask too.
func (s *Scrubber) Needles() []string {
	if s.replacer() == nil {
		return nil
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]string(nil), s.order...)
}

// Scrub returns text with every secret value, in every form, replaced by
// Redacted.
func (s *Scrubber) Scrub(text string) string {
	if s == nil || text == "" {
		return text
	}
	r := s.replacer()
	if r == nil {
		return text
	}
	return r.Replace(text)
}

// Contains reports whether text holds a secret value in any form.
func (s *Scrubber) Contains(text string) bool {
	return s.Scrub(text) != text
}

// ScrubJSON scrubs a JSON document value by value, keeping it valid JSON
// with the same keys and structure: a string holding a secret is scrubbed, a
// number that is one becomes the string Redacted. Keys are never changed (a
// changed key could merge two objects' members).
func (s *Scrubber) ScrubJSON(b []byte) ([]byte, error) {
	if s.Empty() {
		return b, nil
	}
	return ScrubJSONWith(b, s.Scrub)
}

// ScrubJSONWith is ScrubJSON with any text scrubber.
func ScrubJSONWith(b []byte, scrub func(string) string) ([]byte, error) {
	if scrub == nil {
		return b, nil
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	var buf strings.Builder
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(ScrubValue(v, scrub)); err != nil {
		return nil, err
	}
	return []byte(strings.TrimRight(buf.String(), "\n")), nil
}

// ScrubValue scrubs, in place, every string and number of a value decoded
// from JSON (with UseNumber), never its keys.
func ScrubValue(v any, scrub func(string) string) any {
	switch x := v.(type) {
	case string:
		return scrub(x)
	case json.Number:
		if scrub(x.String()) != x.String() {
			return Redacted
		}
		return x
	case float64:
		if t := formatFloat(x); scrub(t) != t {
			return Redacted
		}
		return x
	case []any:
		for i := range x {
			x[i] = ScrubValue(x[i], scrub)
		}
		return x
	case map[string]any:
		for k, e := range x {
			x[k] = ScrubValue(e, scrub)
		}
		return x
	}
	return v
}

func formatFloat(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}
