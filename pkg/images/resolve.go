package images

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/repave-dev/repave/pkg/git"
)

// ResolveAll resolves every reference against the registry files under dir,
// in order. taken maps the variables already set to who set them ("vars"):
// a reference may not set one of them again, nor two references the same
// variable. Errors name the image, the variable it sets and the file.
func ResolveAll(dir string, refs []Ref, taken map[string]string) ([]*Resolved, error) {
	set := map[string]string{}
	for k, v := range taken {
		set[k] = v
	}
	out := make([]*Resolved, 0, len(refs))
	for _, ref := range refs {
		if by, ok := set[ref.Variable]; ok {
			return nil, fmt.Errorf("variable %s is set twice, by %s and by image %s: remove one, or name another variable (%s=<variable>)", ref.Variable, by, ref, ref)
		}
		set[ref.Variable] = "image " + ref.String()
		res, err := Resolve(dir, ref)
		if err != nil {
			return nil, fmt.Errorf("%w (image %s sets variable %s)", err, ref, ref.Variable)
		}
		out = append(out, res)
	}
	return out, nil
}

// DirFor is the registry directory dir (relative to the repository root, or
// absolute) of the repository that holds the Terraform root: the git work
// tree of root, so that a root checked out in another worktree (a rollback,
// a deploy of another commit) reads the registry of that commit. Outside git
// it is dir itself, relative to the working directory. The result is
// relative to the working directory when it lies below it.
func DirFor(ctx context.Context, root, dir string) string {
	if dir == "" {
		dir = DefaultDir
	}
	if filepath.IsAbs(dir) {
		return dir
	}
	top, err := git.Line(ctx, root, "rev-parse", "--show-toplevel")
	if err != nil {
		return dir
	}
	full := filepath.Join(top, dir)
	if wd, err := os.Getwd(); err == nil {
		if wd, err = filepath.EvalSymlinks(wd); err == nil {
			if rel, err := filepath.Rel(wd, full); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				return rel
			}
		}
	}
	return full
}
