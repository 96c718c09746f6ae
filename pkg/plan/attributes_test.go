package plan

import (
	"strings"
	"testing"
)

// AttributeChanges lists what the diff shows changed, at the depth the diff
// goes to: a JSON or multi-line string, which the diff shows line by line, is
// one attribute; a list element the diff shows added is one attribute.
func TestAttributeChangesGoAsDeepAsTheDiff(t *testing.T) {
	p, err := Parse([]byte(`{"format_version": "1.2", "resource_changes": [{"address": "terraform_data.x",
		"mode": "managed", "type": "terraform_data", "name": "x", "change": {"actions": ["update"],
		"before": {"policy": "{\"a\": [1]}", "script": "one\ntwo\n", "list": ["a", "b"], "obj": {"k": "v", "same": 1}},
		"after":  {"policy": "{\"a\": [2]}", "script": "one\nthree\n", "list": ["a", "c", "b"], "obj": {"k": "w", "same": 1}}}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range AttributeChanges(p.ResourceChanges[0].Change) {
		got = append(got, a.Path+": "+a.Before+" -> "+a.After)
	}
	want := []string{
		`list[1]: (none) -> "c"`,
		`obj.k: "v" -> "w"`,
		`policy: "{\"a\": [1]}" -> "{\"a\": [2]}"`,
		`script: "one\ntwo\n" -> "one\nthree\n"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if AttributeChanges(nil) != nil {
		t.Error("no change, no attributes")
	}
}
