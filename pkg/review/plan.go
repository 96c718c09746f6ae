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
	"github.com/repave-dev/repave/pkg/tf"

	tfjson "github.com/hashicorp/terraform-json"
)

// SummaryChars bounds the job-summary rendering (GitHub takes 1 MiB per step).
const SummaryChars = 1000 * 1000

// PlanRequest says which root to plan and where to put the result.
type PlanRequest struct {
	Root          string // the root's directory relative to the repository root
	Workspace     string
	Vars          []tf.Var
	VarFiles      []string
	BackendConfig []string
	LockTimeout   time.Duration
	// Tool is terraform or tofu; "" is what the root's files say.
	Tool tf.Tool
	// Destroy plans the destroy of the root's state (a root the change
	// deletes) from the configuration in ConfigDir.
	Destroy bool
	// ConfigDir is where the root's configuration is when not at Root (a
	// worktree of another commit); Root stays the root's name.
	ConfigDir string
	PlanDir   string
	HeadSHA   string
	RunURL    string
	ExecPath  string
	Log       io.Writer
	// Env is given to the terraform process only (secrets from Vault).
	Env map[string]string
	// Scrub, when set, filters every text written to the plan directory and
	// the summary, so secrets from Vault never appear there.
	Scrub func(string) string
	// Images are image references (web@prod) resolved from the registry into
	// Terraform variables; the comment gets an Images section.
	Images ImageRequest

	imageChanges []plan.ImageChange // resolved by Plan
	tfChanges    bool               // terraform plan's exit code 2: the plan is applyable
}

// PlanOutcome is what plan-infra reports.
type PlanOutcome struct {
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

// Plan runs init, workspace selection, plan and show, then writes the plan
// directory: binary plan, redacted plan JSON, rendered comment, and last
// result.json, so that a directory without result.json is never mistaken for
// a complete one.
func Plan(ctx context.Context, req PlanRequest) (*PlanOutcome, error) {
	if req.Workspace == "" {
		req.Workspace = "default"
	}
	vars, images, err := resolveImages(ctx, &req.Images, req.Root, req.Vars)
	if err != nil {
		return nil, err
	}
	req.Vars, req.imageChanges = append(req.Vars, vars...), images
	r, err := tf.New(tf.Options{
		Dir: req.WorkDir(), Tool: req.Tool, Workspace: req.Workspace, Vars: req.Vars, VarFiles: req.VarFiles,
		BackendConfig: req.BackendConfig, LockTimeout: req.LockTimeout, ExecPath: req.ExecPath, Log: req.Log,
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
	tfChanges, err := req.plan(ctx, r, planFile) // plan or plan -destroy: destroy.go
	if err != nil {
		return nil, err
	}
	p, err := r.ShowPlan(ctx, planFile)
	if err != nil {
		return nil, err
	}
	req.tfChanges = tfChanges
	return write(dir, p, req)
}

func write(dir plandir.Dir, p *tfjson.Plan, req PlanRequest) (*PlanOutcome, error) {
	scrubbed, err := req.scrubbedPlan(p)
	if err != nil {
		return nil, err
	}
	fp, err := plan.Fingerprint(scrubbed)
	if err != nil {
		return nil, fmt.Errorf("fingerprinting the plan: %w", err)
	}
	// The redacted plan.json and the renderings are independent: on a large
	// plan each takes tens of milliseconds, so they run side by side.
	redactDone := make(chan error, 1)
	go func() { redactDone <- writeRedacted(dir, p, req) }()

	s := plan.Summarize(p)
	// The digest is public too: hashed from the plan without Vault values, as the
	// fingerprint is, and as comment-plan-on-pr hashes the redacted plan.json.
	digest := plan.DigestOf(plan.Summarize(scrubbed))
	res := plandir.Result{
		Root: RootName(req.Root), Workspace: req.Workspace, HeadSHA: req.HeadSHA, Fingerprint: fp,
		Changes: s.Counts.HasChanges() || req.tfChanges, TerraformVersion: p.TerraformVersion, CreatedAt: time.Now().UTC(),
		Tool: string(req.Tool), Destroy: req.Destroy,
		Counts: plandir.CountsOf(s.Counts),
	}
	opts := renderOptions(res)
	opts.Images = finishImages(p, req.Images, req.imageChanges)
	err = writeImages(dir, opts.Images)
	if err == nil {
		err = dir.WriteFile(plandir.Comment, []byte(req.scrub(renderCommentDigest(p, opts, digest))))
	}
	opts.MaxChars = SummaryChars
	summary := req.scrub(plan.Render(p, opts))
	if rerr := <-redactDone; err == nil {
		err = rerr
	}
	if err != nil {
		return nil, err
	}
	if err := dir.WriteResult(res); err != nil { // last: a directory without it is incomplete
		return nil, err
	}
	return &PlanOutcome{Dir: dir, Result: res, Summary: summary, Sensitive: plan.SensitiveValues(p), Digest: digest}, nil
}

// writeRedacted writes plan.json: the plan with every sensitive value, and
// every secret of this run, replaced by (sensitive).
func writeRedacted(dir plandir.Dir, p *tfjson.Plan, req PlanRequest) error {
	redacted, err := plan.Redact(p, plan.RedactOptions{})
	if err != nil {
		return fmt.Errorf("redacting the plan: %w", err)
	}
	if redacted, err = req.scrubJSON(redacted); err != nil {
		return err
	}
	return dir.WriteFile(plandir.PlanJSON, redacted)
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
