package plan

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"reflect"
	"sort"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// Fingerprint identifies what applying a plan would do: the lowercase hex SHA-256 of a
// canonical JSON document
//
//	{"output_changes": {"<name>": {"actions", "after", "after_unknown", "before"}, ...},
//	 "resource_changes": [{"actions", "address", "after", "after_unknown", "before",
//	                       "deposed", "importing", "previous_address", "replace_paths"}, ...]}
//
// with resource changes sorted by address (then deposed key), object keys sorted, no HTML
// escaping, numbers written in one canonical form, and every value marked sensitive
// (before_sensitive, after_sensitive, sensitive outputs) replaced by the string
// "(sensitive)"; then every string SensitiveValues(p) returns is scrubbed wherever else
// it occurs (Terraform does not always mark a value derived from a secret). A change that
// only touches a sensitive value therefore keeps the fingerprint: the fingerprint is
// published in a comment, and a hash over a document that is otherwise visible in the
// same comment must not let anyone test guesses of a secret.
//
// "before" holds only what the change changes (ChangedBefore): the prior value of each
// attribute whose planned value is known and differs from it, object by object. The prior
// value of an attribute that does not change, or that becomes known only during apply, is
// not part of what the apply does; leaving it out keeps refresh noise (a computed id, an
// etag, a timestamp() another apply rewrote in state) from changing the fingerprint.
//
// The plan's own timestamp (the "timestamp" field, which plantimestamp() returns) is
// replaced by PlanTimestamp wherever it occurs in a value or key, so two plans of a root
// that uses plantimestamp() plan the same change.
//
// Plain no-op entries are left out, consistently for resources and outputs: they change
// nothing. A no-op that imports or moves a resource is a change and is in. A resource whose
// action changes to or from no-op still changes the fingerprint, because its entry
// appears or goes.
//
// resource_drift, prior_state, planned_values, configuration, the timestamp and the
// Terraform version are not part of it, so re-planning an unchanged configuration
// against unchanged state gives the same fingerprint.
func Fingerprint(p *tfjson.Plan) (string, error) {
	h := sha256.New()
	if err := writeCanonical(h, p); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// PlanTimestamp replaces the plan's own timestamp in what the fingerprint and the action
// digest cover.
const PlanTimestamp = "(plan timestamp)"

// canonicalPlan returns the document Fingerprint hashes.
func canonicalPlan(p *tfjson.Plan) ([]byte, error) {
	var buf bytes.Buffer
	if err := writeCanonical(&buf, p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// fingerprinted returns the resource changes the fingerprint covers, sorted by address
// (then deposed key).
func fingerprinted(p *tfjson.Plan) []*tfjson.ResourceChange {
	var changes []*tfjson.ResourceChange
	for _, rc := range p.ResourceChanges {
		if rc != nil && rc.Change != nil && isChange(rc) {
			changes = append(changes, rc)
		}
	}
	sort.SliceStable(changes, func(i, j int) bool {
		if changes[i].Address != changes[j].Address {
			return changes[i].Address < changes[j].Address
		}
		return changes[i].DeposedKey < changes[j].DeposedKey
	})
	return changes
}

// isChange reports whether a resource change does anything: any action but no-op, or a
// no-op that imports or moves the resource.
func isChange(rc *tfjson.ResourceChange) bool {
	if !rc.Change.Actions.NoOp() && len(rc.Change.Actions) > 0 {
		return true
	}
	return rc.Change.Importing != nil || (rc.PreviousAddress != "" && rc.PreviousAddress != rc.Address)
}

// newCanonWriter writes canonical JSON to w with the plan's secrets scrubbed and its
// timestamp normalized.
func newCanonWriter(w canonSink, p *tfjson.Plan) *canonWriter {
	return &canonWriter{w: w, scrub: sensitiveSet(p).scrubber(), stamp: p.Timestamp}
}

// writeCanonical streams the canonical JSON of a plan's changes to w, masking and
// scrubbing as it goes, without building a copy of the plan.
func writeCanonical(w io.Writer, p *tfjson.Plan) error {
	if p == nil {
		return errors.New("plan fingerprint: no plan")
	}
	changes := fingerprinted(p)
	bw := bufio.NewWriterSize(w, 64<<10)
	c := newCanonWriter(bw, p)
	// Keys are written in sorted order throughout.
	c.raw(`{"output_changes":{`)
	first := true
	for _, name := range sortedKeys(p.OutputChanges) {
		oc := p.OutputChanges[name]
		if oc == nil || oc.Actions.NoOp() {
			continue
		}
		if !first {
			c.raw(",")
		}
		first = false
		c.str(name)
		c.raw(`:{"actions":`)
		c.actions(oc.Actions)
		c.raw(`,"after":`)
		c.value(oc.After, oc.AfterSensitive)
		c.raw(`,"after_unknown":`)
		c.value(oc.AfterUnknown, nil)
		c.raw(`,"before":`)
		before, _ := c.changedBefore(oc.Before, oc.BeforeSensitive, oc.After, oc.AfterSensitive, oc.AfterUnknown)
		c.value(before, oc.BeforeSensitive)
		c.raw("}")
	}
	c.raw(`},"resource_changes":[`)
	for i, rc := range changes {
		if i > 0 {
			c.raw(",")
		}
		ch := rc.Change
		c.raw(`{"actions":`)
		c.actions(ch.Actions)
		c.raw(`,"address":`)
		c.str(rc.Address)
		c.raw(`,"after":`)
		c.value(ch.After, ch.AfterSensitive)
		c.raw(`,"after_unknown":`)
		c.value(ch.AfterUnknown, nil)
		c.raw(`,"before":`)
		before, _ := c.changedBefore(ch.Before, ch.BeforeSensitive, ch.After, ch.AfterSensitive, ch.AfterUnknown)
		c.value(before, ch.BeforeSensitive)
		c.raw(`,"deposed":`)
		c.str(rc.DeposedKey)
		c.raw(`,"importing":`)
		c.value(importingValue(ch.Importing), nil)
		c.raw(`,"previous_address":`)
		c.str(rc.PreviousAddress)
		c.raw(`,"replace_paths":`)
		c.value(ch.ReplacePaths, nil)
		c.raw("}")
	}
	c.raw("]}\n")
	if c.err != nil {
		return fmt.Errorf("plan fingerprint: %w", c.err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("plan fingerprint: %w", err)
	}
	return nil
}

// importingValue is what the fingerprint covers of an import: the id or identity it
// imports by.
func importingValue(im *tfjson.Importing) any {
	if im == nil {
		return nil
	}
	return map[string]any{"id": im.ID, "identity": im.Identity, "unknown": im.Unknown}
}

// changedBefore returns the part of before that the change changes: for objects on both
// sides, the keys whose value changes (recursively); otherwise before itself when the
// planned value is known and differs from it (compared as written: masked, scrubbed and
// normalized). ok is false when nothing of before changes.
func (c *canonWriter) changedBefore(before, beforeSens, after, afterSens, unknown any) (any, bool) {
	if isTrue(unknown) {
		return nil, false // known only after apply: the prior value does not decide it
	}
	bm, bok := before.(map[string]any)
	am, aok := after.(map[string]any)
	if bok && aok && !isTrue(beforeSens) && !isTrue(afterSens) {
		out := map[string]any{}
		for k, bv := range bm {
			if v, ok := c.changedBefore(bv, child(beforeSens, k), am[k], child(afterSens, k), child(unknown, k)); ok {
				out[k] = v
			}
		}
		return out, len(out) > 0
	}
	if c.equal(before, beforeSens, after, afterSens) {
		return nil, false
	}
	return before, true
}

// equal reports whether two values are written the same: masked, scrubbed, with the
// plan's timestamp normalized and numbers in canonical form.
func (c *canonWriter) equal(a, aSens, b, bSens any) bool {
	if isTrue(aSens) || isTrue(bSens) {
		return isTrue(aSens) && isTrue(bSens)
	}
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !c.equal(v, child(aSens, k), w, child(bSens, k)) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !c.equal(x[i], child(aSens, i), y[i], child(bSens, i)) {
				return false
			}
		}
		return true
	case string:
		y, ok := b.(string)
		return ok && (x == y || c.norm(x) == c.norm(y))
	case json.Number, float64:
		return numberText(a) != "" && numberText(a) == numberText(b)
	}
	if rawEqual(a, b) {
		return true
	}
	return bytes.Equal(c.encode(a, aSens), c.encode(b, bSens)) // a type JSON decoding does not make
}

// encode returns the canonical JSON of one value, written the way c writes it.
func (c *canonWriter) encode(v, sensitive any) []byte {
	var buf bytes.Buffer
	sub := &canonWriter{w: &buf, scrub: c.scrub, stamp: c.stamp}
	sub.value(v, sensitive)
	if sub.err != nil && c.err == nil {
		c.err = sub.err
	}
	return buf.Bytes()
}

// norm is a string as str writes it (before JSON escaping).
func (c *canonWriter) norm(s string) string {
	if c.scrub != nil {
		s = c.scrub.Replace(s)
	}
	if c.stamp != "" {
		s = strings.ReplaceAll(s, c.stamp, PlanTimestamp)
	}
	return s
}

// numberText is a number in canonical form, "" for anything else.
func numberText(v any) string {
	switch n := v.(type) {
	case json.Number:
		return canonicalNumber(string(n))
	case float64:
		return strconv.FormatFloat(n, 'g', -1, 64)
	}
	return ""
}

// rawEqual compares two decoded JSON values exactly.
func rawEqual(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !rawEqual(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !rawEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case nil, bool, string, json.Number, float64:
		return a == b
	}
	return reflect.DeepEqual(a, b)
}

// canonWriter writes canonical JSON: object keys sorted, no HTML escaping, numbers in
// one form, values under a sensitive marker written as Sensitive, and secrets scrubbed
// from every string and key.
type canonWriter struct {
	w       canonSink
	scrub   *strings.Replacer
	stamp   string // the plan's timestamp, written as PlanTimestamp
	scratch bytes.Buffer
	err     error
	hasher  *canonWriter // reused by hash
}

// canonSink is where a canonWriter writes: a *bufio.Writer or a *bytes.Buffer.
type canonSink interface {
	io.Writer
	io.StringWriter
	io.ByteWriter
	WriteRune(r rune) (int, error)
}

func (c *canonWriter) raw(s string) { c.w.WriteString(s) }

func (c *canonWriter) actions(a tfjson.Actions) {
	c.raw("[")
	for i, x := range a {
		if i > 0 {
			c.raw(",")
		}
		c.str(string(x))
	}
	c.raw("]")
}

func (c *canonWriter) value(v, sensitive any) {
	if isTrue(sensitive) {
		c.str(Sensitive)
		return
	}
	switch val := v.(type) {
	case nil:
		c.raw("null")
	case bool:
		c.raw(strconv.FormatBool(val))
	case string:
		c.str(val)
	case json.Number:
		c.raw(canonicalNumber(string(val)))
	case float64:
		c.raw(strconv.FormatFloat(val, 'g', -1, 64))
	case map[string]any:
		c.raw("{")
		for i, k := range sortedKeys(val) {
			if i > 0 {
				c.raw(",")
			}
			c.str(k)
			c.raw(":")
			c.value(val[k], child(sensitive, k))
		}
		c.raw("}")
	case []any:
		c.raw("[")
		for i, e := range val {
			if i > 0 {
				c.raw(",")
			}
			c.value(e, child(sensitive, i))
		}
		c.raw("]")
	default:
		// Not a type JSON decoding makes (a plan built in Go): write it as the JSON it
		// encodes to, decoded again into the types above.
		data, err := json.Marshal(val)
		var generic any
		if err == nil {
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.UseNumber()
			err = dec.Decode(&generic)
		}
		if err != nil {
			if c.err == nil {
				c.err = err
			}
			return
		}
		c.value(generic, sensitive)
	}
}

// str writes a JSON string, scrubbed of secrets, with the plan's timestamp normalized.
func (c *canonWriter) str(s string) {
	if c.scrub != nil {
		c.scratch.Reset()
		c.scrub.WriteString(&c.scratch, s)
		s = c.scratch.String()
	}
	if c.stamp != "" && strings.Contains(s, c.stamp) {
		s = strings.ReplaceAll(s, c.stamp, PlanTimestamp)
	}
	c.w.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			c.raw(`\"`)
		case r == '\\':
			c.raw(`\\`)
		case r < 0x20:
			fmt.Fprintf(c.w, `\u%04x`, r)
		default:
			c.w.WriteRune(r) // invalid UTF-8 arrives as utf8.RuneError and is written as U+FFFD
		}
	}
	c.w.WriteByte('"')
}

// canonicalNumber writes a number as the shortest float64 form when that is exactly the
// same number, and as written otherwise (integers beyond 2^53, more digits than a float64
// holds), so no two different numbers share a form.
func canonicalNumber(s string) string {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return strconv.Quote(s) // not a number Go can read: hash the literal as a string
	}
	short := strconv.FormatFloat(f, 'g', -1, 64)
	if short == s {
		return short
	}
	exact, ok1 := new(big.Float).SetPrec(1024).SetString(s)
	approx, ok2 := new(big.Float).SetPrec(1024).SetString(short)
	if ok1 && ok2 && exact.Cmp(approx) == 0 {
		return short
	}
	return s
}
