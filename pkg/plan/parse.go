// Package plan turns the JSON form of a Terraform plan into what repave shows and
// compares: a summary of the changes, a fingerprint of the reviewed plan, a redacted copy
// of the plan JSON, and the Markdown body of the sticky pull-request comment.
//
// The package is pure: bytes of plan JSON in, model and Markdown out. It runs no
// processes, talks to no network and reads no files, so it is fast to test and to fuzz.
package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	tfjson "github.com/hashicorp/terraform-json"
)

// hint tells the user what Parse expects; every Parse error ends with it.
const hint = "pass the output of `terraform show -json <planfile>`"

// Parse decodes the output of `terraform show -json <planfile>`.
//
// Numbers are kept exactly as written (json.Number) in the resource values it decodes.
// Errors say what was wrong with the input and how to produce the right one.
func Parse(data []byte) (*tfjson.Plan, error) {
	trimmed := bytes.TrimSpace(data)
	switch {
	case len(trimmed) == 0:
		return nil, fmt.Errorf("plan JSON: empty input; %s", hint)
	case bytes.HasPrefix(trimmed, []byte("PK\x03\x04")):
		return nil, fmt.Errorf("plan JSON: this is a binary plan file (the file written by `terraform plan -out`), not JSON; %s", hint)
	}

	var p tfjson.Plan
	p.UseJSONNumber(true)
	if err := json.Unmarshal(trimmed, &p); err != nil {
		return nil, explain(trimmed, err)
	}
	if p.PlannedValues == nil && len(p.ResourceChanges) == 0 && p.Config == nil && p.Timestamp == "" {
		if hasKey(trimmed, "values") {
			return nil, fmt.Errorf("plan JSON: this is Terraform state, not a plan (it has \"values\" but no \"planned_values\"); %s, not `terraform show -json` without a plan file", hint)
		}
		return nil, fmt.Errorf("plan JSON: not a Terraform plan (no planned_values, resource_changes or configuration); %s", hint)
	}
	return &p, nil
}

// explain turns a decoding error into one that says what was wrong and what to do.
func explain(data []byte, err error) error {
	if wrapped(data) {
		return fmt.Errorf("plan JSON: this is Terraform's output as hashicorp/setup-terraform's wrapper passes it on, with lines of its own (\"[command]…\", \"::debug::…\"): %s", wrapperHint)
	}
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		if data[0] != '{' && data[0] != '[' {
			return fmt.Errorf("plan JSON: not JSON (it starts with %q; is this the human-readable plan?); %s", preview(data), hint)
		}
		return fmt.Errorf("plan JSON: invalid JSON at byte %d: %v (truncated output?); %s", syn.Offset, syn, hint)
	}
	if data[0] != '{' {
		return fmt.Errorf("plan JSON: expected a JSON object, got %s; %s", kind(data[0]), hint)
	}
	var probe struct {
		FormatVersion json.RawMessage `json:"format_version"`
	}
	_ = json.Unmarshal(data, &probe)
	if len(probe.FormatVersion) == 0 || string(probe.FormatVersion) == "null" {
		return fmt.Errorf("plan JSON: not a Terraform plan (no format_version); %s", hint)
	}
	var version string
	if json.Unmarshal(probe.FormatVersion, &version) != nil {
		return fmt.Errorf("plan JSON: format_version must be a string like \"1.2\", got %s; %s", probe.FormatVersion, hint)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		field := typ.Field
		if field == "" {
			field = "(top level)"
		}
		return fmt.Errorf("plan JSON: field %s is a JSON %s where Terraform writes %s; %s", field, typ.Value, jsonKind(typ.Type), hint)
	}
	if verr := (&tfjson.Plan{FormatVersion: version}).Validate(); verr != nil {
		return fmt.Errorf("plan JSON: format_version %q is not supported: repave reads plan format %s (%v); %s",
			version, tfjson.PlanFormatVersionConstraints, verr, hint)
	}
	return fmt.Errorf("plan JSON: %v; %s", err, hint)
}

// jsonKind names the JSON type a Go type decodes from.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Interface:
		return "any value"
	default:
		return "a number"
	}
}

// hasKey reports whether the top-level JSON object in data has the key.
func hasKey(data []byte, key string) bool {
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		return false
	}
	_, ok := top[key]
	return ok
}

func kind(b byte) string {
	switch b {
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	default:
		return "a number"
	}
}

func preview(data []byte) string {
	const n = 24
	if len(data) > n {
		data = data[:n]
	}
	return string(bytes.ToValidUTF8(data, []byte("?")))
}
