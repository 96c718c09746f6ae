package plan

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

const digestPrefix = "<!-- repave:actions "

// MaxDigest bounds the hidden action digest embedded in a comment. A digest whose line
// would be larger is written with actions only (no attribute hashes), and left out when
// even that is too large.
const MaxDigest = 16 * 1024

// Digest is what each changed resource was planned to do, so that a later plan can name
// the resources and attributes whose planned change differs since review. Keys are
// addresses, with " (deposed KEY)" appended for a deposed object.
//
// It is public (a hidden line of the comment): it holds actions and short hashes, never a
// value. Each hash covers what the fingerprint covers of one top-level attribute, masked,
// scrubbed and normalized the same way, so it tells no more than the fingerprint does.
type Digest map[string]DigestEntry

// DigestEntry is one resource's planned change.
type DigestEntry struct {
	// Action is the change in words: an action such as "update" or "forget", "import"
	// and "move" for a resource imported or moved (joined with "+" to what else is
	// planned for it, as in "move+update").
	Action string
	// Attrs maps each top-level attribute of the planned change (its planned value, what
	// is unknown of it, and its prior value where it changes) to a short hash; the keys
	// "(replace paths)", "(import)" and "(moved from)" cover those parts of the change.
	// It is nil in a digest written with actions only, or by an older repave.
	Attrs map[string]string
}

// digestEntryJSON is the encoded form of an entry with attribute hashes; an entry with
// actions only is encoded as its action string, as older versions wrote every entry.
type digestEntryJSON struct {
	A string            `json:"a"`
	H map[string]string `json:"h"`
}

// MarshalJSON writes the entry as its action string when it has no attribute hashes.
func (e DigestEntry) MarshalJSON() ([]byte, error) {
	if e.Attrs == nil {
		return json.Marshal(e.Action)
	}
	return json.Marshal(digestEntryJSON{A: e.Action, H: e.Attrs})
}

// UnmarshalJSON reads both forms.
func (e *DigestEntry) UnmarshalJSON(b []byte) error {
	var action string
	if err := json.Unmarshal(b, &action); err == nil {
		*e = DigestEntry{Action: action}
		return nil
	}
	var v digestEntryJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return errors.New("digest entry is neither an action nor an object of action and hashes")
	}
	if v.H == nil {
		v.H = map[string]string{}
	}
	*e = DigestEntry{Action: v.A, Attrs: v.H}
	return nil
}

// DigestOf returns the digest of a summary's resource changes.
func DigestOf(s Summary) Digest {
	d := make(Digest, len(s.Changes))
	var c *canonWriter
	if s.plan != nil {
		c = newCanonWriter(nil, s.plan)
	} else {
		c = &canonWriter{}
	}
	for _, ch := range s.Changes {
		addr := ch.Address
		if ch.Deposed != "" {
			addr += " (deposed " + ch.Deposed + ")"
		}
		d[addr] = DigestEntry{Action: actionLabel(ch), Attrs: c.attrHashes(ch.Resource)}
	}
	return d
}

// actionLabel names a change for the digest and for refusals.
func actionLabel(c Change) string {
	var parts []string
	if c.Importing {
		parts = append(parts, "import")
	}
	if c.Moved() {
		parts = append(parts, "move")
	}
	if c.Action != ActionNoOp {
		parts = append(parts, c.Action)
	}
	return strings.Join(parts, "+")
}

// attrHashes hashes each top-level attribute of a resource change as the fingerprint
// writes it.
func (c *canonWriter) attrHashes(rc *tfjson.ResourceChange) map[string]string {
	out := map[string]string{}
	if rc == nil || rc.Change == nil {
		return out
	}
	ch := rc.Change
	before, _ := c.changedBefore(ch.Before, ch.BeforeSensitive, ch.After, ch.AfterSensitive, ch.AfterUnknown)
	keys := map[string]bool{}
	for _, v := range []any{ch.After, ch.AfterUnknown, before} {
		if m, ok := v.(map[string]any); ok {
			for k := range m {
				keys[k] = true
			}
		}
	}
	bm, _ := before.(map[string]any)
	am, _ := ch.After.(map[string]any)
	for k := range keys {
		out[k] = c.hash(func(h *canonWriter) {
			h.raw(`{"after":`)
			h.value(am[k], child(ch.AfterSensitive, k))
			h.raw(`,"after_unknown":`)
			h.value(child(ch.AfterUnknown, k), nil)
			h.raw(`,"before":`)
			h.value(bm[k], child(ch.BeforeSensitive, k))
			h.raw("}")
		})
	}
	if _, isMap := before.(map[string]any); !isMap && before != nil {
		out["(prior object)"] = c.hash(func(h *canonWriter) { h.value(before, ch.BeforeSensitive) })
	}
	if ch.ReplacePaths != nil {
		out["(replace paths)"] = c.hash(func(h *canonWriter) { h.value(ch.ReplacePaths, nil) })
	}
	if ch.Importing != nil {
		out["(import)"] = c.hash(func(h *canonWriter) { h.value(importingValue(ch.Importing), nil) })
	}
	if rc.PreviousAddress != "" && rc.PreviousAddress != rc.Address {
		out["(moved from)"] = c.hash(func(h *canonWriter) { h.str(rc.PreviousAddress) })
	}
	return out
}

