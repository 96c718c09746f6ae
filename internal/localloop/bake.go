package main

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// bakeAndPromote bakes web 1.4.0 from the example template with the real
// packer on a push to main (bake-image records it and opens the promotion
// pull request that moves prod to it), then plans that pull request with
// `images: web@prod`, as the user's plan workflow would: the comment shows
// the image change and the instances it replaces.
func bakeAndPromote(ctx context.Context, l *loop) error {
	// GitHub's copy of main, which the promotion branch starts from.
	tf, err := os.ReadFile(filepath.Join(l.repo, root, "main.tf"))
	if err != nil {
		return err
	}
	l.gh.SetFile(owner, name, "main", root+"/main.tf", tf)
	outs, dir, err := l.run(ctx, "bake-image", "push", l.event(map[string]any{
		"ref": "refs/heads/main", "after": l.head(), "repository": repoJSON(),
	}), map[string]string{"template": "packer/web", "version": "1.4.0", "channel": "prod"})
	if err != nil {
		return err
	}
	show(outs, dir)
	number, err := strconv.Atoi(path.Base(outs["pull-request-url"]))
	if err != nil {
		return fmt.Errorf("bake-image opened no pull request: %q", outs["pull-request-url"])
	}
	branch := "repave/promote-web-1.4.0"
	for _, p := range l.gh.Pulls(owner, name) {
		if p.Number == number {
			fmt.Printf("\n---- promotion pull request #%d %q ----\n%s---- end of pull request ----\n", number, p.Title, p.Body)
		}
	}

	// The job's checkout of the promotion PR: its branch, with main fetched.
	registry, ok := l.gh.File(owner, name, branch, "images/web.json")
	if !ok {
		return fmt.Errorf("the promotion branch %s has no images/web.json", branch)
	}
	os.RemoveAll(filepath.Join(l.repo, "packer", "web", "output")) // the baked "image" is not source
	if _, err := l.git("update-ref", "refs/remotes/origin/main", "main"); err != nil {
		return err
	}
	if _, err := l.git("checkout", "-q", "-B", branch, "main"); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(l.repo, "images", "web.json"), registry, 0o644); err != nil {
		return err
	}
	if err := l.commit("Promote image web 1.4.0 to prod"); err != nil {
		return err
	}
	head := l.head()
	l.gh.SetPullHead(owner, name, number, head) // the push of that commit to the PR's branch
	ev := l.event(map[string]any{
		"action": "synchronize", "number": number, "repository": repoJSON(),
		"pull_request": map[string]any{"number": number, "head": map[string]any{"sha": head, "ref": branch, "repo": repoJSON()},
			"base": map[string]any{"ref": "main", "repo": repoJSON()}},
	})
	in := l.imageInputs()
	pOuts, pDir, err := l.run(ctx, "plan-infra", "pull_request", ev, in)
	if err != nil {
		return err
	}
	show(pOuts, pDir)
	cOuts, cDir, err := l.run(ctx, "comment-plan-on-pr", "pull_request", ev, map[string]string{"plan-dir": pOuts["plan-dir"], "pr-number": strconv.Itoa(number)})
	if err != nil {
		return err
	}
	show(cOuts, cDir)
	shown := false
	for _, c := range l.gh.Comments(owner, name, number) {
		if body := c.GetBody(); strings.HasPrefix(body, "<!-- repave:plan") {
			if i := strings.Index(body, "<details>"); i > 0 {
				body = body[:i] + "<details>… (the full diff)\n"
			}
			fmt.Printf("\n---- the plan comment on promotion pull request #%d ----\n%s---- end of comment ----\n", number, body)
			shown = strings.Contains(body, "| `web@prod` | `image_id` |") && strings.Contains(body, "`terraform_data.web[2]`")
		}
	}
	if !shown || pOuts["to-replace"] != "3" {
		return fmt.Errorf("the promotion PR's plan should replace the 3 web instances and show web@prod in its Images section (to-replace=%s)", pOuts["to-replace"])
	}
	l.promotion = &promotion{number: number, branch: branch, head: head, image: outs["image-id"]}
	_, err = l.git("checkout", "-q", "main")
	return err
}
