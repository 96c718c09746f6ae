package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/repave-dev/repave/internal/tree"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

const bgRoot = "infra/bluegreen"

// blueGreen releases a new image of the blue-green example through a pull
// request: reviewed, merged, then rolled out by apply-on-merge in two
// health-checked stages (idle color first, then the flip).
func blueGreen(ctx context.Context, l *loop) error {
	state := filepath.Join(l.dir, "state", "bluegreen.tfstate")
	in := func() map[string]string {
		return map[string]string{
			"working-directory": bgRoot, "backend-config": "path=" + state, "vars": "health_base=" + l.web.URL,
			"min-healthy-time": "1s", "strategy": "blue-green",
		}
	}
	if _, err := l.git("checkout", "-q", "main"); err != nil {
		return err
	}
	if err := tree.Copy("testdata/example/bluegreen", filepath.Join(l.repo, bgRoot)); err != nil {
		return err
	}
	if err := l.commit("Blue-green web tier, blue active on img-1"); err != nil {
		return err
	}
	first := in()
	first["strategy"] = "all-at-once"
	if _, _, err := l.run(ctx, "apply-on-merge", "workflow_dispatch", l.event(map[string]any{"ref": "refs/heads/main", "repository": repoJSON()}), first); err != nil {
		return err
	}
	fmt.Println("    deployed blue (img-1) by workflow_dispatch")

	// The release pull request: green gets img-2 and becomes active.
	if _, err := l.git("checkout", "-q", "-b", "release-green"); err != nil {
		return err
	}
	main := filepath.Join(l.repo, bgRoot, "main.tf")
	b, err := os.ReadFile(main)
	if err != nil {
		return err
	}
	src := regexp.MustCompile(`(variable "green_image_id" \{[^}]*?default\s*=\s*)"img-1"`).ReplaceAllString(string(b), `${1}"img-2"`)
	src = regexp.MustCompile(`(variable "active_color" \{[^}]*?default\s*=\s*)"blue"`).ReplaceAllString(src, `${1}"green"`)
	if err := os.WriteFile(main, []byte(src), 0o644); err != nil {
		return err
	}
	if err := l.commit("Release img-2 on green"); err != nil {
		return err
	}
	pr, head := l.pr+10, l.head()
	l.gh.AddPull(owner, name, ghtest.PullRequest{Number: pr, HeadSHA: head, HeadRef: "release-green"})
	ev := l.event(map[string]any{"action": "opened", "number": pr, "repository": repoJSON(),
		"pull_request": map[string]any{"number": pr, "head": map[string]any{"sha": head, "ref": "release-green", "repo": repoJSON()}, "base": map[string]any{"ref": "main", "repo": repoJSON()}}})
	planIn := in()
	delete(planIn, "strategy")
	delete(planIn, "min-healthy-time")
	outs, _, err := l.run(ctx, "plan-infra", "pull_request", ev, planIn)
	if err != nil {
		return err
	}
	if _, _, err := l.run(ctx, "comment-plan-on-pr", "pull_request", ev, map[string]string{"plan-dir": outs["plan-dir"]}); err != nil {
		return err
	}
	fmt.Printf("    pull request #%d reviewed: %s to replace, %s to change\n", pr, outs["to-replace"], outs["to-change"])

	if _, err := l.git("checkout", "-q", "main"); err != nil {
		return err
	}
	if _, err := l.git("merge", "-q", "--ff-only", "release-green"); err != nil {
		return err
	}
	sha := l.head()
	l.gh.AddPull(owner, name, ghtest.PullRequest{Number: pr, HeadSHA: sha, HeadRef: "release-green", Merged: true, MergeCommitSHA: sha})
	outs, dir, err := l.run(ctx, "apply-on-merge", "push", l.event(map[string]any{"ref": "refs/heads/main", "after": sha, "repository": repoJSON()}), in())
	if err != nil {
		return err
	}
	fmt.Printf("    rollout stages (also in %s/summary.md):\n", rel(dir))
	for _, line := range stageLines(outs["strategy-steps"]) {
		fmt.Println("      " + line)
	}
	return nil
}
