// Package review is the pull-request review loop: plan a root into a plan
// directory, and keep the one sticky comment of that plan on the PR. It joins
// pkg/tf, pkg/plan, pkg/plandir and pkg/gh; it knows nothing of the runner.
package review

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/plandir"
	"github.com/repave-dev/repave/pkg/secrets"
	"github.com/repave-dev/repave/pkg/tf"

	tfjson "github.com/hashicorp/terraform-json"
)

// SummaryChars bounds the job-summary rendering (GitHub takes 1 MiB per step).
const SummaryChars = 1000 * 1000

// PlanRequest says which root to plan and where to put the result.
type PlanRequest struct {
	// Settings say how Terraform runs in the root.
	tf.Settings
	Root string // the root's directory relative to the repository root
	// Destroy plans the destroy of the root's state (a root the change
	// deletes) from the configuration in ConfigDir.
	Destroy bool
	// ConfigDir is where the root's configuration is when not at Root (a
	// worktree of another commit); Root stays the root's name.
	ConfigDir string
	PlanDir   string
	HeadSHA   string
	RunURL    string
	Log       io.Writer
	// Checkout is the repository's work tree that Root is relative to; ""
	// is the working directory (a job step runs in its checkout).
	Checkout string
	// Env is given to the terraform process only (secrets from Vault).
	Env map[string]string
	// Scrub, when set, filters every text written to the plan directory and
	// the summary, so secrets from Vault never appear there.
	Scrub func(string) string
	// Secrets, when set, is the run's scrubber (Vault's values): the plan's
	// sensitive values are added to it as soon as they are known, so every
	// text it scrubs later (errors, statuses, issues) hides them too.
	Secrets *secrets.Scrubber
	// OnSensitive, when set, is called with the plan's sensitive values
	// (strings, numbers, booleans) as soon as they are known, and before any
	// line of Terraform's log is written to Log, so they can be masked. When
	// the plan fails, it gets the values of the variables the root declares
	// sensitive.
	OnSensitive func(values []any)
	// Images are image references (web@prod) resolved from the registry into
	// Terraform variables; the comment gets an Images section.
	Images ImageRequest
	// Targets and Replaces are break-glass -target / -replace addresses.
	Targets, Replaces []string

	imageChanges []plan.ImageChange // resolved by Plan
	tfChanges    bool               // terraform plan's exit code 2: the plan is applyable
	schema       *plan.Schema       // sets and lists, from the provider schemas
}

// PlanResult is what plan-infra reports.
type PlanResult struct {
	Dir     plandir.Dir
	Result  plandir.Result
	Summary string // the full rendering, for the job summary
	// Sensitive holds every sensitive value found in the plan, to be masked.
	Sensitive []string
	// Digest is what each changed resource is planned to do.
	Digest plan.Digest
}

// RootName is how a root is named in markers and comments: a clean,
// slash-separated path relative to the repository ("." for the top).
func RootName(dir string) string {
	return filepath.ToSlash(filepath.Clean(dir))
}

// DefaultPlanDir is the plan directory of a root and workspace under base.
func DefaultPlanDir(base, root, workspace string) string {
	slug := strings.NewReplacer("/", "_", ".", "_").Replace(RootName(root))
	if slug == "_" {
		slug = "root"
	}
	return filepath.Join(base, "repave", "plans", slug+"--"+workspace)
}

// PlanRoot runs init, workspace selection, plan and show, then writes the plan
// directory: binary plan, redacted plan JSON, rendered comment, and last
// result.json, so that a directory without result.json is never mistaken for
// a complete one.
func PlanRoot(ctx context.Context, req PlanRequest) (*PlanResult, error) {
	req.Workspace = req.WorkspaceName()
	vars, images, err := resolveImages(ctx, &req.Images, req.RootDir(), req.checkout(), req.Vars)
	if err != nil {
		return nil, err
	}
	req.Vars, req.imageChanges = append(req.Vars, vars...), images
	// Terraform's log can name a sensitive value (an address keyed by it, a
	// provisioner's error): it is held until the values are masked.
	held := holdLog(req.Log)
	released := false
	release := func(values []any) {
		if released {
			return
		}
		released = true
		if req.Secrets != nil {
			req.Secrets.Add(values...)
		}
		if req.OnSensitive != nil {
			req.OnSensitive(values)
		}
		held.release()
	}
	defer func() {
		if !released {
			release(sensitiveInputs(req))
		}
	}()
	req.Log = held
	r, err := tf.New(tf.Options{
		Settings: req.Settings, Dir: req.WorkDir(), Log: held,
		Targets: req.Targets, Replaces: req.Replaces,
	})
	if err != nil {
		return nil, err
	}
	if err := r.SetSecretEnv(req.Env); err != nil {
		return nil, err
	}
	dir, err := plandir.Create(req.PlanDir)
	if err != nil {
		return nil, err
	}
	if err := r.Init(ctx); err != nil {
		return nil, err
	}
	if err := r.SelectWorkspace(ctx); err != nil {
		return nil, err
	}
	planFile, err := filepath.Abs(dir.File(plandir.BinaryPlan))
	if err != nil {
		return nil, err
	}
	req.Tool = r.Tool()
	schema := startSchema(ctx, r, held)
	tfChanges, err := req.plan(ctx, r, planFile) // plan or plan -destroy: destroy.go
	if err != nil {
		schema()
		return nil, err
	}
	p, err := r.ShowPlan(ctx, planFile)
	if err != nil {
		schema()
		return nil, err
	}
	leaves := append(plan.SensitiveLeaves(p), sensitiveInputs(req)...)
	release(leaves)
	req.tfChanges, req.schema = tfChanges, schema()
	return write(dir, p, req, leaves)
}

