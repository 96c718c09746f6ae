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
	"sort"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// Fingerprint identifies what applying a plan would do: the lowercase hex SHA-256 of a
// canonical JSON document
//
//	{"output_changes": {"<name>": {"actions", "before", "after", "after_unknown"}, ...},
//	 "resource_changes": [{"address", "deposed", "actions", "before", "after",
//	                       "after_unknown", "replace_paths"}, ...]}
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
// No-op entries are left out, consistently for resources and outputs: they change
// nothing, and leaving them out keeps refresh noise in unchanged objects (a new etag, a
// timestamp attribute) from changing the fingerprint. A resource whose action changes
// to or from no-op still changes the fingerprint, because its entry appears or goes.
//
// resource_drift, prior_state, planned_values, configuration, timestamps and the
// Terraform version are not part of it, so re-planning an unchanged configuration
// against unchanged state gives the same fingerprint.
func Fingerprint(p *tfjson.Plan) (string, error) {
	h := sha256.New()
	if err := writeCanonical(h, p); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// canonicalPlan returns the document Fingerprint hashes.
func canonicalPlan(p *tfjson.Plan) ([]byte, error) {
	var buf bytes.Buffer
	if err := writeCanonical(&buf, p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeCanonical streams the canonical JSON of a plan's changes to w, masking and
// scrubbing as it goes, without building a copy of the plan.
func writeCanonical(w io.Writer, p *tfjson.Plan) error {
	if p == nil {
		return errors.New("plan fingerprint: no plan")
	}
	var changes []*tfjson.ResourceChange
	for _, rc := range p.ResourceChanges {
		if rc != nil && rc.Change != nil && !rc.Change.Actions.NoOp() {
			changes = append(changes, rc)
		}
	}
	sort.SliceStable(changes, func(i, j int) bool {
		if changes[i].Address != changes[j].Address {
			return changes[i].Address < changes[j].Address
		}
		return changes[i].DeposedKey < changes[j].DeposedKey
	})

	c := canonWriter{w: bufio.NewWriterSize(w, 64<<10), scrub: sensitiveSet(p).scrubber()}
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
		c.value(oc.Before, oc.BeforeSensitive)
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
		c.value(ch.Before, ch.BeforeSensitive)
		c.raw(`,"deposed":`)
		c.str(rc.DeposedKey)
		c.raw(`,"replace_paths":`)
		c.value(ch.ReplacePaths, nil)
		c.raw("}")
	}
	c.raw("]}\n")
	if c.err != nil {
		return fmt.Errorf("plan fingerprint: %w", c.err)
	}
	if err := c.w.Flush(); err != nil {
		return fmt.Errorf("plan fingerprint: %w", err)
	}
	return nil
}

// canonWriter writes canonical JSON: object keys sorted, no HTML escaping, numbers in
// one form, values under a sensitive marker written as Sensitive, and secrets scrubbed
// from every string and key.
type canonWriter struct {
	w       *bufio.Writer
	scrub   *strings.Replacer
	scratch bytes.Buffer
	err     error
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

// str writes a JSON string, scrubbed of secrets.
func (c *canonWriter) str(s string) {
	if c.scrub != nil {
		c.scratch.Reset()
		c.scrub.WriteString(&c.scratch, s)
		s = c.scratch.String()
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
