package tf

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-exec/tfexec"
)

// Init runs `terraform init -input=false` with the backend configuration and
// returns Terraform's diagnostics as a *DiagnosticsError when it fails.
// Terraform before 1.9 has no `init -json`; there the plain output is logged.
func (r *Runner) Init(ctx context.Context) error {
	var opts []tfexec.InitOption
	for _, b := range r.o.BackendConfig {
		opts = append(opts, tfexec.BackendConfig(b))
	}
	s := r.stream()
	defer r.tf.SetStdout(nil) // terraform-exec keeps the writer for later commands
	err := r.tf.InitJSON(ctx, s, opts...)
	var old *tfexec.ErrVersionMismatch
	if errors.As(err, &old) {
		r.tf.SetStdout(r.o.Log)
		err = r.tf.Init(ctx, opts...)
	}
	return s.result("init", r.o.Dir, err)
}
