package plan

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The secrets of the sensitive fixtures, as terraform wrote them into the plan JSON.
var knownSecrets = map[string][]string{
	"sensitive":        {"hunter2-s3cr3t", "old-pa55word"},
	"sensitive_output": {"tok-static-9f8e7d6c"},
}

func TestSecretsNeverLeave(t *testing.T) {
	t.Parallel()
	for name, secrets := range knownSecrets {
		raw := readFixture(t, name)
		p := loadFixture(t, name)
		redacted, err := Redact(p, RedactOptions{})
		if err != nil {
			t.Fatal(err)
		}
		rendered := Render(p, goldenOptions)
		golden, err := os.ReadFile(filepath.Join("..", "..", "testdata", "golden", name+".md"))
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range secrets {
			if !bytes.Contains(raw, []byte(secret)) {
				t.Fatalf("%s: fixture does not contain %q; the test proves nothing", name, secret)
			}
			for what, text := range map[string]string{"Redact": string(redacted), "Render": rendered, "golden file": string(golden)} {
				if strings.Contains(text, secret) {
					t.Errorf("%s: %s output contains the secret %q", name, what, secret)
				}
			}
		}
	}
}

func TestRedactSensitive(t *testing.T) {
	t.Parallel()
	p := loadFixture(t, "sensitive")
	out, err := Redact(p, RedactOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("Redact output is not JSON: %v", err)
	}
	get := func(path ...any) any {
		var v any = doc
		for _, step := range path {
			switch s := step.(type) {
			case string:
				v = obj(v)[s]
			case int:
				v = list(v)[s]
			}
		}
		return v
	}
	tests := []struct {
		what string
		path []any
		want any
	}{
		{"sensitive variable", []any{"variables", "db_password", "value"}, Sensitive},
		{"sensitive attribute that changes, after", []any{"resource_changes", 1, "change", "after", "input"}, SensitiveChanged},
		{"sensitive attribute, before", []any{"resource_changes", 1, "change", "before", "input"}, Sensitive},
		{"value Terraform did not mark, scrubbed", []any{"resource_changes", 1, "change", "before", "output"}, Sensitive},
		{"secret flowed through nonsensitive()", []any{"resource_changes", 0, "change", "after", "input", "note"}, "rotated to " + Sensitive},
		{"sensitive output change", []any{"output_changes", "db_url", "after"}, SensitiveChanged},
		{"planned output", []any{"planned_values", "outputs", "db_url", "value"}, Sensitive},
		{"planned resource values", []any{"planned_values", "root_module", "resources", 1, "values", "input"}, Sensitive},
		{"prior state output", []any{"prior_state", "values", "outputs", "db_url", "value"}, Sensitive},
		{"prior state resource values", []any{"prior_state", "values", "root_module", "resources", 0, "values", "input"}, Sensitive},
		{"non-sensitive value kept", []any{"resource_changes", 1, "address"}, "terraform_data.db"},
	}
	for _, tt := range tests {
		if got := get(tt.path...); got != tt.want {
			t.Errorf("%s %v = %#v, want %#v", tt.what, tt.path, got, tt.want)
		}
	}
	if _, err := Parse(out); err != nil {
		t.Errorf("Parse rejects Redact's output: %v", err)
	}
}

func TestRedactSensitiveOutputConstant(t *testing.T) {
	t.Parallel()
	out, err := Redact(loadFixture(t, "sensitive_output"), RedactOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"https://api.internal/v2"`) {
		t.Error("the non-sensitive output was redacted too")
	}
}

func TestRedactEveryFixture(t *testing.T) {
	t.Parallel()
	for _, name := range fixtures {
		p := loadFixture(t, name)
		before := Render(p, goldenOptions)
		out, err := Redact(p, RedactOptions{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		again, err := Parse(out)
		if err != nil {
			t.Fatalf("%s: Parse rejects Redact's output: %v", name, err)
		}
		for _, s := range SensitiveValues(p) {
			if bytes.Contains(out, []byte(s)) {
				t.Errorf("%s: Redact output contains sensitive value %q", name, s)
			}
		}
		if Render(p, goldenOptions) != before {
			t.Errorf("%s: Redact changed the plan it was given", name)
		}
		// Redacting changes no planned action, so the summary stays the same.
		if a, b := Summarize(p).Counts, Summarize(again).Counts; a != b {
			t.Errorf("%s: counts %+v after redaction, %+v before", name, b, a)
		}
	}
}

func TestRedactExtraSecrets(t *testing.T) {
	t.Parallel()
	out, err := Redact(loadFixture(t, "mixed"), RedactOptions{Secrets: []string{"ami-0bbb2222", "ab", ""}})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte("ami-0bbb2222")) {
		t.Error("an extra secret is still in the output")
	}
	if !bytes.Contains(out, []byte(`"terraform_data.stable"`)) {
		t.Error("a secret shorter than 4 characters was scrubbed")
	}
}

func TestSensitiveValues(t *testing.T) {
	t.Parallel()
	got := SensitiveValues(loadFixture(t, "sensitive"))
	for _, want := range []string{
		"hunter2-s3cr3t",
		"postgres://app:hunter2-s3cr3t@db.internal:5432/app",
		"postgres://app:old-pa55word@db.internal:5432/app",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("SensitiveValues = %q, missing %q", got, want)
		}
	}
	if len(SensitiveValues(loadFixture(t, "mixed"))) != 0 {
		t.Error("a plan without sensitive values has some")
	}
	if got := SensitiveValues(nil); len(got) != 0 {
		t.Errorf("SensitiveValues(nil) = %q", got)
	}
}

// Scrubbing touches values only: a secret that happens to equal an action, a type name or
// a version leaves the structure of the plan alone.
func TestRedactLeavesStructure(t *testing.T) {
	t.Parallel()
	p := loadFixture(t, "sensitive_output")
	out, err := Redact(p, RedactOptions{Secrets: []string{"create", "string", "managed", "1.11.4", "terraform"}})
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse(out)
	if err != nil {
		t.Fatalf("Parse rejects the output: %v", err)
	}
	if again.TerraformVersion != "1.11.4" || again.ResourceChanges[0].Address != "terraform_data.api" ||
		!again.ResourceChanges[0].Change.Actions.Create() || again.PlannedValues.Outputs["endpoint"].Type.FriendlyName() != "string" {
		t.Errorf("structure changed:\n%s", out)
	}
}
