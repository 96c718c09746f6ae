package audit

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/repave-dev/repave/pkg/input"
	"github.com/repave-dev/repave/pkg/roots"
)

// ExpandRoots turns the working-directories lines, relative to repo, into
// the sorted, distinct roots to audit, with the glob engine and rules of
// root discovery (pkg/roots): a directory named as it is is audited when it
// holds .tf or .tf.json files; a glob (`*`, `**`, `{a,b}`) selects only
// roots, the configurations no other configuration calls as a local module
// or that configure a backend, so `infra/**` does not audit the modules
// under it; a `!` line excludes what the lines above it selected. An including line that selects nothing
// is an error naming it.
func ExpandRoots(repo string, lines []string) ([]string, error) {
	scan, err := roots.Scan(repo)
	if err != nil {
		return nil, err
	}
	all, _ := roots.ParsePatterns(nil)
	candidates := map[string]bool{}
	for _, r := range scan.Roots(all) {
		candidates[r] = true
	}
	// A directory another calls as a module is still a root when it
	// configures a backend (it keeps state of its own).
	for d := range scan.Configs {
		if !candidates[d] && hasBackend(filepath.Join(repo, filepath.FromSlash(d))) {
			candidates[d] = true
		}
	}
	p, err := roots.ParsePatterns(lines)
	if err != nil {
		var pe *roots.PatternError
		if errors.As(err, &pe) {
			return nil, &input.Error{Input: "working-directories", Line: pe.Line, Value: pe.Pattern, Reason: pe.Reason, Want: pe.Want}
		}
		return nil, err
	}
	named := map[string]bool{}
	includes := 0
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") || strings.HasPrefix(l, "!") {
			continue
		}
		includes++
		one, _ := roots.ParsePatterns([]string{l})
		n := 0
		if !strings.ContainsAny(l, "*?[{") {
			dir := rootLabel(strings.Trim(l, "/"))
			if scan.Configs[dir] != nil {
				named[dir] = true
				n++
			}
		} else {
			for d := range candidates {
				if one.Match(d) {
					n++
				}
			}
		}
		if n == 0 {
			return nil, &input.Error{Input: "working-directories", Line: i + 1, Value: l, Reason: "matches no directory with .tf files",
				Want: "paths relative to the repository root, after actions/checkout (globs such as infra/* select roots, `!` excludes)"}
		}
	}
	if includes == 0 {
		return nil, &input.Error{Input: "working-directories", Reason: "is empty", Want: "list the Terraform roots to audit, one per line (globs such as infra/* allowed)"}
	}
	var out []string
	for d := range scan.Configs {
		if (candidates[d] || named[d]) && p.Match(d) {
			out = append(out, d)
		}
	}
	if len(out) == 0 {
		return nil, &input.Error{Input: "working-directories", Reason: "excludes every root it selects", Want: "list the Terraform roots to audit, one per line, and exclusions after them"}
	}
	sort.Strings(out)
	return out, nil
}

// hasBackend reports whether a configuration directory has a terraform
// block with a backend or cloud block.
func hasBackend(dir string) bool {
	var files []string
	for _, ext := range []string{"*.tf", "*.tf.json"} {
		m, _ := filepath.Glob(filepath.Join(dir, ext))
		files = append(files, m...)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		tree, _ := parseTree(filepath.Base(f), b)
		for _, top := range tree.kids {
			if top.block && top.name == "terraform" && (top.kid("backend") != nil || top.kid("cloud") != nil) {
				return true
			}
		}
	}
	return false
}
