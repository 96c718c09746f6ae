package plan

import (
	"strings"
	"testing"
)

// An attribute the apply computes renders as (known after apply) without its
// prior value, at any depth: the prior value is state that another apply
// (timestamp()) or a refresh changes between review and merge, and
// apply-on-merge compares the rendering byte for byte.
func TestUnknownAfterApplyHidesThePriorValue(t *testing.T) {
	t.Parallel()
	for name, change := range map[string]string{
		"whole attribute": `"before": {"input": {"seen_at": "2026-01-01T00:00:00Z"}, "id": "old-id"},
			"after": {}, "after_unknown": {"input": true, "id": true}`,
		"nested attribute": `"before": {"input": {"seen_at": "2026-01-01T00:00:00Z", "keep": "x"}},
			"after": {"input": {"keep": "x"}}, "after_unknown": {"input": {"seen_at": true}}`,
		"only nested attribute": `"before": {"input": {"seen_at": "2026-01-01T00:00:00Z"}},
			"after": {"input": {}}, "after_unknown": {"input": {"seen_at": true}}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, err := Parse([]byte(`{"format_version": "1.2", "resource_changes": [{"address": "terraform_data.stamp",
				"mode": "managed", "type": "terraform_data", "name": "stamp",
				"change": {"actions": ["update"], ` + change + `}}]}`))
			if err != nil {
				t.Fatal(err)
			}
			out := Render(p, RenderOptions{})
			if strings.Contains(out, "2026-01-01") || strings.Contains(out, "old-id") {
				t.Errorf("the prior value of an unknown attribute is shown:\n%s", out)
			}
			if !strings.Contains(out, "(known after apply)") {
				t.Errorf("no (known after apply):\n%s", out)
			}
		})
	}
}
