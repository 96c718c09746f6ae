package plan

import (
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

// TestRenderFailedChecksAndDeferred: a failed check and a deferred change are named
// under the counts, with Terraform's messages, and a secret in a message is hidden.
func TestRenderFailedChecksAndDeferred(t *testing.T) {
	t.Parallel()
	p := loadFixture(t, "update")
	p.Checks = []tfjson.CheckResultStatic{
		{Address: tfjson.CheckStaticAddress{ToDisplay: "check.health", Kind: tfjson.CheckKindCheckBlock}, Status: tfjson.CheckStatusFail,
			Instances: []tfjson.CheckResultDynamic{{Address: tfjson.CheckDynamicAddress{ToDisplay: "check.health"}, Status: tfjson.CheckStatusFail,
				Problems: []tfjson.CheckResultProblem{{Message: "https://example.test/health answered 503"}}}}},
		{Address: tfjson.CheckStaticAddress{ToDisplay: "output.url", Kind: tfjson.CheckKindOutputValue}, Status: tfjson.CheckStatusPass},
	}
	p.DeferredChanges = []*tfjson.DeferredResourceChange{{Reason: "instance_count_unknown", ResourceChange: &tfjson.ResourceChange{
		Address: "terraform_data.later", Mode: tfjson.ManagedResourceMode, Type: "terraform_data", Name: "later",
		Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionCreate}, After: map[string]any{}}}}}
	s := Summarize(p)
	if s.Counts.FailedChecks != 1 || s.Counts.Deferred != 1 {
		t.Errorf("counts = %+v, want 1 failed check and 1 deferred change", s.Counts)
	}
	md := Render(p, goldenOptions)
	for _, want := range []string{
		"**⚠️ 1 check failed:** `check.health`: `https://example.test/health answered 503`.\n",
		"**1 change deferred to a later plan** (this plan does not make it): `terraform_data.later` (created: its count or for_each is not known yet).\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("missing %q in:\n%s", want, md)
		}
	}
}
