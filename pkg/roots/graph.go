package roots

import (
	"path"
	"sort"
	"strings"
)

// Roots returns the configurations chosen by p that no other configuration
// calls as a local module, sorted.
func (r *Repo) Roots(p Patterns) []string {
	called := map[string]bool{}
	for _, c := range r.Configs {
		for _, m := range c.Calls {
			if m != c.Dir {
				called[m] = true
			}
		}
	}
	var out []string
	for dir := range r.Configs {
		if !called[dir] && p.Match(dir) {
			out = append(out, dir)
		}
	}
	sort.Strings(out)
	return out
}

// Changed returns the roots, among roots, that the changed files touch: a
// root whose directory holds a changed file (below any nested
// configuration's directory, which owns its own files), or that calls,
// directly or through other local modules, a module whose directory holds
// one. Files may name deleted paths: a module that no longer exists on disk
// still counts when a configuration calls it. Cycles of calls are followed
// once. The result is sorted.
func (r *Repo) Changed(roots, files []string) []string {
	callers := map[string][]string{} // module dir -> the configurations calling it
	nodes := map[string]bool{}
	for _, c := range r.Configs {
		nodes[c.Dir] = true
		for _, m := range c.Calls {
			nodes[m] = true
			callers[m] = append(callers[m], c.Dir)
		}
	}
	seen := map[string]bool{}
	var queue []string
	for _, f := range files {
		if dir, ok := owner(nodes, f); ok && !seen[dir] {
			seen[dir] = true
			queue = append(queue, dir)
		}
	}
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		for _, c := range callers[d] {
			if !seen[c] {
				seen[c] = true
				queue = append(queue, c)
			}
		}
	}
	var out []string
	for _, root := range roots {
		if seen[root] {
			out = append(out, root)
		}
	}
	sort.Strings(out)
	return out
}

// owner is the nearest directory, at or above file's own, that is a
// configuration or a called module.
func owner(nodes map[string]bool, file string) (string, bool) {
	file = strings.TrimPrefix(path.Clean("/"+strings.TrimSpace(file)), "/")
	if file == "" {
		return "", false
	}
	for d := path.Dir(file); ; d = path.Dir(d) {
		if nodes[d] {
			return d, true
		}
		if d == "." {
			return "", false
		}
	}
}
