// Command bake-image builds a golden image with the real packer, records the
// version in the repository's image registry (images/<bucket>.json), and
// moves a channel by commit or by a promotion pull request. Without a
// template it promotes a version already recorded.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/repave-dev/repave/internal/ghclient"
	"github.com/repave-dev/repave/internal/vaultinputs"
	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/images"
	"github.com/repave-dev/repave/pkg/packer"
	"github.com/repave-dev/repave/pkg/runner"
)

func main() { runner.Main("bake-image", run) }

type request struct {
	bake    images.BakeRequest
	publish images.PublishRequest
	token   string
	// promoter is the token that pushes the branch and opens the promotion
	// pull request (promotion-token, else github-token).
	promoter string
}

func run(ctx context.Context, a *runner.Runtime) error {
	req, err := inputs(a)
	if err != nil {
		return err
	}
	if req.bake.Template != "" {
		vault, err := vaultinputs.Load(ctx, a)
		if err != nil {
			return err
		}
		defer vaultinputs.Close(ctx, a, vault)
		hideSensitive(a, vaultinputs.Scrubber(a, vault), req.bake)
		for k, v := range vault.Env() {
			req.bake.Env = append(req.bake.Env, k+"="+v)
		}
		if err := bake(ctx, a, &req); err != nil {
			return err
		}
	} else if err := promoteRecorded(&req); err != nil {
		return err
	}
	out, err := publish(ctx, a, req)
	if err != nil {
		return err
	}
	return report(a, req, out)
}

func inputs(a *runner.Runtime) (request, error) {
	var req request
	ev, err := a.Event()
	if err != nil {
		return req, err
	}
	pairs, err := a.Pairs("vars")
	if err != nil {
		return req, err
	}
	via, err := a.Enum("promote-via", string(images.ViaPullRequest), string(images.ViaPullRequest), string(images.ViaCommit), string(images.ViaNone))
	if err != nil {
		return req, err
	}
	template := a.String("template", "")
	b := images.BakeRequest{
		Template: template, Bucket: a.String("bucket", ""), Version: a.String("version", ""),
		VarFiles: a.List("var-files"), Only: a.List("only"), RegistryDir: a.String("registry-dir", images.DefaultDir),
		Channel: a.String("channel", ""), GitSHA: ev.HeadSHA,
	}
	if b.ArtifactFrom, err = artifactFrom(a); err != nil {
		return req, err
	}
	if b.GitSHA == "" {
		b.GitSHA = ev.SHA
	}
	for _, p := range pairs {
		b.Vars = append(b.Vars, packer.Var{Name: p.Name, Value: p.Value})
	}
	if template == "" && (b.Bucket == "" || b.Version == "" || b.Channel == "") {
		return req, &runner.InputError{Input: "template", Reason: "is required", Want: "give a Packer template (file or directory) to bake, or set bucket, version and channel to promote a recorded version"}
	}
	if b.Bucket == "" {
		b.Bucket = images.DefaultBucket(template)
	}
	if b.Version == "" {
		b.Version = images.DefaultVersion(ev.Ref, ev.SHA, time.Now())
	}
	for _, c := range [][2]string{{"bucket", b.Bucket}, {"channel", b.Channel}} {
		if c[1] != "" && images.CheckName(c[0], c[1]) != nil {
			return req, &runner.InputError{Input: c[0], Value: c[1], Reason: "is not a valid name",
				Want: "lower-case letters, digits, '.', '_' and '-', starting with a letter or digit"}
		}
	}
	if images.CheckVersion(b.Version) != nil {
		return req, &runner.InputError{Input: "version", Value: b.Version, Reason: "is not a semantic version",
			Want: "MAJOR.MINOR.PATCH with an optional -prerelease, e.g. 1.4.0 or 1.4.0-rc.1"}
	}
	req.bake = b
	req.token = a.Secret("github-token")
	if images.Via(via) != images.ViaNone && req.token == "" {
		return req, &runner.InputError{Input: "github-token", Reason: "is required", Want: "promote-via " + via + " commits through the GitHub API: set `github-token: ${{ github.token }}` (with contents: write and pull-requests: write), or `promote-via: none`"}
	}
	if images.Via(via) != images.ViaNone && (ev.Owner == "" || ev.Repo == "") {
		return req, errors.New("GITHUB_REPOSITORY is not set: promote-via " + via + " runs inside GitHub Actions (or set GITHUB_REPOSITORY=owner/name), or use `promote-via: none`")
	}
	branch := ev.DefaultBranch
	if images.Via(via) == images.ViaCommit {
		branch = strings.TrimPrefix(ev.Ref, "refs/heads/")
		if branch == ev.Ref {
			branch = ""
		}
	} else if branch == "" {
		branch = "main"
	}
	req.promoter = promoter(a, images.Via(via), req.token)
	req.publish = images.PublishRequest{Via: images.Via(via), Owner: ev.Owner, Repo: ev.Repo, Branch: branch,
		Promotion: images.Promotion{Bucket: b.Bucket, Channel: b.Channel, RunURL: ev.RunURL,
			File: filepath.ToSlash(images.FilePath(b.RegistryDir, b.Bucket))}}
	return req, nil
}