// hash returns the first 8 hex digits of the SHA-256 of what write writes.
func (c *canonWriter) hash(write func(h *canonWriter)) string {
	if c.hasher == nil {
		c.hasher = &canonWriter{w: new(bytes.Buffer), scrub: c.scrub, stamp: c.stamp}
	}
	buf := c.hasher.w.(*bytes.Buffer)
	buf.Reset()
	write(c.hasher)
	sum := sha256.Sum256(buf.Bytes())
	return hex.EncodeToString(sum[:4])
}

// actionsOnly is the digest without attribute hashes.
func (d Digest) actionsOnly() Digest {
	out := make(Digest, len(d))
	for a, e := range d {
		out[a] = DigestEntry{Action: e.Action}
	}
	return out
}

// Line encodes the digest as a hidden HTML comment line (gzip, base64): with attribute
// hashes when that fits in MaxDigest, else with actions only, else "".
func (d Digest) Line() string {
	hashes := 0
	for _, e := range d {
		hashes += len(e.Attrs)
	}
	// Each hash is 32 random bits: at least 4 bytes compressed, 5⅓ in base64. A digest
	// with more than that fits is not encoded to find out.
	if hashes*16/3 <= MaxDigest {
		if line := d.encode(); len(line) <= MaxDigest {
			return line
		}
	}
	if line := d.actionsOnly().encode(); len(line) <= MaxDigest {
		return line
	}
	return ""
}

func (d Digest) encode() string {
	b, _ := json.Marshal(d) // map keys are sorted: deterministic
	var z bytes.Buffer
	w, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return digestPrefix + base64.RawURLEncoding.EncodeToString(z.Bytes()) + " -->"
}

// ParseDigest reads the digest line of a comment body: the line after the marker
// (WithDigest), or the first line of a body that is the digest line alone. A digest-like
// line anywhere else is a value the comment quotes, not its digest. It reads the digests
// of older versions too (actions only); a line that does not decode is reported as absent.
func ParseDigest(body string) (Digest, bool) {
	first, rest, _ := strings.Cut(body, "\n")
	line := first
	if !strings.HasPrefix(line, digestPrefix) {
		line, _, _ = strings.Cut(rest, "\n")
	}
	rest, ok := strings.CutPrefix(strings.TrimSuffix(line, "\r"), digestPrefix)
	if !ok {
		return nil, false
	}
	enc, _, ok := strings.Cut(rest, " -->")
	if !ok {
		return nil, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil {
		return nil, false
	}
	r, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, false
	}
	b, err := io.ReadAll(io.LimitReader(r, 64<<20))
	if err != nil {
		return nil, false
	}
	var d Digest
	if json.Unmarshal(b, &d) != nil {
		return nil, false
	}
	return d, true
}

// WithDigest puts the digest line right after the marker line of body.
func WithDigest(body string, d Digest) string {
	line := d.Line()
	if line == "" {
		return body
	}
	first, rest, _ := strings.Cut(body, "\n")
	return first + "\n" + line + "\n" + rest
}

// ActionDiff is one resource whose planned change differs between two plans. Reviewed
// and Now are the actions ("" means the plan does not change the resource); Paths are
// the top-level attributes whose planned change differs, sorted (nil when the reviewed
// digest has actions only).
type ActionDiff struct {
	Address, Reviewed, Now string
	Paths                  []string
}

// Diff lists the resources whose planned change differs from reviewed to now, by
// address: another action, or an attribute whose planned value differs.
func (d Digest) Diff(now Digest) []ActionDiff {
	var out []ActionDiff
	for a, r := range d {
		n, ok := now[a]
		if diff, differs := diffEntry(a, r, true, n, ok); differs {
			out = append(out, diff)
		}
	}
	for a, n := range now {
		if _, ok := d[a]; !ok {
			diff, _ := diffEntry(a, DigestEntry{}, false, n, true)
			out = append(out, diff)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Address < out[j].Address })
	return out
}

// diffEntry compares one address; an entry missing on one side has no attributes there.
func diffEntry(addr string, r DigestEntry, inReviewed bool, n DigestEntry, inNow bool) (ActionDiff, bool) {
	if !inReviewed && n.Attrs != nil {
		r.Attrs = map[string]string{}
	}
	if !inNow && r.Attrs != nil {
		n.Attrs = map[string]string{}
	}
	diff := ActionDiff{Address: addr, Reviewed: r.Action, Now: n.Action}
	if r.Attrs != nil && n.Attrs != nil {
		for k, h := range r.Attrs {
			if nh, ok := n.Attrs[k]; !ok || nh != h {
				diff.Paths = append(diff.Paths, k)
			}
		}
		for k := range n.Attrs {
			if _, ok := r.Attrs[k]; !ok {
				diff.Paths = append(diff.Paths, k)
			}
		}
		sort.Strings(diff.Paths)
	}
	return diff, r.Action != n.Action || len(diff.Paths) > 0
}
