package runner

import (
	"fmt"
	"strings"
)

// ParseOutputs parses a GITHUB_OUTPUT file the way the runner does on Linux:
// `name=value` lines, or `name<<DELIM` followed by value lines up to a line
// that is exactly DELIM; the value excludes the line break before DELIM.
// Local runs and tests use it to read back what SetOutput wrote.
func ParseOutputs(text string) (map[string]string, error) {
	out := map[string]string{}
	next := func() (string, bool) { // one line, without its "\n"
		if text == "" {
			return "", false
		}
		l, rest, _ := strings.Cut(text, "\n")
		text = rest
		return l, true
	}
	for {
		l, ok := next()
		if !ok {
			return out, nil
		}
		if l == "" {
			continue
		}
		eq, hd := strings.Index(l, "="), strings.Index(l, "<<")
		if eq >= 0 && (hd < 0 || eq < hd) {
			out[l[:eq]] = l[eq+1:]
			continue
		}
		if hd <= 0 {
			return nil, fmt.Errorf("the runner rejects output line %q", l)
		}
		name, delim := l[:hd], l[hd+2:]
		var val []string
		for {
			v, ok := next()
			if !ok {
				return nil, fmt.Errorf("output %s: delimiter %q not found", name, delim)
			}
			if v == delim {
				break
			}
			val = append(val, v)
		}
		out[name] = strings.Join(val, "\n")
	}
}
