package review

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/plandir"
	"github.com/repave-dev/repave/pkg/secrets"
	"github.com/repave-dev/repave/pkg/tf"
)

// bigPlan is a plan JSON of n resources, each with a sensitive attribute and
// a non-sensitive one that holds a Vault value.
func bigPlan(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"format_version":"1.2","terraform_version":"1.11.4","resource_changes":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"address":"terraform_data.web[%d]","mode":"managed","type":"terraform_data","name":"web","index":%d,"provider_name":"terraform.io/builtin/terraform","change":{"actions":["update"],"before":{"input":{"image":"img-1","pw":"old-password-%d","url":"https://x/?k=vault-value-0001"}},"after":{"input":{"image":"img-2","pw":"new-password-%d","url":"https://x/?k=vault-value-0001"}},"after_unknown":{},"before_sensitive":{"input":{"pw":true}},"after_sensitive":{"input":{"pw":true}}}}`, i, i, i%50, i%50)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// BenchmarkWrite is plan-infra's work after terraform on a 10,000-resource
// plan with five Vault values: fingerprint, redaction, plan.json, comment and
// summary.
func BenchmarkWrite(b *testing.B) {
	p, err := plan.Parse(bigPlan(10000))
	if err != nil {
		b.Fatal(err)
	}
	sc := secrets.NewScrubber([]string{"vault-value-0001", "vault-value-0002", "vault-value-0003", "vault-value-0004", "vault-value-0005"})
	req := PlanRequest{Root: "infra", Settings: tf.Settings{Workspace: "default"}, Scrub: sc.Scrub}
	setSecrets(&req, sc) // as the commands give it
	b.ResetTimer()
	for b.Loop() {
		dir, err := plandir.Create(filepath.Join(b.TempDir(), "plan"))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := writeForBench(dir, p, req); err != nil {
			b.Fatal(err)
		}
	}
}
