package plan

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkStructure fails when the Markdown has an unclosed fence or <details>.
func checkStructure(t *testing.T, md string) {
	t.Helper()
	if o, c := strings.Count(md, "<details>"), strings.Count(md, "</details>"); o != c {
		t.Errorf("%d <details> but %d </details>", o, c)
	}
	var open string
	for _, l := range strings.Split(md, "\n") {
		f := regexp.MustCompile("^`{3,}").FindString(l)
		switch {
		case f == "":
		case open == "":
			open = f
		case f == open && strings.TrimSpace(l) == f:
			open = ""
		}
	}
	if open != "" {
		t.Errorf("fence %s is never closed", open)
	}
}

func TestRenderTruncatesHugePlan(t *testing.T) {
	t.Parallel()
	p, err := Parse(generatePlan(1000, ""))
	if err != nil {
		t.Fatal(err)
	}
	s := Summarize(p)
	md := Render(p, RenderOptions{
		Marker:       Marker{Root: "infra", Workspace: "default", SHA: "abc"},
		FullPlanHint: "the job summary of https://github.com/o/r/actions/runs/1 and the plan artifact",
	})
	if n := utf8.RuneCountInString(md); n > DefaultMaxChars {
		t.Fatalf("rendered %d runes, more than %d", n, DefaultMaxChars)
	}
	if m, ok := ParseMarker(md); !ok || m.Fingerprint == "" {
		t.Errorf("first line is not a marker with a fingerprint: %+v %v", m, ok)
	}
	if !strings.Contains(md, "**Plan:** 250 to add, 250 to change, 250 to destroy, 250 to replace · 0 drifted outside Terraform") {
		t.Error("the counts line is missing")
	}
	dangerous := s.Dangerous()
	if len(dangerous) != 500 {
		t.Fatalf("%d dangerous changes, want 500", len(dangerous))
	}
	for _, c := range dangerous {
		if !strings.Contains(md, "| `"+c.Address+"` |") {
			t.Fatalf("dangerous change %s is not in the table", c.Address)
		}
	}
	shown := strings.Count(md, "```diff\n# ")
	if shown == 0 || shown >= 1000 {
		t.Errorf("%d resource diffs shown, want some but not all", shown)
	}
	note := fmt.Sprintf("**Diff cut to fit the comment:** %d of 1000 resource changes are not shown here", 1000-shown)
	if !strings.Contains(md, note) || !strings.Contains(md, "actions/runs/1 and the plan artifact") {
		t.Errorf("no truncation note %q pointing to the full plan", note)
	}
	checkStructure(t, md)
	for i := 0; i < 1000; i += 10 { // every tenth password is marked sensitive
		if pw := fmt.Sprintf("pw-%06d-secret", i); strings.Contains(md, pw) {
			t.Errorf("sensitive password %s is in the output", pw)
		}
	}
}

func TestRenderCutsDangerousTable(t *testing.T) {
	t.Parallel()
	p, err := Parse(generatePlan(12000, ""))
	if err != nil {
		t.Fatal(err)
	}
	md := Render(p, RenderOptions{MaxChars: 20000})
	if n := utf8.RuneCountInString(md); n > 20000 {
		t.Fatalf("rendered %d runes, more than 20000", n)
	}
	if !strings.Contains(md, "**Plan:** 3000 to add, 3000 to change, 3000 to destroy, 3000 to replace") {
		t.Error("the counts line is missing")
	}
	if !regexp.MustCompile(`_\d+ more destroyed or replaced resources not shown here; see the job summary`).MatchString(md) {
		t.Error("the cut table does not say so")
	}
	if !strings.Contains(md, "**Diff cut to fit the comment:** 12000 of 12000") {
		t.Error("the left-out diff is not mentioned")
	}
	checkStructure(t, md)
}

func TestRenderNeverOverMaxChars(t *testing.T) {
	t.Parallel()
	data := generatePlan(40, strings.Repeat("é✓", 300)) // multi-byte runes, long values
	p, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int{1, 999, 1000, 1001, 1500, 3000, 10000, 30000, 100000} {
		opts := RenderOptions{MaxChars: limit, Status: strings.Repeat("status ", 50), Marker: Marker{Root: strings.Repeat("r", 200)}}
		md := Render(p, opts)
		want := max(limit, MinMaxChars)
		if n := utf8.RuneCountInString(md); n > want {
			t.Errorf("MaxChars %d: %d runes", limit, n)
		}
		if !strings.HasPrefix(md, "<!-- repave:plan ") {
			t.Errorf("MaxChars %d: no marker first", limit)
		}
		checkStructure(t, md)
	}
	// Everything fits: nothing is cut.
	if md := Render(p, RenderOptions{MaxChars: 1 << 22}); strings.Contains(md, "cut to fit") {
		t.Error("a plan that fits was cut")
	}
}
