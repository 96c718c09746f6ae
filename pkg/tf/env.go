package tf

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-exec/tfexec"
)

// SetSecretEnv gives env (secrets read from Vault) to the terraform
// subprocess only, never to this process's environment, the job's
// environment or a file.
//
// terraform-exec refuses TF_VAR_* names in its SetEnv, so a TF_VAR_<name>
// secret becomes a `-var <name>=<value>` option of plan (the variable must be
// declared in the root, and it takes precedence over var-files and the job
// environment). Any other name (AWS_SECRET_ACCESS_KEY, PGPASSWORD…) is added
// to the environment terraform inherits. terraform-exec then no longer copies
// this process's environment itself, so it is copied here, minus the names
// terraform-exec manages. Inherited TF_VAR_* and TF_CLI_ARGS* values are then
// not passed on; the log names them (never their values).
func (r *Runner) SetSecretEnv(env map[string]string) error {
	var names []string
	for k := range env {
		names = append(names, k)
	}
	sort.Strings(names)
	plain := map[string]string{}
	for _, k := range names {
		if name, ok := strings.CutPrefix(k, "TF_VAR_"); ok {
			r.o.Vars = append(r.o.Vars, Var{Name: name, Value: env[k]})
			continue
		}
		plain[k] = env[k]
	}
	if len(plain) == 0 {
		return nil // keep terraform-exec's default: inherit this process's environment
	}
	merged := map[string]string{}
	var dropped []string
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		merged[k] = v
	}
	for _, k := range tfexec.ProhibitedEnv(merged) {
		if strings.HasPrefix(k, "TF_VAR_") || strings.HasPrefix(k, "TF_CLI_ARGS") {
			dropped = append(dropped, k)
		}
		delete(merged, k)
	}
	for k, v := range plain {
		merged[k] = v
	}
	if bad := tfexec.ProhibitedEnv(plain); len(bad) > 0 {
		return fmt.Errorf("secret %s cannot be given to terraform: terraform-exec manages that variable; choose another name in `secrets:`", bad[0])
	}
	if err := r.tf.SetEnv(merged); err != nil {
		return err
	}
	if len(dropped) > 0 {
		sort.Strings(dropped)
		fmt.Fprintf(r.o.Log, "Note: with secrets from Vault in its environment, terraform does not inherit %s from the job environment (terraform-exec manages those names); give such values as vars instead.\n", strings.Join(dropped, ", "))
	}
	return nil
}
