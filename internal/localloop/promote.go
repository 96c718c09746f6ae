package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

// promotion is the promotion pull request bakeAndPromote opened and planned.
type promotion struct {
	number       int
	branch, head string
	image        string // the artifact id prod moves to
	merged       string // the merge commit, once merged
}

// imageInputs are what the user's workflows give plan-infra, apply-on-merge
// and audit-check once the web tier's image comes from the registry.
func (l *loop) imageInputs() map[string]string {
	return map[string]string{
		"working-directory": root,
		"vars":              "health_url=" + l.web.URL, // image_id comes from the registry
		"backend-config":    "path=" + l.state,
		"images":            "web@prod",
	}
}

// applyPromotion merges the promotion pull request and runs apply-on-merge
// for the push with the same images as the plan: it re-plans on the merged
// commit with the registry of that commit, finds the reviewed plan, applies
// it (the three instances are replaced with web 1.4.0), health-checks the
// web tier and records the deployment.
func applyPromotion(ctx context.Context, l *loop) error {
	p := l.promotion
	if p == nil {
		return fmt.Errorf("no promotion pull request was planned")
	}
	if _, err := l.git("checkout", "-q", "main"); err != nil {
		return err
	}
	if _, err := l.git("merge", "-q", "--ff-only", p.branch); err != nil {
		return err
	}
	sha := l.head()
	p.merged = sha
	l.gh.AddPull(owner, name, ghtest.PullRequest{Number: p.number, HeadSHA: p.head, HeadRef: p.branch, Merged: true, MergeCommitSHA: sha,
		Title: "Promote image web 1.4.0 to prod"})
	in := l.imageInputs()
	in["min-healthy-time"] = "1s"
	outs, dir, err := l.run(ctx, "apply-on-merge", "push", l.event(map[string]any{
		"ref": "refs/heads/main", "after": sha, "repository": repoJSON(),
	}), in)
	if err != nil {
		return err
	}
	show(outs, dir)
	fmt.Println("    deployments of production:")
	recorded := false
	for _, d := range l.gh.Deployments(owner, name) {
		fmt.Printf("      #%d %.12s %-9s %v\n", d.ID, d.SHA, d.State(), d.Payload["root"])
		recorded = recorded || d.SHA == sha && d.State() == "success"
	}
	body := l.comment(p.number)
	fmt.Printf("    the promotion PR's comment now says: %s\n", status(body))
	applied, err := os.ReadFile(filepath.Join(l.dir, "runner-temp", "repave", "plans", "infra_web--default-apply", "comment.md"))
	if err != nil {
		return err
	}
	if a, r := imagesSection(string(applied)), imagesSection(body); a == "" || a != r {
		return fmt.Errorf("the Images section rendered at apply time differs from the reviewed one:\n%s\nreviewed:\n%s", a, r)
	}
	fmt.Println("    the Images section rendered at apply time is the reviewed one")
	running, err := l.instanceImages(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("    the web instances now run: %s\n", strings.Join(running, ", "))
	if outs["applied"] != "true" || !recorded || !strings.Contains(body, "**Applied** to `production`") ||
		len(running) != 3 || strings.Count(strings.Join(running, " "), p.image) != 3 {
		return fmt.Errorf("the promotion should be applied (applied=%s), recorded as a successful deployment of %.12s (%v), marked applied on #%d, and the 3 instances should run %s (%v)",
			outs["applied"], sha, recorded, p.number, p.image, running)
	}
	return nil
}

// auditClean is the next nightly audit-check, with the same images: the
// deployed image is what the registry says, so there is no drift and no
// issue. (Hygiene is left to the next audit, which reports the example's
// hard-coded default password.)
func auditClean(ctx context.Context, l *loop) error {
	in := l.imageInputs()
	delete(in, "working-directory")
	in["working-directories"] = root
	in["hygiene"] = "false"
	outs, dir, err := l.run(ctx, "audit-check", "schedule", l.event(map[string]any{
		"schedule": "17 6 * * *", "repository": repoJSON(),
	}), in)
	if err != nil {
		return err
	}
	show(outs, dir)
	if outs["drifted"] != "false" || outs["findings"] != "0" || len(l.gh.Issues(owner, name)) != 0 {
		return fmt.Errorf("the audit after the promotion should be clean: drifted=%s findings=%s issues=%d", outs["drifted"], outs["findings"], len(l.gh.Issues(owner, name)))
	}
	fmt.Println("    clean: no drift, no manual change, no issue")
	return nil
}

// imagesSection is the Images table of a rendered plan comment, "" without one.
func imagesSection(body string) string {
	i := strings.Index(body, "#### Images\n")
	if i < 0 {
		return ""
	}
	s := body[i:]
	if j := strings.Index(s, "\n\n<details>"); j >= 0 {
		s = s[:j]
	}
	return s
}

// comment is the sticky plan comment of pull request pr.
func (l *loop) comment(pr int) string {
	for _, c := range l.gh.Comments(owner, name, pr) {
		if strings.HasPrefix(c.GetBody(), "<!-- repave:plan") {
			return c.GetBody()
		}
	}
	return "(no comment)"
}

// status is the status line apply-on-merge wrote on a plan comment.
func status(body string) string {
	for _, line := range strings.Split(body, "\n") {
		if strings.Contains(line, "repave:status") {
			return strings.TrimPrefix(line, "> <!-- repave:status --> ")
		}
	}
	return "(no status)"
}

// instanceImages reads the image each web instance runs from the state
// (terraform show -json in the checkout's root, initialized by the apply).
func (l *loop) instanceImages(ctx context.Context) ([]string, error) {
	out, err := terraform(ctx, filepath.Join(l.repo, root), "show", "-json")
	if err != nil {
		return nil, err
	}
	var st struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Type   string `json:"type"`
					Name   string `json:"name"`
					Values struct {
						Input struct {
							Image string `json:"image"`
						} `json:"input"`
					} `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		return nil, fmt.Errorf("terraform show -json: %v", err)
	}
	var imgs []string
	for _, r := range st.Values.RootModule.Resources {
		if r.Type == "terraform_data" && r.Name == "web" {
			imgs = append(imgs, r.Values.Input.Image)
		}
	}
	return imgs, nil
}
