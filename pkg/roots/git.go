package roots

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/repave-dev/repave/pkg/git"
)

// ErrNoHistory means git cannot tell the changes: no base commit was given,
// the base is not in the local history (a shallow checkout), or the
// directory is not a git repository.
var ErrNoHistory = errors.New("the base commit is not in the local history")

// GitChangedFiles returns the files changed between base and HEAD in the
// repository at dir: `git diff --name-only base...HEAD` (from the merge base,
// as a pull request's diff), with renames as a deletion and an addition so
// that both paths are listed. It wraps ErrNoHistory when git cannot answer.
func GitChangedFiles(ctx context.Context, dir, base string) ([]string, error) {
	if strings.Trim(base, "0") == "" {
		return nil, fmt.Errorf("%w: no base commit", ErrNoHistory)
	}
	if strings.HasPrefix(base, "-") {
		return nil, fmt.Errorf("base commit %q is not a commit name", base)
	}
	if err := git.Run(ctx, dir, "cat-file", "-e", base+"^{commit}"); err != nil {
		return nil, fmt.Errorf("%w: %s is not in the history of %s (a shallow checkout: use actions/checkout with fetch-depth: 0)", ErrNoHistory, base, dir)
	}
	out, err := git.Output(ctx, dir, "diff", "--name-only", "--no-renames", "-z", base+"...HEAD", "--")
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoHistory, err)
	}
	var files []string
	for _, f := range strings.Split(string(out), "\x00") {
		if f != "" {
			files = append(files, f)
		}
	}
	return files, nil
}
