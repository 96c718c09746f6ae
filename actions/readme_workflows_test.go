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
// every ```yaml block of the README that is a whole workflow (top-level on:
// and jobs:), so a snippet users copy is a workflow GitHub accepts. Each
// block is written to its own file; an error names the README line it
// starts at.
func TestReadmeWorkflowsPassActionlint(t *testing.T) {
	bin, err := exec.LookPath("actionlint")
	if err != nil {
		t.Skip("actionlint is not installed")
	}
	blocks := readmeWorkflows(t)
	if len(blocks) < 3 {
		t.Fatalf("found %d workflows among the README's yaml blocks, want the quick start's and the examples'", len(blocks))
	}
	dir := t.TempDir()
	var files []string
	for line, body := range blocks {
		f := filepath.Join(dir, "readme-line-"+strconv.Itoa(line)+".yml")
		if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	cmd := exec.Command(bin, append([]string{"-no-color"}, files...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("actionlint over the README's workflows (file readme-line-N.yml is the block opened at README.md line N): %v\n%s", err, out)
	}
}

// readmeWorkflows maps the README line of each ```yaml fence that opens a
// whole workflow to the block's text.
func readmeWorkflows(t *testing.T) map[int]string {
	t.Helper()
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	topOn, topJobs := regexp.MustCompile(`(?m)^on:`), regexp.MustCompile(`(?m)^jobs:`)
	blocks := map[int]string{}
	lines := strings.Split(string(b), "\n")
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
