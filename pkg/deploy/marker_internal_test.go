package deploy

import (
	"strings"
	"testing"
)

// The marker of a failed deployment's comment and issue is one hidden line
// whatever the root is called, and tells roots and workspaces apart.
func TestRollbackMarkerHoldsAnyRootName(t *testing.T) {
	for _, root := range []string{"infra/x --> @victim ![i](https://evil.example/i.png)", "infra/a\nb", "infra/a workspace=b"} {
		m := rollbackMarker(root, "default", "abc")
		if strings.ContainsAny(m, "\r\n") || strings.Count(m, "-->") != 1 || !strings.HasSuffix(m, " -->") || strings.Count(m, " workspace=") != 1 {
			t.Errorf("root %q: the marker is %q", root, m)
		}
	}
	if rollbackMarker("infra/a workspace=b", "c", "abc") == rollbackMarker("infra/a", "b workspace=c", "abc") {
		t.Error("two roots share one marker, hence one issue")
	}
	if got := rollbackMarker("infra/web", "default", "abc"); got != "<!-- repave:rollback root=infra/web workspace=default sha=abc -->" {
		t.Errorf("a plain root's marker changed: %q", got)
	}
}
