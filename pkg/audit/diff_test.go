package audit_test

import (
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/audit"
	"github.com/repave-dev/repave/pkg/plan"
)

// attributeLines lists the attribute changes audit-check reports for one
// update of change (the JSON of a resource change's "change"), one line
// each: "path: before -> after".
func attributeLines(t *testing.T, change string, sensitive ...string) []string {
	t.Helper()
	p, err := plan.Parse([]byte(`{"format_version": "1.2", "resource_changes": [{"address": "terraform_data.x",
		"mode": "managed", "type": "terraform_data", "name": "x", "change": {"actions": ["update"], ` + change + `}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	rcs := audit.Changes(p.ResourceChanges, sensitive)
	if len(rcs) != 1 {
		t.Fatalf("%d resource changes, want 1", len(rcs))
	}
	var out []string
	for _, a := range rcs[0].Attributes {
		out = append(out, a.Path+": "+a.Before+" -> "+a.After)
	}
	return out
}

func TestAttributeChanges(t *testing.T) {
	cases := []struct {
		name, change string
		want         []string
	}{
		{"scalars and nested objects",
			`"before": {"size": "small", "cfg": {"a": 1, "b": [1, 2]}, "same": "x"},
			 "after":  {"size": "large", "cfg": {"a": 2, "b": [1, 3]}, "same": "x"}`,
			[]string{`cfg.a: 1 -> 2`, `cfg.b[1]: 2 -> 3`, `size: "small" -> "large"`}},
		{"added and removed attributes",
			`"before": {"old": "x", "obj": {"k": "v"}}, "after": {"new": {"k": "v"}, "obj": {"k": "v"}}`,
			[]string{`new: (none) -> {"k":"v"}`, `old: "x" -> (none)`}},
		{"unknown after apply shows the value it replaces",
			`"before": {"id": "i-1", "out": {"a": 1}}, "after": {}, "after_unknown": {"id": true, "out": true}`,
			[]string{`id: "i-1" -> (known after apply)`, `out: {"a":1} -> (known after apply)`}},
		// pkg/audit's own walk compared a list whose length changes as one
		// value and wrote its unknown element as null.
		{"a list that grows by an element known after apply",
			`"before": {"ids": ["a"]}, "after": {"ids": ["a", null]}, "after_unknown": {"ids": [false, true]}`,
			[]string{`ids[1]: (none) -> (known after apply)`}},
		// …and wrote a new object without its unknown attributes, which
		// Terraform leaves out of "after".
		{"a new object with an attribute known after apply",
			`"before": {}, "after": {"block": {"name": "x"}}, "after_unknown": {"block": {"id": true}}`,
			[]string{`block: (none) -> {"id":"(known after apply)","name":"x"}`}},
		// …and joined keys with dots, so "a.b" and a → b had the same path.
		{"a key that is not an identifier",
			`"before": {"input": {"a.b": 1, "a": {"b": 1}}}, "after": {"input": {"a.b": 2, "a": {"b": 2}}}`,
			[]string{`input.a.b: 1 -> 2`, `input["a.b"]: 1 -> 2`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := attributeLines(t, c.change); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// A value Terraform marks sensitive, at any depth, on either side, is never
// shown; nor is one the caller knows is a secret (from Vault, or marked
// elsewhere in the plan) where Terraform did not mark it.
func TestAttributeChangesRedact(t *testing.T) {
	cases := []struct {
		name, change string
		want         []string
	}{
		{"nested attribute",
			`"before": {"cfg": {"user": "u1", "pw": "old-secret-1"}}, "before_sensitive": {"cfg": {"pw": true}},
			 "after":  {"cfg": {"user": "u2", "pw": "new-secret-2"}}, "after_sensitive": {"cfg": {"pw": true}}`,
			[]string{`cfg.pw: (sensitive) -> (sensitive)`, `cfg.user: "u1" -> "u2"`}},
		{"list element",
			`"before": {"keys": ["old-secret-1"]}, "before_sensitive": {"keys": [true]},
			 "after":  {"keys": ["old-secret-1", "new-secret-2"]}, "after_sensitive": {"keys": [true, true]}`,
			[]string{`keys[1]: (none) -> (sensitive)`}},
		{"inside a value shown whole",
			`"before": {"out": {"pw": "old-secret-1", "n": 1}}, "before_sensitive": {"out": {"pw": true}},
			 "after": {}, "after_unknown": {"out": true}`,
			[]string{`out: {"n":1,"pw":"(sensitive)"} -> (known after apply)`}},
		{"a whole side",
			`"before": {"token": "old-secret-1"}, "after": {"token": "new-secret-2"}, "after_sensitive": {"token": true}`,
			[]string{`token: "(sensitive)" -> (sensitive)`}}, // the before side by value
		{"unmarked, known to the caller",
			`"before": {"input": {"pw": "old-secret-1"}}, "after": {"input": {"pw": "new-secret-2"}}`,
			[]string{`input.pw: "(sensitive)" -> "(sensitive)"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := attributeLines(t, c.change, "old-secret-1", "new-secret-2")
			text := strings.Join(got, "\n")
			if strings.Contains(text, "secret-") {
				t.Fatalf("a sensitive value is shown:\n%s", text)
			}
			if text != strings.Join(c.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", text, strings.Join(c.want, "\n"))
			}
		})
	}
}
