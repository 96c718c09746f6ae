package tf

import (
	"context"

	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"
)

// ProviderSchemas runs `terraform providers schema -json` once per runner (one root)
// and keeps the answer: the schemas tell which attributes are sets, which the plan
// JSON does not. Call it after Init. It runs on its own terraform-exec handle, with
// the runner's environment, so it may run while Plan streams its log.
func (r *Runner) ProviderSchemas(ctx context.Context) (*tfjson.ProviderSchemas, error) {
	r.schemaOnce.Do(func() {
		r.schemas, r.schemaErr = r.providerSchemas(ctx)
	})
	return r.schemas, r.schemaErr
}

func (r *Runner) providerSchemas(ctx context.Context) (*tfjson.ProviderSchemas, error) {
	t, err := tfexec.NewTerraform(r.o.Dir, r.o.ExecPath)
	if err == nil && r.env != nil {
		err = t.SetEnv(r.env)
	}
	if err != nil {
		return nil, &DiagnosticsError{Command: "providers schema -json", Dir: r.o.Dir, Err: err}
	}
	ps, err := t.ProvidersSchema(ctx)
	if err != nil {
		return nil, &DiagnosticsError{Command: "providers schema -json", Dir: r.o.Dir, Err: err}
	}
	return ps, nil
}
