package plan

import (
	"strings"
	"testing"
)

func TestParseFixtures(t *testing.T) {
	t.Parallel()
	for _, name := range fixtures {
		p := loadFixture(t, name)
		if p.FormatVersion == "" || p.TerraformVersion == "" {
			t.Errorf("%s: format_version %q, terraform_version %q", name, p.FormatVersion, p.TerraformVersion)
		}
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, input string
		want        []string // substrings of the error
	}{
		{"empty", "", []string{"plan JSON: empty input", "terraform show -json <planfile>"}},
		{"blank", " \n\t", []string{"empty input"}},
		{"binary plan file", "PK\x03\x04\x14\x00\x08\x00", []string{"binary plan file", "terraform plan -out", "terraform show -json <planfile>"}},
		{"human-readable plan", "Terraform will perform the following actions:", []string{"not JSON", `"Terraform will perform`, "human-readable"}},
		{"truncated", `{"format_version": "1.2", "resource_changes": [`, []string{"invalid JSON at byte", "truncated output?"}},
		{"array", `[{"format_version": "1.2"}]`, []string{"expected a JSON object, got an array"}},
		{"string", `"plan"`, []string{"expected a JSON object, got a string"}},
		{"no format_version", `{"resource_changes": []}`, []string{"plan JSON: not a Terraform plan (no format_version); pass the output of `terraform show -json <planfile>`"}},
		{"null format_version", `{"format_version": null}`, []string{"no format_version"}},
		{"numeric format_version", `{"format_version": 1.2}`, []string{`format_version must be a string like "1.2", got 1.2`}},
		{"future format", `{"format_version": "2.0", "planned_values": {}}`, []string{`format_version "2.0" is not supported: repave reads plan format >= 0.1, < 2.0`}},
		{"wrong field type", `{"format_version": "1.2", "resource_changes": {"a": 1}}`, []string{"field resource_changes is a JSON object where Terraform writes an array"}},
		{"state, not plan", `{"format_version": "1.0", "terraform_version": "1.11.4", "values": {"root_module": {}}}`, []string{"this is Terraform state, not a plan", "without a plan file"}},
		{"setup-terraform wrapper", "[command]/home/runner/work/_temp/3f2a/terraform-bin show -json plan.tfplan\n{\"format_version\":\"1.2\",\"planned_values\":{}}\n::debug::Terraform exited with code 0.\n::debug::stdout: {}\n",
			[]string{"setup-terraform's wrapper", "set `terraform_wrapper: false` on hashicorp/setup-terraform"}},
		{"setup-terraform wrapper, debug lines only", "{\"format_version\":\"1.2\",\"planned_values\":{}}\n::debug::Terraform exited with code 0.\n",
			[]string{"set `terraform_wrapper: false` on hashicorp/setup-terraform"}},
		{"object without plan fields", `{"format_version": "1.2"}`, []string{"not a Terraform plan (no planned_values"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := Parse([]byte(tt.input))
			if err == nil {
				t.Fatalf("Parse(%q) = %v, want an error", tt.input, p)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestParseKeepsNumbersExact(t *testing.T) {
	t.Parallel()
	p, err := Parse([]byte(`{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"actions":["create"],"before":null,"after":{"n":9007199254740993}}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	got := p.ResourceChanges[0].Change.After.(map[string]any)["n"]
	if s, ok := got.(interface{ String() string }); !ok || s.String() != "9007199254740993" {
		t.Errorf("number = %#v, want json.Number 9007199254740993", got)
	}
}
