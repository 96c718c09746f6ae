package actions_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestReadmeWorkflowsPassActionlint runs actionlint, where installed, over
// every ```yaml block of the README and of the docs/*.md pages that is a
// whole workflow (top-level on: and jobs:), so a snippet users copy is a
// workflow GitHub accepts. Each block is written to its own file; an error
// names the page and line it starts at.
func TestReadmeWorkflowsPassActionlint(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("actionlint")
	if err != nil {
		t.Skip("actionlint is not installed")
	}
	blocks := docWorkflows(t)
	if len(blocks) < 3 {
		t.Fatalf("found %d workflows among the yaml blocks of README.md and docs/*.md, want the quick start's and the examples'", len(blocks))
	}
	dir := t.TempDir()
	var files []string
	for at, body := range blocks {
		f := filepath.Join(dir, at+".yml")
		if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	cmd := exec.Command(bin, append([]string{"-no-color"}, files...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("actionlint over the documented workflows (file PAGE-line-N.yml is the block opened at line N of README.md or docs/PAGE.md): %v\n%s", err, out)
	}
}

// TestDocWorkflowsFindsDocsPages fails when the docs pages' workflows are
// not among those actionlint checks: the per-action pages hold most of them.
func TestDocWorkflowsFindsDocsPages(t *testing.T) {
	t.Parallel()
	blocks := docWorkflows(t)
	for _, want := range []string{"apply-on-merge", "audit-check", "bake-image", "monorepos"} {
		found := false
		for at := range blocks {
			found = found || strings.HasPrefix(at, want+"-line-")
		}
		if !found {
			t.Errorf("no workflow found in docs/%s.md; blocks: %v", want, keys(blocks))
		}
	}
}

func keys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// docWorkflows maps "PAGE-line-N" (README or a docs page's name, and the
// line of the ```yaml fence that opens a whole workflow) to the block's text.
func docWorkflows(t *testing.T) map[string]string {
	t.Helper()
	pages, err := filepath.Glob("../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := map[string]string{}
	for _, p := range append([]string{"../README.md"}, pages...) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(p), ".md")
		for line, body := range yamlWorkflows(string(b)) {
			blocks[name+"-line-"+strconv.Itoa(line)] = body
		}
	}
	return blocks
}

// yamlWorkflows maps the line of each ```yaml fence of a Markdown text that
// opens a whole workflow to the block's text.
func yamlWorkflows(text string) map[int]string {
	topOn, topJobs := regexp.MustCompile(`(?m)^on:`), regexp.MustCompile(`(?m)^jobs:`)
	blocks := map[int]string{}
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		if lines[i] != "```yaml" && lines[i] != "```yml" {
			continue
		}
		start := i + 1
		for i++; i < len(lines) && !strings.HasPrefix(lines[i], "```"); i++ {
		}
		body := strings.Join(lines[start:i], "\n") + "\n"
		if topOn.MatchString(body) && topJobs.MatchString(body) {
			blocks[start] = body
		}
	}
	return blocks
}
