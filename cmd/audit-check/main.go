// Command audit-check audits Terraform roots on the default branch for drift,
// manual changes in cloud audit logs and repository hygiene, and keeps one
// GitHub issue per root.
package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/repave-dev/repave/internal/ghclient"
	"github.com/repave-dev/repave/internal/imageinputs"
	"github.com/repave-dev/repave/internal/tfinputs"
	"github.com/repave-dev/repave/internal/vaultinputs"
	"github.com/repave-dev/repave/pkg/audit"
	"github.com/repave-dev/repave/pkg/runner"
)

func main() { runner.Main("audit-check", run) }

// settings are the inputs that are not part of the audit itself.
type settings struct {
	token, label, failOn, reportPath string
	owner, repo, runURL              string
	checkout                         string // the repository checkout
	healthURLs                       []string
}

func run(ctx context.Context, a *runner.Runtime) error {
	req, set, err := inputs(a)
	if err != nil {
		return err
	}
	vault, err := vaultinputs.Load(ctx, a)
	if err != nil {
		return err
	}
	defer vaultinputs.Close(ctx, a, vault)
	sc := vaultinputs.Scrubber(a, vault)
	req.Env, req.Sensitive = vault.Env(), vault.Values()
	// Terraform's log is held until the plans' sensitive values are masked
	// and scrubbed: it can name them.
	var held bytes.Buffer
	req.Log = &held
	out, err := audit.Run(ctx, req)
	if out != nil {
		sensitive := make([]any, len(out.Sensitive))
		for i, v := range out.Sensitive {
			sensitive[i] = v
		}
		vaultinputs.Masker(a)(sensitive)
		sc.Add(sensitive...)
		for i := range out.Report.Roots { // a root named like a secret is not named
			out.Report.Roots[i].Root = sc.Scrub(out.Report.Roots[i].Root)
			out.Report.Roots[i].Workspace = sc.Scrub(out.Report.Roots[i].Workspace)
		}
	}
	a.Group("Terraform log of the audit", func() error {
		log := a.LogWriter()
		log.Write(held.Bytes())
		return log.Close()
	})
	if err != nil {
		return err
	}
	if err := checkHealth(ctx, a, set.healthURLs, out); err != nil { // health-checks: health.go
		return err
	}
	issues, syncErr := syncIssues(ctx, a, set, out)
	if err := report(a, set, out, issues); err != nil {
		return err
	}
	if syncErr != nil {
		return syncErr
	}
	return verdict(out.Report, set.failOn)
}

func inputs(a *runner.Runtime) (audit.Request, settings, error) {
	var req audit.Request
	var set settings
	ev, err := a.Event()
	if err != nil {
		return req, set, err
	}
	repo := ev.Workspace
	if repo == "" {
		if repo, err = os.Getwd(); err != nil {
			return req, set, err
		}
	}
	lines := a.List("working-directories")
	if len(lines) == 0 {
		lines = []string{"."}
	}
	roots, err := audit.ExpandRoots(repo, lines)
	if err != nil {
		return req, set, err
	}
	tfs, err := tfinputs.Read(a)
	if err != nil {
		return req, set, err
	}
	principals, err := audit.ParsePrincipals(a.List("automation-principals"))
	if err != nil {
		return req, set, err
	}
	hygiene, err := a.Bool("hygiene", true)
	if err != nil {
		return req, set, err
	}
	exclude := a.List("hygiene-exclude")
	if err := audit.ValidateGlobs("hygiene-exclude", exclude); err != nil {
		return req, set, err
	}
	if set.failOn, err = a.Enum("fail-on", "findings", "findings", "drift", "never"); err != nil {
		return req, set, err
	}
	if set.healthURLs, err = healthURLs(a); err != nil {
		return req, set, err
	}
	set.token = a.String("github-token", "")
	a.Mask(set.token)
	set.label = a.String("issue-label", "repave:audit")
	set.owner, set.repo, set.runURL, set.checkout = ev.Owner, ev.Repo, ev.RunURL, repo
	set.reportPath = filepath.Join(tfinputs.TempBase(a), "repave", "audit", "report.json")
	img, err := imageinputs.Read(a)
	if err != nil {
		return req, set, err
	}
	req = audit.Request{
		Settings: tfs, Repo: repo, Roots: roots,
		AuditLogs: a.List("audit-logs"), Principals: principals, Hygiene: hygiene,
		Images: img.Refs, RegistryDir: img.RegistryDir,
	}
	req.HygieneExclude = exclude
	return req, set, nil
}

// syncIssues keeps one issue per root; without a token or repository it
// says so and skips them.
func syncIssues(ctx context.Context, a *runner.Runtime, set settings, out *audit.Result) (map[string]string, error) {
	links := map[string]string{}
	if set.token == "" || set.owner == "" {
		a.Warningf("audit-check: no github-token or GITHUB_REPOSITORY, so no issues were opened or updated")
		return links, nil
	}
	client, err := ghclient.New(a, "audit-check", set.token)
	if err != nil {
		return links, err
	}
	target := audit.IssueTarget{Owner: set.owner, Repo: set.repo, Label: set.label, RunURL: set.runURL, Sensitive: out.Sensitive}
	for _, r := range out.Report.Roots {
		res, err := audit.SyncIssue(ctx, client, target, r)
		if err != nil {
			return links, fmt.Errorf("issue of %s: %w", r.Root, err)
		}
		if res.Number > 0 {
			links[r.Root] = fmt.Sprintf("[#%d](%s) %s", res.Number, res.URL, res.Action)
			a.Infof("Audit issue of %s: #%d %s (%s)", r.Root, res.Number, res.Action, res.URL)
		}
	}
	gone, err := audit.CloseGoneRoots(ctx, client, target, out.Report, set.checkout)
	for _, g := range gone {
		a.Infof("Audit issue of %s: #%d closed: the root no longer exists in the repository (%s)", g.Root, g.Number, g.URL)
	}
	if err != nil {
		return links, fmt.Errorf("closing the issues of deleted roots: %w", err)
	}
	return links, nil
}

func report(a *runner.Runtime, set settings, out *audit.Result, issues map[string]string) error {
	rep := out.Report
	if err := rep.WriteJSON(set.reportPath, out.Sensitive); err != nil {
		return err
	}
	for _, n := range audit.Notes(rep) {
		a.Annotate(runner.Annotation{Level: n.Level, Title: n.Title, Message: n.Message, File: n.File, Line: n.Line})
	}
	for _, r := range rep.Roots {
		a.Infof("Audit of %s (workspace %s): %s", r.Root, r.Workspace, audit.Counts(r))
	}
	outputs := [][2]string{
		{"drifted", strconv.FormatBool(rep.Drifted())},
		{"findings", strconv.Itoa(rep.Findings())},
		{"report", set.reportPath},
	}
	if err := a.SetOutputs(outputs); err != nil {
		return err
	}
	return a.AddSummary(audit.Summary(rep, issues, out.Sensitive))
}

// verdict fails the step as fail-on asks, and always when a root could not
// be checked.
func verdict(rep *audit.Report, failOn string) error {
	if errs := rep.Errors(); len(errs) > 0 {
		return fmt.Errorf("Terraform could not check %d root(s): %v", len(errs), errs)
	}
	switch {
	case failOn == "findings" && rep.Findings() > 0:
		return fmt.Errorf("audit found %d finding(s): see the job summary and the issues (set fail-on: never to only report)", rep.Findings())
	case failOn == "drift" && rep.Drifted():
		return fmt.Errorf("audit found drift: see the job summary and the issues (set fail-on: never to only report)")
	}
	return nil
}
