package review

import (
	"bytes"
	"encoding/json"
	"fmt"

	tfjson "github.com/hashicorp/terraform-json"
)

// scrub applies the request's scrubber (secrets from Vault) to text.
func (req PlanRequest) scrub(text string) string {
	if req.Scrub == nil {
		return text
	}
	return req.Scrub(text)
}

// scrubJSON applies the request's scrubber to every string, key and number
// of a JSON document, keeping it valid JSON: a plain text replacement would
// break it where a secret equals a number ("5432") or contains a quote. A
// scalar that held a secret becomes the string the scrubber wrote.
func (req PlanRequest) scrubJSON(b []byte) ([]byte, error) {
	if req.Scrub == nil {
		return b, nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("scrubbing secrets from plan JSON: %w", err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if bytes.Contains(b[:min(len(b), 64)], []byte("\n")) {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(req.scrubValue(v)); err != nil {
		return nil, fmt.Errorf("scrubbing secrets from plan JSON: %w", err)
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

func (req PlanRequest) scrubValue(v any) any {
	switch x := v.(type) {
	case string:
		return req.Scrub(x)
	case json.Number:
		if s := req.Scrub(x.String()); s != x.String() {
			return s
		}
		return x
	case []any:
		for i := range x {
			x[i] = req.scrubValue(x[i])
		}
		return x
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[req.Scrub(k)] = req.scrubValue(e)
		}
		return out
	}
	return v
}

// scrubbedPlan is p with every secret value replaced, for the fingerprint:
// the fingerprint is published in the comment, and must not let anyone test
// guesses of a Vault value that Terraform does not mark sensitive.
func (req PlanRequest) scrubbedPlan(p *tfjson.Plan) (*tfjson.Plan, error) {
	if req.Scrub == nil {
		return p, nil
	}
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("scrubbing secrets from the plan: %w", err)
	}
	if b, err = req.scrubJSON(b); err != nil {
		return nil, err
	}
	var q tfjson.Plan
	if err := json.Unmarshal(b, &q); err != nil {
		return nil, fmt.Errorf("scrubbing secrets from the plan: %w", err)
	}
	return &q, nil
}
