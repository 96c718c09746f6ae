package plan

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// The attribute-level diff of one resource, as lines of a ```diff block. The sign is in the
// first column, where GitHub colours it: '+' added, '-' removed, '~' changed, ' ' context.
// Nested objects and lists are indented under their attribute; maps are shown with sorted
// keys, so the output is deterministic.

const (
	// sensitiveValue and sensitiveChanged are how a sensitive value is shown:
	// never its value, and a change never as unchanged.
	sensitiveValue   = "(sensitive value)"
	sensitiveChanged = "(sensitive value changed)"
	arrow            = " → "
	forcesReplace    = " # forces replacement"
)

// KnownAfterApply is how a value that only the apply will know is shown.
const KnownAfterApply = "(known after apply)"

type line struct {
	sign  byte
	depth int
	text  string
}

type differ struct {
	lines        []line
	replacePaths [][]any
	scrub        func(string) string
	sets, lists  setPaths // the resource's set- and list-valued paths (sets.go)
	json         bool     // inside a JSON string: arrays are lists, as Terraform diffs them
	// collect makes the walk record each attribute it finds changed in
	// changed, as well as writing lines (AttributeChanges, attributes.go).
	collect bool
	changed []AttributeChange
}

func (d *differ) emit(sign byte, depth int, text string) {
	d.lines = append(d.lines, line{sign, depth, text})
}

// String writes the lines with two spaces of indentation per level after the sign.
func (d *differ) String() string {
	var b strings.Builder
	for _, l := range d.lines {
		b.WriteByte(l.sign)
		b.WriteByte(' ')
		for i := 0; i < l.depth; i++ {
			b.WriteString("  ")
		}
		b.WriteString(l.text)
		b.WriteByte('\n')
	}
	return b.String()
}

// side is one side (before or after) of a value with its markers.
type side struct {
	v         any
	sensitive any
	unknown   any // after only
}

func (s side) isUnknown() bool   { return isTrue(s.unknown) }
func (s side) isSensitive() bool { return isTrue(s.sensitive) }
func (s side) present() bool     { return s.v != nil || s.isUnknown() }

func (s side) key(k any) side {
	var v any
	switch c := s.v.(type) {
	case map[string]any:
		if name, ok := k.(string); ok {
			v = c[name]
		}
	case []any:
		if i, ok := k.(int); ok && i >= 0 && i < len(c) {
			v = c[i]
		}
	}
	return side{v, child(s.sensitive, k), child(s.unknown, k)}
}

// attrKey writes an object key: bare when it is an identifier, quoted otherwise.
func attrKey(k string) string {
	if isIdentifier(k) {
		return k
	}
	return quote(k)
}

// scalar writes a value on one line if it is a scalar, sensitive or unknown.
func (d *differ) scalar(s side) (string, bool) {
	switch {
	case s.isSensitive() && s.v == SensitiveChanged:
		return sensitiveChanged, true
	case s.isSensitive():
		return sensitiveValue, true
	case s.isUnknown():
		return KnownAfterApply, true
	}
	switch v := s.v.(type) {
	case nil:
		return "null", true
	case string:
		return quote(d.scrub(v)), true
	case bool:
		return fmt.Sprint(v), true
	case json.Number:
		return v.String(), true
	case float64:
		return fmt.Sprint(v), true
	case map[string]any:
		return "{}", len(v) == 0
	case []any:
		return "[]", len(v) == 0
	default:
		return quote(d.scrub(fmt.Sprint(v))), true
	}
}

