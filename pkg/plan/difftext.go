package plan

import (
	"encoding/json"
	"io"
	"strings"
)

// Strings that hold JSON or several lines are shown the way `terraform show` shows them:
// a JSON object or array as jsonencode( … ) with a nested diff (unchanged keys and
// elements folded), and text of several lines as a heredoc with a line diff.
//
// Both are made from the scrubbed string, so nothing that the one-line form would hide
// can appear by having been decoded or split.

// plainString is the scrubbed string of a side that is shown as its value: not
// sensitive, not unknown.
func (d *differ) plainString(s side) (string, bool) {
	if s.isSensitive() || s.isUnknown() {
		return "", false
	}
	v, ok := s.v.(string)
	if !ok {
		return "", false
	}
	return d.scrub(v), true
}

// jsonOf decodes a string that is a JSON object or array, numbers as written.
func jsonOf(s string) (any, bool) {
	t := strings.TrimSpace(s)
	if t == "" || (t[0] != '{' && t[0] != '[') {
		return nil, false
	}
	dec := json.NewDecoder(strings.NewReader(t))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false // more after the value: not one JSON document
	}
	return v, true
}

// textLines splits text into the lines of a heredoc; a final newline ends the last line.
func textLines(s string) []string {
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

func multiLine(s string) bool { return strings.Contains(strings.TrimSuffix(s, "\n"), "\n") }

// textValue writes a whole JSON or multi-line string with one sign, and reports whether
// it did.
func (d *differ) textValue(sign byte, depth int, prefix string, s side, suffix string) bool {
	str, ok := d.plainString(s)
	if !ok {
		return false
	}
	if v, ok := jsonOf(str); ok {
		d.emit(sign, depth, prefix+"jsonencode(")
		d.value(sign, depth+1, "", side{v: v}, "")
		d.emit(sign, depth, ")"+suffix)
		return true
	}
	if !multiLine(str) {
		return false
	}
	d.emit(sign, depth, prefix+"<<-EOT")
	for _, l := range textLines(str) {
		d.emit(sign, depth+2, l)
	}
	d.emit(sign, depth, "EOT"+suffix)
	return true
}

// textChange writes the change between two strings as a JSON diff or a line diff, and
// reports whether it did.
func (d *differ) textChange(depth int, prefix string, b, a side, suffix string) bool {
	bs, ok1 := d.plainString(b)
	as, ok2 := d.plainString(a)
	if !ok1 || !ok2 {
		return false
	}
	bv, bJSON := jsonOf(bs)
	av, aJSON := jsonOf(as)
	if bJSON != aJSON {
		// JSON on one side only: the old value removed, the new one added, each in its form.
		d.value('-', depth, prefix, b, suffix)
		d.value('+', depth, prefix, a, "")
		return true
	}
	if bJSON {
		bj, aj := side{v: bv}, side{v: av}
		if same(bj, aj) {
			// The same JSON written differently (spacing, key order), in Terraform's words.
			d.emit('~', depth, prefix+"jsonencode( # whitespace changes"+suffix)
			d.value(' ', depth+1, "", aj, "")
		} else {
			d.emit('~', depth, prefix+"jsonencode("+suffix)
			// Inside the JSON no path is an attribute of the resource: no set, no
			// forced replacement.
			sub := &differ{scrub: d.scrub, json: true}
			sub.change(depth+1, "", bj, aj, nil, 0)
			d.lines = append(d.lines, sub.lines...)
		}
		d.emit(' ', depth, ")")
		return true
	}
	if !multiLine(bs) && !multiLine(as) {
		return false
	}
	d.emit('~', depth, prefix+"<<-EOT"+suffix)
	d.lineDiff(depth+2, textLines(bs), textLines(as))
	d.emit(' ', depth, "EOT")
	return true
}

// lineDiff writes the lines of a text change: unchanged lines as context, removed
// lines '-', added lines '+', matched by the longest common subsequence.
func (d *differ) lineDiff(depth int, bl, al []string) {
	lcs := lcsTable(len(bl), len(al), func(i, j int) bool { return bl[i] == al[j] })
	if lcs == nil {
		for _, l := range bl {
			d.emit('-', depth, l)
		}
		for _, l := range al {
			d.emit('+', depth, l)
		}
		return
	}
	i, j := 0, 0
	for i < len(bl) || j < len(al) {
		switch {
		case i < len(bl) && j < len(al) && bl[i] == al[j]:
			d.emit(' ', depth, bl[i])
			i, j = i+1, j+1
		case i < len(bl) && (j == len(al) || lcs[i+1][j] >= lcs[i][j+1]):
			d.emit('-', depth, bl[i])
			i++
		default:
			d.emit('+', depth, al[j])
			j++
		}
	}
}
