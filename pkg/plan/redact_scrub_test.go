package plan

import (
	"strings"
	"testing"
)

// With Scrub, Redact removes a secret from addresses, index keys and check
// messages everywhere in the plan, and leaves the structure (actions, types)
// alone even when a secret equals one of its words.
func TestRedactScrubsAddressesIndexKeysAndChecks(t *testing.T) {
	t.Parallel()
	doc := `{"format_version":"1.2","terraform_version":"1.11.4",
"planned_values":{"root_module":{"resources":[{"address":"terraform_data.per[\"idx-secret\"]","index":"idx-secret","mode":"managed","type":"terraform_data","name":"per","values":{"input":"idx-secret"}}]}},
"prior_state":{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{"resources":[{"address":"terraform_data.per[\"idx-secret\"]","index":"idx-secret","mode":"managed","type":"terraform_data","name":"per","values":{"input":"idx-secret"}}]}}},
"resource_changes":[{"address":"terraform_data.per[\"idx-secret\"]","index":"idx-secret","mode":"managed","type":"terraform_data","name":"per","provider_name":"terraform.io/builtin/terraform","change":{"actions":["create"],"before":null,"after":{"input":"idx-secret"},"after_unknown":{},"before_sensitive":false,"after_sensitive":{}}}],
"checks":[{"address":{"kind":"check","name":"policy","to_display":"check.policy"},"status":"fail","instances":[{"address":{"to_display":"check.policy"},"status":"fail","problems":[{"message":"word idx-secret is too long"}]}]}]}`
	p, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	scrub := strings.NewReplacer("idx-secret", Sensitive, "create", Sensitive).Replace
	b, err := Redact(p, RedactOptions{Scrub: scrub})
	if err != nil {
		t.Fatal(err)
	}
	out := string(b)
	if strings.Contains(out, "idx-secret") {
		t.Errorf("the secret survived:\n%s", out)
	}
	if !strings.Contains(out, `"actions":["create"]`) {
		t.Errorf("a secret equal to an action changed the plan's structure:\n%s", out)
	}
	if _, err := Parse(b); err != nil {
		t.Errorf("Parse rejects the result: %v", err)
	}
}