// value writes a whole value with one sign: prefix before its first line, suffix after
// its last.
func (d *differ) value(sign byte, depth int, prefix string, s side, suffix string) {
	if d.textValue(sign, depth, prefix, s, suffix) {
		return
	}
	if text, ok := d.scalar(s); ok {
		d.emit(sign, depth, prefix+text+suffix)
		return
	}
	switch v := s.v.(type) {
	case map[string]any:
		d.emit(sign, depth, prefix+"{")
		// Null attributes are left out, as Terraform leaves them out.
		var keys []string
		for _, k := range sortedKeys(v) {
			if s.key(k).present() || s.key(k).isSensitive() {
				keys = append(keys, k)
			}
		}
		width := keyWidth(keys)
		for _, k := range keys {
			d.value(sign, depth+1, pad(attrKey(d.scrub(k)), width)+" = ", s.key(k), "")
		}
		d.emit(sign, depth, "}"+suffix)
	case []any:
		d.emit(sign, depth, prefix+"[")
		for i := range v {
			d.value(sign, depth+1, "", s.key(i), ",")
		}
		d.emit(sign, depth, "]"+suffix)
	}
}

func keyWidth(keys []string) int {
	w := 0
	for _, k := range keys {
		if n := len([]rune(attrKey(k))); n > w {
			w = n
		}
	}
	return w
}

func pad(s string, width int) string {
	if n := len([]rune(s)); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}

// same reports whether two sides show no change.
func same(b, a side) bool {
	return !anyTrue(a.unknown) && b.isSensitive() == a.isSensitive() && reflect.DeepEqual(b.v, a.v)
}

func (d *differ) forces(path []any) string {
	for _, p := range d.replacePaths {
		if len(p) != len(path) {
			continue
		}
		match := true
		for i := range p {
			if fmt.Sprint(p[i]) != fmt.Sprint(path[i]) {
				match = false
				break
			}
		}
		if match {
			return forcesReplace
		}
	}
	return ""
}

// attrs writes the changes between two objects, hiding unchanged attributes and nulls.
// With whole set, every attribute is written with that sign (a create or a destroy).
func (d *differ) attrs(depth int, b, a side, path []any, whole byte) {
	bm, _ := b.v.(map[string]any)
	am, _ := a.v.(map[string]any)
	keys := unionKeys(bm, am, a.unknown)
	var shown []string
	hidden := 0
	for _, k := range keys {
		bk, ak := b.key(k), a.key(k)
		switch {
		case !bk.present() && !ak.present():
		case whole == 0 && same(bk, ak):
			hidden++
		default:
			shown = append(shown, k)
		}
	}
	width := keyWidth(shown)
	for _, k := range shown {
		d.change(depth, pad(attrKey(d.scrub(k)), width)+" = ", b.key(k), a.key(k), append(path[:len(path):len(path)], k), whole)
	}
	if hidden > 0 {
		d.emit(' ', depth, fmt.Sprintf("# (%d unchanged %s hidden)", hidden, plural(hidden, "attribute", "attributes")))
	}
}

// unionKeys returns the keys of both objects and of the unknown marker, sorted.
func unionKeys(b, a map[string]any, unknown any) []string {
	set := make(map[string]struct{}, len(a)+len(b))
	for k := range b {
		set[k] = struct{}{}
	}
	for k := range a {
		set[k] = struct{}{}
	}
	if u, ok := unknown.(map[string]any); ok {
		for k, v := range u {
			if isTrue(v) {
				set[k] = struct{}{}
			}
		}
	}
	return sortedKeys(set)
}

