package plan

import (
	"strings"
	"testing"
)

// A sensitive value that changes shows as changed when the comment is
// rendered from the redacted plan.json (as comment-plan-on-pr and
// apply-on-merge render it), never as unchanged and never with its value.
func TestRedactedPlanShowsSensitiveChange(t *testing.T) {
	t.Parallel()
	p := loadFixture(t, "sensitive")
	b, err := Redact(p, RedactOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rp, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	md := Render(rp, RenderOptions{Marker: Marker{Root: "infra/prod", Workspace: "default"}})
	for _, want := range []string{"~ input  = (sensitive value changed)", "~ db_url = (sensitive value changed)"} {
		if !strings.Contains(md, want) {
			t.Errorf("rendering of the redacted plan lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "unchanged attributes hidden") {
		t.Errorf("a changed sensitive attribute was hidden as unchanged:\n%s", md)
	}
}
