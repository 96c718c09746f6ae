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

// SchemaFile is the plan directory's record of which attributes are sets and lists
// (from the provider schemas), so that comment-plan-on-pr and apply-on-merge render
// them exactly as plan-infra did, from the plan directory alone.
const SchemaFile = "schema.json"

// startSchema starts `terraform providers schema -json` beside the plan and returns a
// function that waits for it. A failure is not fatal: the log says so and arrays are
// then compared as tuples.
func startSchema(ctx context.Context, r *tf.Runner, log io.Writer) func() *plan.Schema {
	done := make(chan *plan.Schema, 1)
	go func() {
		ps, err := r.ProviderSchemas(ctx)
		if err != nil {
			fmt.Fprintf(log, "Note: reading the provider schemas failed, so sets and lists are compared by position: %v\n", err)
			done <- nil
			return
		}
		done <- plan.SchemaOf(ps)
	}()
	return func() *plan.Schema { return <-done }
}

// writeSchema records the schema in the plan directory (none: no file).
func writeSchema(dir plandir.Dir, s *plan.Schema) error {
	if s == nil {
		return nil
	}
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return dir.WriteFile(SchemaFile, b)
}

// readSchema reads the schema of a plan directory; none without the file.
func readSchema(dir plandir.Dir) (*plan.Schema, error) {
	b, err := os.ReadFile(dir.File(SchemaFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var s plan.Schema
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("plan-dir %s: %s is not valid: %w", dir.Path, SchemaFile, err)
	}
	return &s, nil
}