// change writes one attribute (or list element) that differs between b and a.
func (d *differ) change(depth int, prefix string, b, a side, path []any, whole byte) {
	suffix := d.forces(path)
	if whole != 0 {
		if whole == '-' {
			d.value('-', depth, prefix, b, suffix)
		} else {
			d.value('+', depth, prefix, a, suffix)
		}
		return
	}
	bm, bIsMap := b.v.(map[string]any)
	am, aIsMap := a.v.(map[string]any)
	bl, bIsList := b.v.([]any)
	al, aIsList := a.v.([]any)
	open := !b.isSensitive() && !a.isSensitive() && !a.isUnknown()
	// An object whose attributes are partly unknown has them only in after_unknown
	// ({"input": {}} with {"input": {"seen_at": true}}): still an object to diff.
	objects := open && bIsMap && aIsMap && len(bm) > 0 && (len(am) > 0 || anyTrue(a.unknown))
	arrays := open && bIsList && aIsList
	if !objects && !arrays {
		d.record(path, b, a) // the walk goes no deeper: this value changes as a whole
	}
	switch {
	case !b.present():
		d.value('+', depth, prefix, a, suffix)
		return
	case !a.present():
		d.value('-', depth, prefix, b, arrow+"null"+suffix)
		return
	case a.isUnknown():
		// The diff shows what the apply will do. The prior value of an attribute the
		// apply computes is state, not plan: another apply or a refresh between review
		// and merge changes it, the fingerprint leaves it out, and so does the comment
		// that apply-on-merge renders again and compares byte for byte.
		d.emit('~', depth, prefix+KnownAfterApply+suffix)
		return
	}
	if objects {
		d.emit('~', depth, prefix+"{"+suffix)
		d.attrs(depth+1, b, a, path, 0)
		d.emit(' ', depth, "}")
		return
	}
	if arrays {
		d.emit('~', depth, prefix+"["+suffix)
		switch {
		case d.sets.has(path):
			d.set(depth+1, b, a, bl, al, path)
		case d.lists.has(path) || d.json:
			d.list(depth+1, b, a, bl, al, path)
		default:
			d.tuple(depth+1, b, a, bl, al, path)
		}
		d.emit(' ', depth, "]")
		return
	}
	if b.isSensitive() && a.isSensitive() {
		d.emit('~', depth, prefix+sensitiveChanged+suffix) // they differ, or change would not be called
		return
	}
	if d.textChange(depth, prefix, b, a, suffix) {
		return
	}
	old, oldOK := d.scalar(b)
	new, newOK := d.scalar(a)
	switch {
	case oldOK && newOK && old == new:
		d.emit('~', depth, prefix+old+suffix)
	case oldOK && newOK:
		d.emit('~', depth, prefix+old+arrow+new+suffix)
	case oldOK:
		// A value that becomes a collection: "~ key = old → [", then its elements.
		first := len(d.lines)
		d.value('+', depth, prefix+old+arrow, a, suffix)
		d.lines[first].sign = '~'
		d.lines[len(d.lines)-1].sign = ' '
	case newOK:
		// A collection that becomes a value: "~ key = [", its elements, "] → new".
		first := len(d.lines)
		d.value('-', depth, prefix, b, arrow+new+suffix)
		d.lines[first].sign = '~'
		d.lines[len(d.lines)-1].sign = ' '
	default:
		d.value('-', depth, prefix, b, suffix)
		d.value('+', depth, prefix, a, "")
	}
}

// maxLCS bounds the work of matching list elements; longer lists are shown as all old
// elements removed and all new ones added.
const maxLCS = 250_000

// list writes the changes between two lists as Terraform does: elements matched by the
// longest common subsequence of equal elements; between two matches, removed and added
// objects are paired as changes in place, and any other element is removed or added
// (a string never "changes" into another).
func (d *differ) list(depth int, b, a side, bl, al []any, path []any) {
	hidden := 0
	at := func(i int) []any { return append(path[:len(path):len(path)], i) }
	flush := func() { d.hiddenElements(depth, &hidden) }
	lcs := d.lcs(depth, b, a, bl, al, path)
	if lcs == nil {
		return
	}
	// run writes the removed elements bl[i0:i] and added al[j0:j] between two matches.
	run := func(i0, i, j0, j int) {
		for i0 < i && j0 < j && isObject(bl[i0]) && isObject(al[j0]) {
			d.change(depth, "", b.key(i0), a.key(j0), at(j0), 0)
			d.commaAfterLast()
			i0, j0 = i0+1, j0+1
		}
		for ; i0 < i; i0++ {
			d.removed(depth, b, i0, path)
		}
		for ; j0 < j; j0++ {
			d.added(depth, a, j0, path)
		}
	}
	i, j := 0, 0
	for i < len(bl) || j < len(al) {
		if i < len(bl) && j < len(al) && same(b.key(i), a.key(j)) {
			hidden++
			i, j = i+1, j+1
			continue
		}
		i0, j0 := i, j
		for i < len(bl) || j < len(al) {
			if i < len(bl) && j < len(al) && same(b.key(i), a.key(j)) && lcs[i][j] == lcs[i0][j0] {
				break
			}
			if j < len(al) && (i == len(bl) || lcs[i][j+1] >= lcs[i+1][j]) {
				j++
			} else {
				i++
			}
		}
		flush()
		run(i0, i, j0, j)
	}
	flush()
}

