package roots

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// DeletedRoots are the roots chosen by p at commit base whose directory
// holds no configuration in the checkout at dir: roots the change deletes.
// Their state still holds real objects, which only a destroy plan from the
// base commit's configuration removes.
//
// Each comes with what its base configuration says about its tool and
// version, since the checkout no longer has its files.
func DeletedRoots(ctx context.Context, dir, base string, p Patterns) ([]Deleted, error) {
	tree, cleanup, err := Worktree(ctx, dir, base)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	then, err := Scan(tree)
	if err != nil {
		return nil, err
	}
	var out []Deleted
	for _, r := range then.Roots(p) {
		if HasConfig(filepath.Join(dir, r)) {
			continue
		}
		v, err := ReadVersions(filepath.Join(tree, r))
		if err != nil {
			return nil, fmt.Errorf("deleted root %s at %.12s: %w", r, base, err)
		}
		out = append(out, Deleted{Root: r, Versions: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Root < out[j].Root })
	return out, nil
}

// Deleted is a root the change deletes.
type Deleted struct {
	Root     string
	Versions RootVersions // at the base commit
}

// HasConfig reports whether dir holds Terraform or OpenTofu configuration
// files (a root or module directory).
func HasConfig(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !e.IsDir() && isConfigFile(e.Name()) {
			return true
		}
	}
	return false
}
