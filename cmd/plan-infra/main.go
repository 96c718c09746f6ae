// Command plan-infra plans one Terraform root and writes the plan directory
// that comment-plan-on-pr and apply-on-merge read.
package main

import (
	"context"
	"strconv"

	"github.com/repave-dev/repave/internal/tfdiag"
	"github.com/repave-dev/repave/internal/tfinputs"
	"github.com/repave-dev/repave/internal/vaultinputs"
	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/runner"
)

func main() { runner.Main("plan-infra", run) }

func run(ctx context.Context, a *runner.Runtime) error {
	if discovered, err := discover(ctx, a); discovered || err != nil {
		return err // discover: true only finds the changed roots: discover.go
	}
	req, err := inputs(a)
	if err != nil {
		return err
	}
	if err := breakGlass(a, &req); err != nil { // target, replace: breakglass.go
		return err
	}
	if err := rootEnvironment(a, req.Root); err != nil { // environments: environments.go
		return err
	}
	seal, err := sealer(a) // plan-encryption-recipient: seal.go
	if err != nil {
		return err
	}
	vault, err := vaultinputs.Load(ctx, a)
	if err != nil {
		return err
	}
	defer vaultinputs.Close(ctx, a, vault)
	sc := vaultinputs.Scrubber(a, vault)
	req.Env, req.Scrub, req.Secrets, req.OnSensitive = vault.Env(), sc.Scrub, sc, vaultinputs.Masker(a)
	if batch := a.List("roots-batch"); len(batch) > 0 {
		return planBatch(ctx, a, req, batch, seal) // a matrix job's batch of roots: batch.go
	}
	req, cleanup, err := deletedRoot(ctx, a, req) // a root the change deletes: destroy.go
	if err != nil {
		return err
	}
	defer cleanup()
	log := a.LogWriter()
	req.Log = log
	var out *review.PlanResult
	err = a.Group(planTitle(req), func() error {
		defer log.Close()
		out, err = review.PlanRoot(ctx, req)
		return err
	})
	if err != nil {
		tfdiag.Report(a, err, review.RootName(req.Root))
		summarizeErrored(a, err, req) // errored.go
		return err
	}
	if err := seal(out.Dir); err != nil {
		return err
	}
	if err := report(a, out); err != nil {
		return err
	}
	return checkQueued(ctx, a, req, out) // merge_group: mergequeue.go
}

func inputs(a *runner.Runtime) (review.PlanRequest, error) {
	ev, err := a.Event()
	if err != nil {
		return review.PlanRequest{}, err
	}
	set, err := tfinputs.Read(a)
	if err != nil {
		return review.PlanRequest{}, err
	}
	imgs, err := imageRequest(a, ev)
	if err != nil {
		return review.PlanRequest{}, err
	}
	req := review.PlanRequest{
		Settings: set,
		Root:     a.String("working-directory", "."),
		HeadSHA:  ev.HeadSHA,
		RunURL:   ev.RunURL,
		Images:   imgs,
	}
	req.PlanDir = a.String("plan-dir", review.DefaultPlanDir(tfinputs.TempBase(a), req.Root, req.Workspace))
	return req, nil
}

func report(a *runner.Runtime, out *review.PlanResult) error {
	c := out.Result.Counts
	outputs := [][2]string{
		{"changes", strconv.FormatBool(out.Result.Changes)},
		{"to-add", strconv.Itoa(c.Add)},
		{"to-change", strconv.Itoa(c.Change)},
		{"to-destroy", strconv.Itoa(c.Destroy)},
		{"to-replace", strconv.Itoa(c.Replace)},
		{"fingerprint", out.Result.Fingerprint},
		{"plan-dir", out.Dir.Path},
		{"plan-dirs", out.Dir.Path},
	}
	if err := a.SetOutputs(outputs); err != nil {
		return err
	}
	a.Infof("Plan for %s (workspace %s) by %s: %d to add, %d to change, %d to destroy, %d to replace; fingerprint %s; plan directory %s",
		out.Result.Root, out.Result.Workspace, engine(out.Result), c.Add, c.Change, c.Destroy, c.Replace, out.Result.Fingerprint, out.Dir.Path)
	return a.AddSummary(out.Summary)
}
