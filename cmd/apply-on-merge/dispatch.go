package main

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"github.com/repave-dev/repave/pkg/deploy"
	"github.com/repave-dev/repave/pkg/runner"
)

// dispatchedSHA reads the ref of a workflow_dispatch deploy (default: the
// dispatched commit) and resolves it with deploy.ResolveRef; an unmerged
// commit let through by allow-unmerged-ref gets a warning annotation.
func dispatchedSHA(ctx context.Context, a *runner.Runtime, ev *runner.Event, checkout string) (string, error) {
	allow, err := a.Bool("allow-unmerged-ref", false)
	if err != nil {
		return "", err
	}
	ref, err := deploy.ResolveRef(ctx, deploy.RefRequest{
		Checkout: checkout, Ref: a.String("ref", ev.SHA), DefaultBranch: ev.DefaultBranch, AllowUnmerged: allow,
		Logf: a.Infof,
	})
	var re *deploy.RefError
	if errors.As(err, &re) {
		return "", &runner.InputError{Input: "ref", Value: re.Ref, Reason: re.Reason, Want: re.Want}
	}
	if err != nil {
		return "", err
	}
	switch {
	case ref.Tag != "":
		a.Infof("Deploying tag %s (commit %.12s).", ref.Tag, ref.SHA)
	case !ref.Unmerged:
		a.Infof("Deploying commit %.12s of %s.", ref.SHA, ev.DefaultBranch)
	default:
		a.Warningf("Deploying commit %.12s, which is NOT on %s (allow-unmerged-ref: true): no pull request review covers it; the %q environment's approval is the only gate.",
			ref.SHA, ev.DefaultBranch, a.String("environment", "production"))
	}
	return ref.SHA, nil
}

var fingerprintRE = regexp.MustCompile(`^[0-9a-f]{64}$`)

// expectedFingerprint reads expected-fingerprint: empty, or a plan
// fingerprint (64 lower-case hex digits) as plan-infra outputs it.
func expectedFingerprint(a *runner.Runtime) (string, error) {
	fp := strings.ToLower(a.String("expected-fingerprint", ""))
	if fp != "" && !fingerprintRE.MatchString(fp) {
		return "", &runner.InputError{Input: "expected-fingerprint", Value: fp,
			Want: "the fingerprint output of plan-infra (64 hex digits), or leave it empty"}
	}
	return fp, nil
}
