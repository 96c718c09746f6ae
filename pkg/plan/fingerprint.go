package plan

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"
	"sort"
	"strconv"

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
// "(sensitive)". A change that only touches a sensitive value therefore keeps the
// fingerprint (the fingerprint is published in a comment and must not let anyone guess
// a secret).
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
	doc, err := canonicalPlan(p)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(doc)
	return hex.EncodeToString(sum[:]), nil
}

// canonicalPlan returns the document Fingerprint hashes.
func canonicalPlan(p *tfjson.Plan) ([]byte, error) {
	if p == nil {
		return nil, errors.New("plan fingerprint: no plan")
	}
	type entry struct {
		address, deposed string
		value            map[string]any
	}
	var entries []entry
	for _, rc := range p.ResourceChanges {
		if rc == nil || rc.Change == nil || rc.Change.Actions.NoOp() {
			continue
		}
		c := rc.Change
		entries = append(entries, entry{rc.Address, rc.DeposedKey, map[string]any{
			"address":       rc.Address,
			"deposed":       rc.DeposedKey,
			"actions":       actionStrings(c.Actions),
			"before":        canonical(mask(c.Before, c.BeforeSensitive, nil)),
			"after":         canonical(mask(c.After, c.AfterSensitive, nil)),
			"after_unknown": canonical(c.AfterUnknown),
			"replace_paths": canonical(c.ReplacePaths),
		}})
	}
	sort.SliceStable(entries, func(i, j int) bool {
		if entries[i].address != entries[j].address {
			return entries[i].address < entries[j].address
		}
		return entries[i].deposed < entries[j].deposed
	})
	resources := make([]any, len(entries))
	for i, e := range entries {
		resources[i] = e.value
	}

	outputs := map[string]any{}
	for name, oc := range p.OutputChanges {
		if oc == nil || oc.Actions.NoOp() {
			continue
		}
		outputs[name] = map[string]any{
			"actions":       actionStrings(oc.Actions),
			"before":        canonical(mask(oc.Before, oc.BeforeSensitive, nil)),
			"after":         canonical(mask(oc.After, oc.AfterSensitive, nil)),
			"after_unknown": canonical(oc.AfterUnknown),
		}
	}

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(map[string]any{"resource_changes": resources, "output_changes": outputs})
	if err != nil {
		return nil, errors.New("plan fingerprint: " + err.Error())
	}
	return buf.Bytes(), nil
}

func actionStrings(a tfjson.Actions) []string {
	out := make([]string, len(a))
	for i, x := range a {
		out[i] = string(x)
	}
	return out
}

// canonical returns v with numbers in one form, whether the plan was decoded with
// json.Number (as Parse does) or float64 (as a plain json.Unmarshal does).
func canonical(v any) any {
	switch val := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(val))
		for k, e := range val {
			out[k] = canonical(e)
		}
		return out
	case []any:
		out := make([]any, len(val))
		for i, e := range val {
			out[i] = canonical(e)
		}
		return out
	case json.Number:
		return canonicalNumber(string(val))
	case float64:
		return json.Number(strconv.FormatFloat(val, 'g', -1, 64))
	}
	return v
}

// canonicalNumber writes a number as the shortest float64 form when that is exactly the
// same number, and as written otherwise (integers beyond 2^53, more digits than a float64
// holds), so no two different numbers share a form.
func canonicalNumber(s string) any {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s // not a number Go can read: hash the literal as a string
	}
	short := strconv.FormatFloat(f, 'g', -1, 64)
	if short == s {
		return json.Number(short)
	}
	exact, ok1 := new(big.Float).SetPrec(1024).SetString(s)
	approx, ok2 := new(big.Float).SetPrec(1024).SetString(short)
	if ok1 && ok2 && exact.Cmp(approx) == 0 {
		return json.Number(short)
	}
	return json.Number(s)
}
