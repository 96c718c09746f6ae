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
	Repo          string
	Roots         []string
	Workspace     string
	Vars          []tf.Var
	VarFiles      []string
	BackendConfig []string
	LockTimeout   time.Duration
	Tool          tf.Tool // "" is what each root's files say
	ExecPath      string
	AuditLogs     []string
	// Images are the image references (web@prod) plan-infra resolves: each
	// root that declares an image's variable is planned with the artifact the
	// registry in Repo (RegistryDir, default images) resolves, so the audit
	// plans what is deployed.
	Images      []images.Ref
	RegistryDir string
	Principals  Principals
	Hygiene     bool
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

// Outcome is a run's report and every sensitive value seen, to be masked.
type Outcome struct {
	Report    *Report
	Sensitive []string
}

// Run audits every root: drift through Terraform, manual changes from the
// audit logs, hygiene of the repository. A root Terraform cannot check gets
// its Error set and the others are still checked; a bad audit log or
// hygiene failure is an error for the whole run.
func Run(ctx context.Context, req Request) (*Outcome, error) {
	if req.Now == nil {
		req.Now = time.Now
	}
	if req.Group == nil {
		req.Group = func(_ string, fn func() error) error { return fn() }
	}
	if req.Workspace == "" {
		req.Workspace = "default"
	}
	var events []Event
	for _, path := range req.AuditLogs {
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
	out := &Outcome{Report: &Report{GeneratedAt: req.Now().UTC()}, Sensitive: append([]string(nil), req.Sensitive...)}
	var indexes []StateIndex
	for _, root := range req.Roots {
		rr := RootReport{Root: rootLabel(root), Workspace: req.Workspace}
		var res *DriftResult
		err := req.Group("audit "+rr.Root, func() error {
			var err error
			res, err = CheckDrift(ctx, DriftRequest{
				Root: abs(req.Repo, root), Workspace: req.Workspace, Vars: withImages(req.Vars, imageVars, abs(req.Repo, root)), VarFiles: req.VarFiles,
				BackendConfig: req.BackendConfig, LockTimeout: req.LockTimeout, ExecPath: req.ExecPath, Log: req.Log,
				Sensitive: req.Sensitive, Env: req.Env, Tool: req.Tool,
			})
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
	for _, ev := range events {
		if !IsWrite(ev) || req.Principals.Automation(ev) {
			continue
		}
		placed := false
		for i := range roots {
			if m := ManualChanges([]Event{ev}, req.Principals, indexes[i]); len(m) == 1 && m[0].Address != "" {
				roots[i].Manual = append(roots[i].Manual, m[0])
				placed = true
				break
			}
		}
		if !placed {
			repo.Manual = append(repo.Manual, ManualChanges([]Event{ev}, req.Principals, nil)...)
		}
	}
	if req.Hygiene {
		findings, err := ScanHygiene(req.Repo, req.Roots)
		if err != nil {
			return nil, err
		}
		names := make([]string, len(roots))
		for i, r := range roots {
			names[i] = r.Root
		}
		for _, f := range findings {
			o := owner(names, f.File)
			placed := false
			for i := range roots {
				if o != "" && roots[i].Root == o {
					roots[i].Hygiene = append(roots[i].Hygiene, f)
					placed = true
				}
			}
			if !placed {
				repo.Hygiene = append(repo.Hygiene, f)
			}
		}
	}
	switch {
	case len(roots) == 1:
		roots[0].Manual = append(roots[0].Manual, repo.Manual...)
		roots[0].Hygiene = append(roots[0].Hygiene, repo.Hygiene...)
		sortManual(roots[0].Manual)
	default:
		// Always listed, so that its issue is closed when it becomes clean.
		sortManual(repo.Manual)
		out.Report.Roots = append(roots, repo)
	}
	return out, nil
}

func abs(repo, p string) string {
	if repo == "" || len(p) > 0 && p[0] == '/' {
		return p
	}
	return repo + string(os.PathSeparator) + p
}
