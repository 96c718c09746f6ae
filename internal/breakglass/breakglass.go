// Package breakglass reads the break-glass inputs `target` and `replace`
// (terraform plan -target / -replace) that plan-infra and apply-on-merge
// share, and checks that apply-on-merge may use them: only in a
// workflow_dispatch run whose job runs behind the GitHub environment it
// records the deployment in, as the job's own OIDC token says.
package breakglass

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/repave-dev/repave/pkg/runner"
)

// Request holds the addresses, in input order.
type Request struct {
	Targets, Replaces []string
}

// Empty reports whether neither input is set: an ordinary run.
func (r Request) Empty() bool { return len(r.Targets) == 0 && len(r.Replaces) == 0 }

// segment is one step of a resource address: a name with an optional
// [index] or ["key"].
const segment = `[A-Za-z_][A-Za-z0-9_-]*(\[(\d+|"[^"\\\n]*")\])?`

var address = regexp.MustCompile(`^` + segment + `(\.` + segment + `)+$`)

const addressWant = "one resource or module address per line, e.g. aws_instance.web, module.app.aws_instance.web[0] or module.app"

// Read reads `target` and `replace`, one address per line; a line that is
// not an address is an *runner.InputError naming it.
func Read(a *runner.Runtime) (Request, error) {
	var r Request
	for _, in := range []struct {
		name string
		dst  *[]string
	}{{"target", &r.Targets}, {"replace", &r.Replaces}} {
		line := 0
		for _, l := range strings.Split(a.String(in.name, ""), "\n") {
			line++
			l = strings.TrimSpace(l)
			if l == "" {
				continue
			}
			if !address.MatchString(l) {
				return Request{}, &runner.InputError{Input: in.name, Line: line, Value: l, Reason: "is not a resource address", Want: addressWant}
			}
			*in.dst = append(*in.dst, l)
		}
	}
	return r, nil
}

// Flags is the request as terraform flags, for logs and summaries.
func (r Request) Flags() []string {
	var f []string
	for _, t := range r.Targets {
		f = append(f, "-target="+t)
	}
	for _, t := range r.Replaces {
		f = append(f, "-replace="+t)
	}
	return f
}

// Check refuses a break-glass request unless the run is a workflow_dispatch
// and the job's GitHub OIDC token (requested from the runner, audience
// "repave-break-glass") carries an `environment` claim equal to environment:
// GitHub puts that claim only in the token of a job that references the
// environment, so the environment's protection rules (required reviewers)
// ran before this job started. What Check cannot see is whether those rules
// require a reviewer: that is the environment's configuration.
func Check(ctx context.Context, r Request, event, environment string, getenv func(string) string) error {
	if r.Empty() {
		return nil
	}
	flags := strings.Join(r.Flags(), " ")
	if event != "workflow_dispatch" {
		return fmt.Errorf("break-glass %s refused: target and replace are only for a workflow_dispatch run behind an environment gate, not for %q events; dispatch the workflow with redeploy-ref and redeploy-root", flags, event)
	}
	if strings.TrimSpace(environment) == "" {
		return &runner.InputError{Input: "environment", Reason: "is required with target or replace", Want: "the GitHub environment (with required reviewers) this job runs behind"}
	}
	if getenv("ACTIONS_ID_TOKEN_REQUEST_URL") == "" || getenv("ACTIONS_ID_TOKEN_REQUEST_TOKEN") == "" {
		return fmt.Errorf("break-glass %s refused: apply-on-merge reads the job's environment from its GitHub OIDC token, and this job has none: give the job `permissions: id-token: write` and `environment: %s`", flags, environment)
	}
	tok, err := runner.GitHubOIDC(getenv, "repave-break-glass", 3, time.Second)(ctx)
	if err != nil {
		return fmt.Errorf("break-glass %s refused: %w", flags, err)
	}
	got, err := environmentClaim(tok)
	if err != nil {
		return fmt.Errorf("break-glass %s refused: %w", flags, err)
	}
	if got == "" {
		return fmt.Errorf("break-glass %s refused: this job runs behind no GitHub environment (its OIDC token has no environment claim); add `environment: %s` to the job, with required reviewers", flags, environment)
	}
	if !strings.EqualFold(got, environment) { // GitHub's environment names ignore case
		return fmt.Errorf("break-glass %s refused: the job runs behind environment %q, not %q (the input environment): set both to the same gated environment", flags, got, environment)
	}
	return nil
}

// environmentClaim reads the `environment` claim of a JWT's payload. The
// signature is not checked: the token comes straight from the runner's token
// service, which is as trusted as the runner itself.
func environmentClaim(jwt string) (string, error) {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return "", fmt.Errorf("the GitHub OIDC token is not a JWT")
	}
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return "", fmt.Errorf("the GitHub OIDC token's payload is not base64url: %v", err)
	}
	var c struct {
		Environment string `json:"environment"`
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return "", fmt.Errorf("the GitHub OIDC token's payload is not JSON: %v", err)
	}
	return c.Environment, nil
}
