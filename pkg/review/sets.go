package review

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/plandir"
	"github.com/repave-dev/repave/pkg/tf"
)

// SetsFile is the plan directory's record of which attributes are sets (from the
// provider schemas), so that comment-plan-on-pr and apply-on-merge render set
// changes exactly as plan-infra did, from the plan directory alone.
const SetsFile = "sets.json"

// schemaSets starts `terraform providers schema -json` beside the plan and returns a
// function that waits for its sets. A failure is not fatal: the log says so and sets
// are then compared by position, as lists.
func schemaSets(ctx context.Context, r *tf.Runner, log io.Writer) func() plan.Sets {
	done := make(chan plan.Sets, 1)
	go func() {
		ps, err := r.ProviderSchemas(ctx)
		if err != nil {
			fmt.Fprintf(log, "Note: reading the provider schemas failed, so set attributes are compared by position: %v\n", err)
			done <- nil
			return
		}
		done <- plan.SetsOf(ps)
	}()
	return func() plan.Sets { return <-done }
}

// writeSets records the set paths in the plan directory (none: no file).
func writeSets(dir plandir.Dir, sets plan.Sets) error {
	if len(sets) == 0 {
		return nil
	}
	b, err := json.Marshal(sets)
	if err != nil {
		return err
	}
	return dir.WriteFile(SetsFile, b)
}

// readSets reads the set paths of a plan directory; none without the file.
func readSets(dir plandir.Dir) (plan.Sets, error) {
	b, err := os.ReadFile(dir.File(SetsFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var sets plan.Sets
	if err := json.Unmarshal(b, &sets); err != nil {
		return nil, fmt.Errorf("plan-dir %s: %s is not valid: %w", dir.Path, SetsFile, err)
	}
	return sets, nil
}