// bake runs packer in a log group and records the version.
func bake(ctx context.Context, a *runner.Runtime, req *request) error {
	if _, err := images.Unrecorded(req.bake.RegistryDir, req.bake.Bucket, req.bake.Version); err != nil {
		return err
	}
	log := a.LogWriter()
	req.bake.Log = log
	req.bake.Notice = func(s string) { a.Warningf("%s", s) }
	var out *images.BakeResult
	err := a.Group("packer build "+req.bake.Template, func() error {
		defer log.Close()
		var err error
		out, err = images.Bake(ctx, req.bake)
		return err
	})
	if err != nil {
		annotate(a, err, req.bake.Template)
		return err
	}
	req.publish.Version = out.Version
	req.publish.Previous = out.Registry.Find(out.Previous)
	return nil
}

// promoteRecorded moves the channel to a version already in the registry.
func promoteRecorded(req *request) error {
	v, prev, err := images.PromoteRecorded(req.bake.RegistryDir, req.bake.Bucket, req.bake.Channel, req.bake.Version)
	if err != nil {
		return err
	}
	req.publish.Version, req.publish.Previous = v, prev
	return nil
}

func publish(ctx context.Context, a *runner.Runtime, req request) (*images.PublishResult, error) {
	var client *gh.Client
	if req.publish.Via != images.ViaNone && req.promoter != "" {
		var err error
		if client, err = ghclient.New(a, "bake-image", req.promoter); err != nil {
			return nil, err
		}
	}
	return images.Publish(ctx, client, req.publish)
}

// annotate puts Packer's errors on the template files and lines they name.
func annotate(a *runner.Runtime, err error, template string) {
	var pe *packer.Error
	if !errors.As(err, &pe) {
		return
	}
	dir := template
	if strings.HasSuffix(template, ".pkr.hcl") {
		dir = filepath.Dir(template)
	}
	for _, l := range pe.Locations() {
		an := runner.Annotation{Level: "error", Title: "packer " + pe.Command, Message: l.Message}
		if l.File != "" {
			an.File, an.Line = filepath.ToSlash(filepath.Join(dir, l.File)), l.Line
		}
		a.Annotate(an)
	}
}

func report(a *runner.Runtime, req request, out *images.PublishResult) error {
	v := req.publish.Version
	arts, err := json.Marshal(v.Artifacts)
	if err != nil {
		return err
	}
	outputs := [][2]string{{"version", v.Version}, {"artifacts", string(arts)}, {"registry-file", req.publish.File},
		{"pull-request-url", out.PullRequestURL}}
	if len(v.Artifacts) == 1 {
		for _, id := range v.Artifacts {
			outputs = append(outputs, [2]string{"image-id", id})
		}
	}
	if err := a.SetOutputs(outputs); err != nil {
		return err
	}
	where := "recorded in " + req.publish.File + " in the checkout"
	switch {
	case out.PullRequestURL != "":
		where = "promotion pull request " + out.PullRequestURL
	case out.CommitSHA != "":
		where = fmt.Sprintf("committed to %s as %s", req.publish.Branch, out.CommitSHA)
	}
	a.Infof("%s: %s (%s); %s", req.publish.Title(), images.Summary(v), v.GitSHA, where)
	return a.AddSummary(req.publish.Body() + "\n" + where + "\n")
}