// hiddenElements writes the "# (n unchanged elements hidden)" line of the
// elements counted in *n since the last change, and resets the count.
func (d *differ) hiddenElements(depth int, n *int) {
	if *n > 0 {
		d.emit(' ', depth, fmt.Sprintf("# (%d unchanged %s hidden)", *n, plural(*n, "element", "elements")))
		*n = 0
	}
}

// commaAfterLast ends the last line written as a list element: with a comma,
// before a "# forces replacement" note.
func (d *differ) commaAfterLast() {
	last := &d.lines[len(d.lines)-1]
	if text, ok := strings.CutSuffix(last.text, forcesReplace); ok {
		last.text = text + "," + forcesReplace
	} else {
		last.text += ","
	}
}

// lcs returns the table of the longest common subsequences of equal elements
// (lcsTable). Past maxLCS it writes every old element removed and every new one
// added instead, and returns nil.
func (d *differ) lcs(depth int, b, a side, bl, al []any, path []any) [][]int {
	lcs := lcsTable(len(bl), len(al), func(i, j int) bool { return same(b.key(i), a.key(j)) })
	if lcs == nil {
		for i := range bl {
			d.removed(depth, b, i, path)
		}
		for j := range al {
			d.added(depth, a, j, path)
		}
	}
	return lcs
}

// removed writes element i of the array b as removed, and added element j of a as
// added: each an element the walk records as changed whole.
func (d *differ) removed(depth int, b side, i int, path []any) {
	d.record(append(path[:len(path):len(path)], i), b.key(i), side{})
	d.value('-', depth, "", b.key(i), ",")
}

func (d *differ) added(depth int, a side, j int, path []any) {
	d.record(append(path[:len(path):len(path)], j), side{}, a.key(j))
	d.value('+', depth, "", a.key(j), ",")
}

// lcsTable is the table of the longest common subsequences of two sequences of
// lengths n and m whose elements eq compares: lcs[i][j] is the length of that
// of their suffixes from i and from j. It is nil when n×m is past maxLCS.
func lcsTable(n, m int, eq func(i, j int) bool) [][]int {
	if n*m > maxLCS {
		return nil
	}
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if eq(i, j) {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	return lcs
}

func isObject(v any) bool {
	_, ok := v.(map[string]any)
	return ok
}

// tuple writes the changes between two arrays that are neither sets nor lists (tuples,
// dynamic values): element by element when the length is the same, otherwise by the
// longest common subsequence of equal elements, as Terraform does.
func (d *differ) tuple(depth int, b, a side, bl, al []any, path []any) {
	hidden := 0
	at := func(i int) []any { return append(path[:len(path):len(path)], i) }
	flush := func() { d.hiddenElements(depth, &hidden) }
	if len(bl) == len(al) {
		for i := range bl {
			if same(b.key(i), a.key(i)) {
				hidden++
				continue
			}
			flush()
			d.change(depth, "", b.key(i), a.key(i), at(i), 0)
			d.commaAfterLast()
		}
		flush()
		return
	}
	lcs := d.lcs(depth, b, a, bl, al, path)
	if lcs == nil {
		return
	}
	i, j := 0, 0
	for i < len(bl) || j < len(al) {
		switch {
		case i < len(bl) && j < len(al) && same(b.key(i), a.key(j)):
			hidden++
			i, j = i+1, j+1
		case j < len(al) && (i == len(bl) || lcs[i][j+1] >= lcs[i+1][j]):
			flush()
			d.added(depth, a, j, path)
			j++
		default:
			flush()
			d.removed(depth, b, i, path)
			i++
		}
	}
	flush()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
