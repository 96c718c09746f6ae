package images

import (
	"context"
	"path/filepath"
	"sort"

	"github.com/repave-dev/repave/pkg/git"
)

// LoadAtRevision reads bucket's registry file as it is at a git revision
// (such as origin/main) of the repository in repoDir; dir is the registry
// directory relative to the repository root. It returns nil, nil when git,
// the revision or the file is not available: "no earlier version".
func LoadAtRevision(ctx context.Context, repoDir, revision, dir, bucket string) (*Registry, error) {
	rel := filepath.ToSlash(filepath.Join(dir, bucket+".json"))
	out, err := git.Output(ctx, repoDir, "show", revision+":"+rel)
	if err != nil {
		return nil, nil
	}
	return Parse(out, revision+":"+rel)
}

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
