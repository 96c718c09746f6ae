package main

import (
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
)

// The `tool` input chooses the engine that re-plans and applies, and the
// summary says which one did, at which version.
func TestToolInputChoosesTheEngine(t *testing.T) {
	if testing.Short() {
		t.Skip("slower than 2 s: real terraform, packer or git runs")
	}
	for _, tool := range fixture.Tools(t) {
		t.Run(string(tool), func(t *testing.T) {
			r := runAction(t, newServer(t), "push", map[string]string{"require-reviewed-plan": "false", "min-healthy-time": "0s", "tool": string(tool)})
			if r.Code != 0 || r.Outputs["applied"] != "true" {
				t.Fatalf("exit %d, outputs %v:\n%s", r.Code, r.Outputs, r.Log)
			}
			if !strings.Contains(r.Summary, "| Planned and applied by | "+tool.Name()+" ") {
				t.Errorf("the summary should name %s:\n%s", tool.Name(), r.Summary)
			}
		})
	}
}
