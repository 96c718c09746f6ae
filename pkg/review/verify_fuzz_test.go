package review

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/plan"
)

var (
	fuzzOnce     sync.Once
	fuzzRendered []string
)

// renderedSeeds are sticky comments rendered from the repository's sample
// plans, with their digest line, as comment-plan-on-pr posts them.
func renderedSeeds(f *testing.F) []string {
	fuzzOnce.Do(func() {
		dir := filepath.Join(fixture.Repo(f), "testdata", "plans")
		for _, name := range []string{"destroy.json", "mixed.json", "sensitive.json", "escaping.json", "nochange.json"} {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				f.Fatal(err)
			}
			p, err := plan.Parse(b)
			if err != nil {
				f.Fatal(err)
			}
			m := plan.Marker{Root: "infra/web", Workspace: "default", Fingerprint: "f00d", SHA: "0123456789abcdef"}
			fuzzRendered = append(fuzzRendered, renderComment(p, plan.RenderOptions{Marker: m, FullPlanHint: fullPlanHint}))
		}
	})
	return fuzzRendered
}

// FuzzCommentComparison: comparing never panics; any single-byte change of
// the compared part is refused; the status line, whatever it says, is not
// compared.
func FuzzCommentComparison(f *testing.F) {
	seeds := renderedSeeds(f)
	for i, r := range seeds {
		f.Add(r, uint(i*37), byte('x'), "**Applied** to `production`.", uint(i))
		f.Add(WithStatus(r, "x"), uint(len(r)/2), byte('\n'), "**Failed**: a\nb", uint(i))
	}
	f.Add("", uint(0), byte(0), "", uint(0))
	f.Fuzz(func(t *testing.T, posted string, pos uint, b byte, status string, which uint) {
		rendered := seeds[which%uint(len(seeds))]
		// Any posted text: no panic, and acceptance means equality.
		if d := FirstDifference(posted, rendered); d == nil && WithoutStatus(posted) != rendered {
			t.Fatalf("accepted a body whose compared part differs:\n%q", posted)
		} else if d != nil && d.Line < 1 {
			t.Fatalf("line %d", d.Line)
		}
		// The status line is outside the compared part.
		if d := FirstDifference(WithStatus(rendered, status), rendered); d != nil {
			t.Fatalf("status %q refused at line %d: %q vs %q", status, d.Line, d.Posted, d.Rendered)
		}
		// Any single-byte change of the compared part is refused, with or
		// without a status line.
		i := int(pos % uint(len(rendered)))
		if rendered[i] == b {
			return
		}
		changed := rendered[:i] + string([]byte{b}) + rendered[i+1:]
		if FirstDifference(changed, rendered) == nil {
			t.Fatalf("byte %d changed to %q was accepted", i, b)
		}
		if FirstDifference(WithStatus(changed, status), rendered) == nil {
			t.Fatalf("byte %d changed to %q was accepted once a status was set", i, b)
		}
	})
}
