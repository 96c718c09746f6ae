package tf

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/repave-dev/repave/pkg/childenv"
)

// setChildEnv gives terraform the job environment as every child process of
// repave gets it (pkg/childenv: no INPUT_*, no OIDC request, no GitHub
// token, no Vault credentials), so neither terraform nor a provisioner or
// provider it starts can read them.
//
// terraform-exec inherits this process's environment only while none is
// set; once one is, it refuses the names it manages (TF_VAR_*, TF_CLI_ARGS*,
// TF_LOG…), so those are left out here. The log names a dropped TF_VAR_* or
// TF_CLI_ARGS* (never its value): give such values as vars instead.
func (r *Runner) setChildEnv() error {
	env := childenv.Map()
	var dropped []string
	for _, k := range tfexec.ProhibitedEnv(env) {
		if strings.HasPrefix(k, "TF_VAR_") || strings.HasPrefix(k, "TF_CLI_ARGS") {
			dropped = append(dropped, k)
		}
		delete(env, k)
	}
	if err := r.tf.SetEnv(env); err != nil {
		return err
	}
	r.env = env
	if len(dropped) > 0 {
		sort.Strings(dropped)
		fmt.Fprintf(r.o.Log, "Note: terraform does not inherit %s from the job environment (terraform-exec manages those names); give such values as vars instead.\n", strings.Join(dropped, ", "))
	}
	return nil
}

// SetSecretEnv gives env (secrets read from Vault) to the terraform
// subprocess only, never to this process's environment, the job's
// environment or a file.
//
// terraform-exec refuses TF_VAR_* names in its SetEnv, so a TF_VAR_<name>
// secret becomes a `-var <name>=<value>` option of plan (the variable must be
// declared in the root, and it takes precedence over var-files and the job
// environment). Any other name (AWS_SECRET_ACCESS_KEY, PGPASSWORD, VAULT_TOKEN
// for the Vault provider…) is added to terraform's environment, on top of
// the child environment: a name withheld from children reaches terraform
// only this way, with the value the `secrets:` mapping gives.
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
		return nil
	}
	if bad := tfexec.ProhibitedEnv(plain); len(bad) > 0 {
		return fmt.Errorf("secret %s cannot be given to terraform: terraform-exec manages that variable; choose another name in `secrets:`", bad[0])
	}
	merged := make(map[string]string, len(r.env)+len(plain))
	for k, v := range r.env {
		merged[k] = v
	}
	for k, v := range plain {
		merged[k] = v
	}
	if err := r.tf.SetEnv(merged); err != nil {
		return err
	}
	r.env = merged
	return nil
}
