package plan

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"io"
	"sort"
	"strings"
)

const digestPrefix = "<!-- repave:actions "

// MaxDigest bounds the hidden action digest embedded in a comment; a plan
// whose digest is larger gets none.
const MaxDigest = 16 * 1024

// Digest is what each resource address was planned to do (Change.Action), so
// a later plan can say which resources changed since review.
type Digest map[string]string

// DigestOf returns the digest of a summary's resource changes.
func DigestOf(s Summary) Digest {
	d := make(Digest, len(s.Changes))
	for _, c := range s.Changes {
		addr := c.Address
		if c.Deposed != "" {
			addr += " (deposed " + c.Deposed + ")"
		}
		d[addr] = c.Action
	}
	return d
}

// Line encodes the digest as a hidden HTML comment line (gzip, base64), or ""
// when it would be longer than MaxDigest.
func (d Digest) Line() string {
	b, _ := json.Marshal(d) // map keys are sorted: deterministic
	var z bytes.Buffer
	w, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	w.Write(b)
	w.Close()
	line := digestPrefix + base64.RawURLEncoding.EncodeToString(z.Bytes()) + " -->"
	if len(line) > MaxDigest {
		return ""
	}
	return line
}

// ParseDigest finds the digest line in a comment body.
func ParseDigest(body string) (Digest, bool) {
	i := strings.Index(body, digestPrefix)
	if i < 0 {
		return nil, false
	}
	rest := body[i+len(digestPrefix):]
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

// ActionDiff is one resource whose planned action differs between two plans;
// "" means the plan does not change it.
type ActionDiff struct{ Address, Reviewed, Now string }

// Diff lists the resources whose action differs from reviewed to now, by address.
func (d Digest) Diff(now Digest) []ActionDiff {
	var out []ActionDiff
	for a, r := range d {
		if now[a] != r {
			out = append(out, ActionDiff{a, r, now[a]})
		}
	}
	for a, n := range now {
		if _, ok := d[a]; !ok {
			out = append(out, ActionDiff{a, "", n})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Address < out[j].Address })
	return out
}
