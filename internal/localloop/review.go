package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

// planInputs are what the user's workflows give plan-infra and
// apply-on-merge for the example root.
func (l *loop) planInputs(image string) map[string]string {
	return map[string]string{
		"working-directory": root,
		"vars":              "image_id=" + image + "\nhealth_url=" + l.web.URL,
		"backend-config":    "path=" + l.state,
	}
}

// deployFirst deploys the starting point by workflow_dispatch (a manual
// deploy: the environment's protection is the review).
func deployFirst(ctx context.Context, l *loop) error {
	in := l.planInputs("img-example-0001")
	in["min-healthy-time"] = "1s"
	outs, dir, err := l.run(ctx, "apply-on-merge", "workflow_dispatch", l.event(map[string]any{
		"ref": "refs/heads/main", "inputs": map[string]any{}, "repository": repoJSON(),
	}), in)
	if err != nil {
		return err
	}
	show(outs, dir)
	return nil
}

// reviewPR opens a pull request that moves the web tier to a new image,
// plans it and posts the sticky comment.
func reviewPR(ctx context.Context, l *loop) error {
	if _, err := l.git("checkout", "-q", "-b", "new-image"); err != nil {
		return err
	}
	if err := setImage(filepath.Join(l.repo, root, "main.tf"), "img-example-0002"); err != nil {
		return err
	}
	if err := l.commit("Web tier on img-example-0002"); err != nil {
		return err
	}
	l.pr = 1
	head := l.head()
	l.gh.AddPull(owner, name, ghtest.PullRequest{Number: l.pr, HeadSHA: head, HeadRef: "new-image", Title: "Web tier on img-example-0002"})
	ev := l.event(map[string]any{
		"action": "opened", "number": l.pr, "repository": repoJSON(),
		"pull_request": map[string]any{"number": l.pr, "head": map[string]any{"sha": head, "ref": "new-image", "repo": repoJSON()},
			"base": map[string]any{"ref": "main", "repo": repoJSON()}},
	})
	outs, dir, err := l.run(ctx, "plan-infra", "pull_request", ev, l.planInputs("img-example-0002"))
	if err != nil {
		return err
	}
	show(outs, dir)
	cOuts, cDir, err := l.run(ctx, "comment-plan-on-pr", "pull_request", ev, map[string]string{"plan-dir": outs["plan-dir"]})
	if err != nil {
		return err
	}
	show(cOuts, cDir)
	fmt.Printf("\n---- the comment on pull request #%d (as GitHub shows it: Markdown) ----\n%s\n---- end of comment ----\n", l.pr, l.sticky())
	return nil
}

// applyMerge merges the pull request and runs apply-on-merge for the push.
func applyMerge(ctx context.Context, l *loop) error {
	if _, err := l.git("checkout", "-q", "main"); err != nil {
		return err
	}
	if _, err := l.git("merge", "-q", "--ff-only", "new-image"); err != nil {
		return err
	}
	sha := l.head()
	l.gh.AddPull(owner, name, ghtest.PullRequest{Number: l.pr, HeadSHA: sha, HeadRef: "new-image", Merged: true, MergeCommitSHA: sha, Title: "Web tier on img-example-0002"})
	in := l.planInputs("img-example-0002")
	in["min-healthy-time"] = "2s"
	outs, dir, err := l.run(ctx, "apply-on-merge", "push", l.event(map[string]any{
		"ref": "refs/heads/main", "after": sha, "repository": repoJSON(),
	}), in)
	if err != nil {
		return err
	}
	show(outs, dir)
	fmt.Println("    deployments of production:")
	for _, d := range l.gh.Deployments(owner, name) {
		fmt.Printf("      #%d %.12s %-9s %v\n", d.ID, d.SHA, d.State(), d.Payload["root"])
	}
	status := ""
	for _, line := range strings.Split(l.sticky(), "\n") {
		if strings.Contains(line, "repave:status") {
			status = line
		}
	}
	fmt.Printf("    the PR comment now says: %s\n", strings.TrimPrefix(status, "> <!-- repave:status --> "))
	return nil
}

func (l *loop) sticky() string {
	for _, c := range l.gh.Comments(owner, name, l.pr) {
		if strings.HasPrefix(c.GetBody(), "<!-- repave:plan") {
			return c.GetBody()
		}
	}
	return "(no comment)"
}

func repoJSON() map[string]any {
	return map[string]any{"name": name, "full_name": owner + "/" + name, "default_branch": "main",
		"owner": map[string]any{"login": owner}}
}

// setImage changes the example's default image, as a developer's commit would.
func setImage(path, image string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	src := string(b)
	i := strings.Index(src, `default     = "img-example-`)
	if i < 0 {
		return fmt.Errorf("%s: no image_id default to change", path)
	}
	j := strings.Index(src[i:], "\n")
	src = src[:i] + `default     = "` + image + `"` + src[i+j:]
	return os.WriteFile(path, []byte(src), 0o644)
}
