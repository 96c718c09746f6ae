// Command apply-on-merge applies the reviewed plan of a merged pull request
// (or a dispatched ref), records the deployment, checks its health and rolls
// back to the last good commit on failure.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/repave-dev/repave/internal/tfdiag"
	"github.com/repave-dev/repave/internal/tfinputs"
	"github.com/repave-dev/repave/internal/vaultinputs"
	"github.com/repave-dev/repave/pkg/deploy"
	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/health"
	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/runner"
	"github.com/repave-dev/repave/pkg/secrets"
)

func main() { runner.Main("apply-on-merge", run) }

func run(ctx context.Context, a *runner.Runtime) error {
	req, token, err := inputs(ctx, a)
	if err != nil {
		return err
	}
	client, err := gh.New(clientOptions(a, token))
	if err != nil {
		return err
	}
	vault, err := vaultinputs.Load(ctx, a)
	if err != nil {
		return err
	}
	defer vaultinputs.Close(ctx, a, vault)
	sc := vaultinputs.Scrubber(a, vault)
	req.Plan.Env, req.Plan.Scrub, req.Scrub = vault.Env(), sc.Scrub, sc.Scrub
	req.Plan.Secrets, req.Plan.OnSensitive = sc, vaultinputs.Masker(a)
	log := a.LogWriter()
	defer log.Close()
	req.Plan.Log = log
	req.Logf = func(f string, args ...any) { fmt.Fprintf(log, f+"\n", args...) }
	var res *deploy.Result
	err = a.Group("apply-on-merge "+req.Plan.Root, func() error {
		res, err = deploy.Run(ctx, client, req)
		return err
	})
	if res != nil {
		if serr := breakGlassSummary(a, req); serr != nil {
			err = errors.Join(err, serr)
		}
		if rerr := report(a, req, res, err, sc); rerr != nil {
			return errors.Join(err, rerr)
		}
	}
	tfdiag.Report(a, err, review.RootName(req.Plan.Root))
	return err
}

func inputs(ctx context.Context, a *runner.Runtime) (deploy.Request, string, error) {
	var req deploy.Request
	ev, err := a.Event()
	if err != nil {
		return req, "", err
	}
	token, err := a.Required("github-token")
	if err != nil {
		return req, "", err
	}
	a.Mask(token)
	minHealthy, err := a.Duration("min-healthy-time", 10*time.Second)
	if err != nil {
		return req, "", err
	}
	deadline, err := a.Duration("healthy-deadline", 5*time.Minute)
	if err != nil {
		return req, "", err
	}
	reviewed, err := a.Bool("require-reviewed-plan", true)
	if err != nil {
		return req, "", err
	}
	revert, err := a.Bool("auto-revert", true)
	if err != nil {
		return req, "", err
	}
	set, err := tfinputs.Read(a)
	if err != nil {
		return req, "", err
	}
	checkout := ev.Workspace
	if checkout == "" {
		checkout, _ = os.Getwd()
	}
	root := a.String("working-directory", ".")
	req = deploy.Request{
		Plan: review.PlanRequest{
			Settings: set, Root: root, RunURL: ev.RunURL,
			PlanDir: a.String("plan-dir", review.DefaultPlanDir(tfinputs.TempBase(a), root, set.Workspace+"-apply")),
		},
		Owner: ev.Owner, Repo: ev.Repo, Environment: a.String("environment", "production"),
		RequireReviewed: reviewed, AutoRevert: revert, HealthURLs: a.List("health-checks"),
		Health:   health.Options{MinHealthy: minHealthy, Deadline: deadline},
		Checkout: checkout,
	}
	req.DefaultBranch = ev.DefaultBranch // only its commits are rollback targets
	if req.Strategy, err = strategy(a); err != nil {
		return req, "", err
	}
	if err := readImages(a, &req); err != nil {
		return req, "", err
	}
	if err := reviewInputs(a, &req); err != nil {
		return req, "", err
	}
	if req.ExpectedFingerprint, err = expectedFingerprint(a); err != nil {
		return req, "", err
	}
	if deadline < minHealthy {
		return req, "", &runner.InputError{Input: "healthy-deadline", Value: deadline.String(),
			Want: fmt.Sprintf("a duration at least min-healthy-time (%s)", minHealthy)}
	}
	switch ev.Name {
	case "workflow_dispatch":
		req.Manual = true
		if req.SHA, err = dispatchedSHA(ctx, a, ev, checkout); err != nil {
			return req, "", err
		}
	case "push":
		if ref := a.String("ref", ""); ref != "" {
			return req, "", &runner.InputError{Input: "ref", Value: ref, Want: "empty on push events (ref is only for workflow_dispatch re-deploys)"}
		}
		req.SHA, req.BaseRef = ev.HeadSHA, strings.TrimPrefix(ev.Ref, "refs/heads/")
	default:
		return req, "", fmt.Errorf("apply-on-merge runs on `push` to the default branch or on `workflow_dispatch`, not on %q: apply only what was merged", ev.Name)
	}
	if err := breakGlass(ctx, a, ev.Name, &req); err != nil { // target, replace: breakglass.go
		return req, "", err
	}
	return req, token, nil
}

// strategy reads the rollout inputs.
func strategy(a *runner.Runtime) (deploy.Strategy, error) {
	var s deploy.Strategy
	var err error
	if s.Kind, err = a.Enum("strategy", deploy.AllAtOnce, deploy.AllAtOnce, deploy.BlueGreen, deploy.Canary); err != nil {
		return s, err
	}
	if s.KeepPrevious, err = a.Bool("keep-previous", true); err != nil {
		return s, err
	}
	s.ColorVariable = a.String("color-variable", "active_color")
	s.WeightVariable = a.String("weight-variable", "canary_weight")
	s.VersionVariable = a.String("version-variable", "image_id")
	raw := a.String("canary-steps", "10,50,100")
	prev := 0
	for _, f := range strings.Split(raw, ",") {
		w, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || w <= prev || w > 100 {
			return s, &runner.InputError{Input: "canary-steps", Value: raw, Want: "increasing percentages between 1 and 100, separated by commas, e.g. 10,50,100"}
		}
		s.CanarySteps = append(s.CanarySteps, w)
		prev = w
	}
	return s, nil
}

func report(a *runner.Runtime, req deploy.Request, res *deploy.Result, runErr error, sc *secrets.Scrubber) error {
	outs, _ := json.Marshal(res.Outputs)
	if res.Outputs == nil {
		outs = []byte("{}")
	}
	// Terraform drops the mark of some values (terraform_data's output of a
	// sensitive input): they are caught by value, keeping the JSON valid.
	if scrubbed, err := sc.ScrubJSON(outs); err == nil {
		outs = scrubbed
	} else {
		outs = []byte("{}")
	}
	if err := a.SetOutputs([][2]string{
		{"applied", strconv.FormatBool(res.Applied)},
		{"reverted", strconv.FormatBool(res.Reverted)},
		{"deployment-id", strconv.FormatInt(res.DeploymentID, 10)},
		{"fingerprint", res.Fingerprint},
		{"outputs-json", string(outs)},
		{"strategy-steps", res.StagesJSON()},
	}); err != nil {
		return err
	}
	return a.AddSummary(deploy.Summary(req, res, runErr))
}
