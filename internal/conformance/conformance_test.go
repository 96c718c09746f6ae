package conformance

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/plan"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// roots are the conformance roots: every directory of testdata/roots here and of the
// repository's testdata/planroots.
func roots(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for prefix, dir := range map[string]string{
		"":          filepath.Join("testdata", "roots"),
		"planroot-": filepath.Join(fixture.Repo(t), "testdata", "planroots"),
	} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() {
				out[prefix+e.Name()] = filepath.Join(dir, e.Name())
			}
		}
	}
	return out
}

// TestRenderingMatchesTerraformShow: for each root, the comment repave renders from
// the redacted plan JSON names the same resources with the same actions, and the same
// changed attributes with the same values, as `terraform show` of the same plan file.
// The comment's Markdown is kept as a golden file (-update rewrites them).
func TestRenderingMatchesTerraformShow(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs terraform for every root")
	}
	all := roots(t)
	if len(all) < 40 {
		t.Fatalf("%d conformance roots, want at least 40", len(all))
	}
	names := make([]string, 0, len(all))
	for n := range all {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := planRoot(t, all[name])
			md := render(t, p)
			want, got := parseShow(hideSensitive(t, p)), parseMarkdown(md)
			if diff := compare(want, got); diff != "" {
				t.Errorf("repave's comment differs from terraform show:\n%s\n--- terraform show:\n%s\n--- repave:\n%s", diff, p.show, md)
			}
			if strings.Contains(p.show, "Check block assertion failed") && !strings.Contains(md, "check failed:** ") {
				t.Errorf("terraform show reports a failed check; the comment does not:\n%s", md)
			}
			golden(t, name, md)
		})
	}
}

// render is what plan-infra does: redact the plan, parse the redacted JSON back and
// render the comment from it, with the sets of the provider schemas.
func render(t *testing.T, p planned) string {
	t.Helper()
	parsed, err := plan.Parse(p.json)
	if err != nil {
		t.Fatal(err)
	}
	red, err := plan.Redact(parsed, plan.RedactOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rp, err := plan.Parse(red)
	if err != nil {
		t.Fatal(err)
	}
	return plan.Render(rp, plan.RenderOptions{
		Marker: plan.Marker{Root: "infra", Workspace: "default", SHA: strings.Repeat("0", 40)},
		Schema: p.schema,
	})
}

// hideSensitive is `terraform show` with every sensitive value written as repave writes
// it. Terraform prints a sensitive value where it appears inside an attribute that is
// not itself marked sensitive; repave never does (a deliberate difference).
func hideSensitive(t *testing.T, p planned) string {
	t.Helper()
	parsed, err := plan.Parse(p.json)
	if err != nil {
		t.Fatal(err)
	}
	var pairs []string
	for _, v := range plan.SensitiveLeaves(parsed) {
		if s, ok := v.(string); ok && len(s) >= 4 {
			pairs = append(pairs, s, "(sensitive)")
		}
	}
	return strings.NewReplacer(pairs...).Replace(p.show)
}

func compare(want, got rendering) string {
	var b strings.Builder
	keys := map[string]bool{}
	for k := range want {
		keys[k] = true
	}
	for k := range got {
		keys[k] = true
	}
	var sorted []string
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	for _, k := range sorted {
		w, g := want[k], got[k]
		switch {
		case w == nil:
			fmt.Fprintf(&b, "%s: only in repave (%s)\n", k, g.action)
		case g == nil:
			fmt.Fprintf(&b, "%s: missing in repave (terraform: %s)\n", k, w.action)
		default:
			if w.action != g.action {
				fmt.Fprintf(&b, "%s: action %s, terraform says %s\n", k, g.action, w.action)
			}
			if strings.Join(w.leaves, "\n") != strings.Join(g.leaves, "\n") {
				fmt.Fprintf(&b, "%s: changes differ\n  terraform:\n    %s\n  repave:\n    %s\n", k,
					strings.Join(w.leaves, "\n    "), strings.Join(g.leaves, "\n    "))
			}
		}
	}
	return b.String()
}

var (
	uuid        = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	fingerprint = regexp.MustCompile(`fingerprint=[0-9a-f]{64}`)
)

// golden compares md with testdata/golden/<name>.md, with the ids terraform_data
// makes up and the fingerprint that depends on them replaced by placeholders.
func golden(t *testing.T, name, md string) {
	t.Helper()
	md = uuid.ReplaceAllString(md, "00000000-0000-0000-0000-000000000000")
	md = fingerprint.ReplaceAllString(md, "fingerprint=<fingerprint>")
	path := filepath.Join("testdata", "golden", name+".md")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(md), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/conformance -update)", err)
	}
	if string(want) != md {
		t.Errorf("the comment differs from %s (rerun with -update and review the diff):\n%s", path, md)
	}
}