// write redacts the plan first, then writes plan.json and renders the
// comment and the summary once, from the redacted plan: no formatted text is
// scrubbed afterwards, so no secret survives by having been reformatted.
func write(dir plandir.Dir, p *tfjson.Plan, req PlanRequest, leaves []any) (*PlanResult, error) {
	scrub := req.scrubber(leaves)
	// The fingerprint and the redaction are independent: on a large plan each
	// takes tens of milliseconds, so they run side by side.
	type fpResult struct {
		fp  string
		err error
	}
	fpDone := make(chan fpResult, 1)
	go func() {
		scrubbed, err := scrubbedPlan(p, scrub)
		if err != nil {
			fpDone <- fpResult{err: err}
			return
		}
		fp, err := plan.Fingerprint(scrubbed)
		if err != nil {
			err = fmt.Errorf("fingerprinting the plan: %w", err)
		}
		fpDone <- fpResult{fp, err}
	}()
	redacted, rp, err := redactedPlan(p, scrub)
	fpr := <-fpDone
	if err == nil {
		err = fpr.err
	}
	if err != nil {
		return nil, err
	}
	if err := dir.WriteFile(plandir.PlanJSON, redacted); err != nil {
		return nil, err
	}

	s := plan.Summarize(rp)
	// The digest is public too: made from the redacted plan, as
	// comment-plan-on-pr and apply-on-merge make it from plan.json.
	digest := plan.DigestOf(s)
	res := plandir.Result{
		// A root or workspace named like a secret is not printed in the
		// marker, the title or result.json.
		Root: scrubText(scrub, RootName(req.Root)), Workspace: scrubText(scrub, req.Workspace), HeadSHA: req.HeadSHA, Fingerprint: fpr.fp,
		Changes: s.Counts.HasChanges() || req.tfChanges, TerraformVersion: p.TerraformVersion, CreatedAt: time.Now().UTC(),
		Tool: string(req.Tool), Destroy: req.Destroy,
		Counts: plandir.CountsOf(s.Counts),
	}
	opts := renderOptions(res)
	opts.Schema = req.schema
	if err := writeSchema(dir, req.schema); err != nil {
		return nil, err
	}
	opts.Images = finishImages(rp, req.Images, req.imageChanges)
	if scrub != nil {
		opts.Images = scrubImages(opts.Images, scrub)
	}
	err = writeImages(dir, opts.Images)
	if err == nil {
		err = dir.WriteFile(plandir.Comment, []byte(renderCommentDigest(rp, opts, digest)))
	}
	opts.MaxChars = SummaryChars
	summary := plan.Render(rp, opts)
	if err != nil {
		return nil, err
	}
	if err := dir.WriteResult(res); err != nil { // last: a directory without it is incomplete
		return nil, err
	}
	return &PlanResult{Dir: dir, Result: res, Summary: summary, Sensitive: secrets.MaskForms(leaves), Digest: digest}, nil
}

// renderComment renders the comment body with the hidden action digest after
// the marker, keeping the whole within opts.MaxChars.
func renderComment(p *tfjson.Plan, opts plan.RenderOptions) string {
	return renderCommentDigest(p, opts, plan.DigestOf(plan.Summarize(p)))
}

// renderCommentDigest is renderComment with the digest given.
func renderCommentDigest(p *tfjson.Plan, opts plan.RenderOptions, d plan.Digest) string {
	if opts.MaxChars == 0 {
		opts.MaxChars = plan.DefaultMaxChars
	}
	line := d.Line()
	if line == "" || len(line)+1 > opts.MaxChars/4 {
		return plan.Render(p, opts)
	}
	opts.MaxChars -= len([]rune(line)) + 1
	return plan.WithDigest(plan.Render(p, opts), d)
}

// renderOptions are the comment's rendering options for a planned result: a
// pure function of it (nothing of the run, such as its URL), so that
// apply-on-merge renders the same text again and compares it byte for byte.
func renderOptions(res plandir.Result) plan.RenderOptions {
	return plan.RenderOptions{
		Marker: plan.Marker{Root: res.Root, Workspace: res.Workspace, Fingerprint: res.Fingerprint, SHA: res.HeadSHA,
			Tool: res.Tool, Version: res.TerraformVersion, Destroy: res.Destroy},
		FullPlanHint: fullPlanHint,
	}
}
