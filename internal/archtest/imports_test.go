package archtest

import (
	"os/exec"
	"sort"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
)

const module = "github.com/repave-dev/repave/"

// rule forbids the packages matching from to depend, directly or through any
// other package, on a package matching one of banned.
type rule struct {
	from   []string // package patterns: "pkg/plan" or "pkg/gh/..." (relative to the module)
	except []string // patterns of from that the rule does not cover
	banned []string // import-path patterns; a module-relative one starts with "pkg/" or "internal/"
	why    string
}

var (
	github  = []string{"github.com/google/go-github/...", "pkg/gh/..."}
	runtime = []string{"pkg/runner/...", "github.com/sethvargo/go-githubactions/..."}
	tfLibs  = []string{"github.com/hashicorp/terraform-json/...", "github.com/hashicorp/terraform-exec/..."}
)

// rules are the import rules of docs/architecture.md ("Import rules").
var rules = []rule{
	{from: []string{"pkg/plan/..."}, banned: concat(github, runtime, []string{"os/exec"}),
		why: "pkg/plan is pure (plan JSON in, model and Markdown out): no GitHub, no processes, no runtime"},
	{from: []string{"pkg/markdown/..."}, banned: concat(github, runtime, tfLibs, []string{"os/exec", "pkg/..."}),
		why: "pkg/markdown is pure and a leaf (strings in, escaped Markdown out): no other pkg/ package, no Terraform, no GitHub, no processes, no runtime"},
	{from: []string{"pkg/runner/..."}, banned: tfLibs,
		why: "pkg/runner is the runner's runtime and knows no Terraform"},
	{from: []string{"pkg/secrets/..."}, banned: runtime,
		why: "pkg/secrets returns values and a scrubber; the runtime's masking is wired in by internal/vaultinputs"},
	{from: []string{"pkg/gh/..."}, banned: concat(tfLibs, []string{"pkg/tf/...", "pkg/plan/...", "pkg/plandir/..."}),
		why: "pkg/gh knows GitHub, not Terraform: callers hand it rendered text"},
	{from: []string{"pkg/tf/...", "pkg/packer/..."}, banned: github,
		why: "pkg/tf and pkg/packer run processes and return typed results; they never talk to GitHub"},
	{from: []string{"pkg/..."}, except: []string{"pkg/runner/..."}, banned: runtime,
		why: "runner knowledge stays in pkg/runner and reaches feature packages injected by cmd/ and internal/"},
}

// knownViolations are imports that break a rule today. Each is an edge
// (importer → imported) the check does not follow, with the reason it is
// still there; remove the entry with the import (the test fails on an entry
// that no longer matches an import). Issue #17 removed the last ones.
var knownViolations = map[string]string{}

func TestImportRules(t *testing.T) {
	t.Parallel()
	graph := importGraph(t)
	used := map[string]bool{}
	var problems []string
	for _, r := range rules {
		for _, pkg := range sortedKeys(graph) {
			rel, ok := strings.CutPrefix(pkg, module)
			if !ok || !matchAny(rel, r.from) || matchAny(rel, r.except) {
				continue
			}
			for _, path := range forbiddenPaths(graph, pkg, r.banned, used) {
				problems = append(problems, strings.Join(path, " → ")+"\n\t"+r.why)
			}
		}
	}
	for _, p := range problems {
		t.Errorf("import rule broken: %s", p)
	}
	for edge, reason := range knownViolations {
		if !used[edge] {
			t.Errorf("knownViolations lists %q (%s), but no package covered by a rule imports that any more: delete the entry", edge, reason)
		}
	}
}

// forbiddenPaths walks the imports of pkg, not following known violations,
// and returns one import path (pkg → … → banned) for each banned package it
// reaches. It records every known violation it meets in used.
func forbiddenPaths(graph map[string][]string, pkg string, banned []string, used map[string]bool) [][]string {
	prev := map[string]string{pkg: ""}
	queue := []string{pkg}
	var found [][]string
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, imp := range graph[p] {
			if _, seen := prev[imp]; seen {
				continue
			}
			if edge := short(p) + " → " + short(imp); knownViolations[edge] != "" {
				if matchAny(short(imp), banned) || reaches(graph, imp, banned) {
					used[edge] = true
				}
				continue
			}
			prev[imp] = p
			if matchAny(short(imp), banned) {
				found = append(found, route(prev, imp))
				continue
			}
			queue = append(queue, imp)
		}
	}
	return found
}

// reaches says whether pkg depends on a banned package at all.
func reaches(graph map[string][]string, pkg string, banned []string) bool {
	seen := map[string]bool{pkg: true}
	queue := []string{pkg}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if matchAny(short(p), banned) {
			return true
		}
		for _, imp := range graph[p] {
			if !seen[imp] {
				seen[imp] = true
				queue = append(queue, imp)
			}
		}
	}
	return false
}

func route(prev map[string]string, to string) []string {
	var path []string
	for p := to; p != ""; p = prev[p] {
		path = append([]string{short(p)}, path...)
	}
	return path
}

// importGraph is every package the module's packages build from (tests
// excluded: a test may import what it needs), with its direct imports.
func importGraph(t *testing.T) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "./...")
	cmd.Dir = fixture.Repo(t)
	out, err := cmd.Output()
	if err != nil {
		stderr := ""
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("go list -deps ./...: %v\n%s", err, stderr)
	}
	graph := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		graph[fields[0]] = fields[1:]
	}
	if len(graph) < 20 || graph[module+"pkg/plan"] == nil {
		t.Fatalf("go list returned no import graph of the module:\n%s", out)
	}
	return graph
}

// short is an import path relative to the module when it is in the module.
func short(pkg string) string {
	if rel, ok := strings.CutPrefix(pkg, module); ok {
		return rel
	}
	return pkg
}

// matchAny reports whether path matches one of patterns: exactly, or as a
// package below "x/..." (which also matches x itself).
func matchAny(path string, patterns []string) bool {
	for _, p := range patterns {
		if base, ok := strings.CutSuffix(p, "/..."); ok {
			if path == base || strings.HasPrefix(path, base+"/") {
				return true
			}
		} else if path == p {
			return true
		}
	}
	return false
}

func concat(lists ...[]string) []string {
	var all []string
	for _, l := range lists {
		all = append(all, l...)
	}
	return all
}

func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
