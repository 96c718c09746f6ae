package audit

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/repave-dev/repave/pkg/images"
	"github.com/repave-dev/repave/pkg/tf"
)

// Request says what one audit-check run looks at.
type Request struct {
	// Repo is the repository checkout; Roots and AuditLogs are relative to it
	// (or absolute).
	Repo  string
	Roots []string
	// Settings say how Terraform runs in each root.
	tf.Settings
	AuditLogs []string
	// Images are the image references (web@prod) plan-infra resolves: each
	// root that declares an image's variable is planned with the artifact the
	// registry in Repo (RegistryDir, default images) resolves, so the audit
	// plans what is deployed.
	Images      []images.Ref
	RegistryDir string
	Principals  Principals
	Hygiene     bool
	// HygieneExclude are globs of files and directories the hygiene rules
	// do not read (test fixtures, vendored modules).
	HygieneExclude []string
	// Sensitive values known up front (from Vault, say): never shown.
	Sensitive []string
	// Env is given to each terraform subprocess only (secrets from Vault).
	Env map[string]string
	// Log receives Terraform's progress; Group, when set, wraps each root's
	// Terraform run (the runner folds it in the log).
	Log   io.Writer
	Group func(title string, fn func() error) error
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Result is a run's report and every sensitive value seen, to be masked.
type Result struct {
	Report    *Report
	Sensitive []string
}

// Run audits every root: drift through Terraform, manual changes from the
// audit logs, hygiene of the repository. A root Terraform cannot check gets
// its Error set and the others are still checked; a bad audit log or
// hygiene failure is an error for the whole run.
func Run(ctx context.Context, req Request) (*Result, error) {
	if req.Now == nil {
		req.Now = time.Now
	}
	if req.Group == nil {
		req.Group = func(_ string, fn func() error) error { return fn() }
	}
	req.Workspace = req.WorkspaceName()
	var events []Event
	logs, err := expandLogs(req.Repo, req.AuditLogs)
	if err != nil {
		return nil, err
	}
	for _, path := range logs {
		b, err := os.ReadFile(abs(req.Repo, path))
		if err != nil {
			return nil, fmt.Errorf("audit-logs: cannot read %s: %v (paths are relative to the repository root)", path, err)
		}
		ev, err := ParseEvents(path, b)
		if err != nil {
			return nil, err
		}
		events = append(events, ev...)
	}
	imageVars, err := resolveImages(ctx, req)
	if err != nil {
		return nil, err
	}
	out := &Result{Report: &Report{GeneratedAt: req.Now().UTC()}, Sensitive: append([]string(nil), req.Sensitive...)}
	var indexes []StateIndex
	for _, root := range req.Roots {
		rr := RootReport{Root: rootLabel(root), Workspace: req.Workspace}
		var res *DriftResult
		err := req.Group("audit "+rr.Root, func() error {
			var err error
			dr := DriftRequest{Settings: req.Settings, Root: abs(req.Repo, root), Log: req.Log, Sensitive: req.Sensitive, Env: req.Env}
			dr.Vars = withImages(req.Vars, imageVars, dr.Root)
			res, err = CheckDrift(ctx, dr)
			return err
		})
		idx := StateIndex{}
		if err != nil {
			rr.Error = err.Error()
		} else {
			rr.Pending, rr.Drift, rr.Tool = res.Pending, res.Drift, string(res.Tool)
			out.Sensitive = append(out.Sensitive, res.Sensitive...)
			idx = IndexState(res.State)
		}
		indexes = append(indexes, idx)
		out.Report.Roots = append(out.Report.Roots, rr)
	}
	repo := RootReport{Root: RepositoryRoot, Workspace: req.Workspace}
	roots := out.Report.Roots
	placeEvents(roots, indexes, &repo, events, req.Principals)
	if req.Hygiene {
		if err := checkHygiene(req, roots, &repo); err != nil {
			return nil, err
		}
	}
	// The repository pseudo-root is always listed, so that its issue is
	// closed when it has nothing left.
	sortManual(repo.Manual)
	sortManual(repo.Attempts)
	out.Report.Roots = append(roots, repo)
	return out, nil
}

func abs(repo, p string) string {
	if repo == "" || len(p) > 0 && p[0] == '/' {
		return p
	}
	return repo + string(os.PathSeparator) + p
}
