package main

import (
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
)

// The `tool` input chooses the engine; the log, the summary and the comment
// say which one planned, at which version.
func TestToolInputChoosesTheEngine(t *testing.T) {
	for _, tool := range fixture.Tools(t) {
		t.Run(string(tool), func(t *testing.T) {
			r := runAction(t, map[string]string{"working-directory": "infra/web", "vars": "image_id=img-0002\ninstance_count=2", "tool": string(tool)})
			if r.Code != 0 {
				t.Fatalf("exit %d:\n%s", r.Code, r.Log)
			}
			for _, want := range []string{"::group::" + tool.Binary() + " plan infra/web", "(workspace default) by " + tool.Name() + " "} {
				if !strings.Contains(r.Log, want) {
					t.Errorf("the log lacks %q:\n%s", want, r.Log)
				}
			}
			if !strings.Contains(r.Summary, "### "+tool.Name()+" ") || !strings.Contains(r.Summary, " plan for `infra/web`") || !strings.Contains(r.Summary, "tool="+tool.Binary()+" tool-version=") {
				t.Errorf("the summary should say %s planned:\n%.600s", tool.Name(), r.Summary)
			}
		})
	}
}
