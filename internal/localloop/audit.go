package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/repave-dev/repave/internal/tree"
)

// auditHandChange is an operator scaling the web tier to 4 by hand, with their
// own terraform and checkout against the same state, and changing web[1] in
// the console (as CloudTrail records it); then the nightly audit-check finds
// both and opens the root's issue.
func auditHandChange(ctx context.Context, l *loop) error {
	laptop := filepath.Join(l.dir, "laptop")
	if err := tree.Copy(filepath.Join(l.repo, root), laptop); err != nil {
		return err
	}
	running, err := l.instanceImages(ctx)
	if err != nil || len(running) == 0 {
		return fmt.Errorf("reading the deployed image: %v", err)
	}
	vars := "image_id=" + running[0] + "\n" + l.imageInputs()["vars"]
	args := []string{"apply", "-auto-approve", "-input=false", "-var", "instance_count=4"}
	for _, v := range strings.Split(vars, "\n") {
		args = append(args, "-var", v)
	}
	fmt.Println("    an operator runs, from a laptop: terraform apply -var instance_count=4")
	if _, err := terraform(ctx, laptop, "init", "-input=false", "-backend-config=path="+l.state); err != nil {
		return err
	}
	if _, err := terraform(ctx, laptop, args...); err != nil {
		return err
	}
	if err := l.writeAuditLog(ctx, laptop); err != nil {
		return err
	}
	in := l.imageInputs()
	delete(in, "working-directory")
	in["working-directories"] = root
	in["audit-logs"] = "audit/cloudtrail.json"
	in["automation-principals"] = "arn:aws:iam::123456789012:role/ci/repave-deploy"
	in["fail-on"] = "never"
	outs, dir, err := l.run(ctx, "audit-check", "schedule", l.event(map[string]any{
		"schedule": "17 6 * * *", "repository": repoJSON(),
	}), in)
	if err != nil {
		return err
	}
	show(outs, dir)
	for _, is := range l.gh.Issues(owner, name) {
		fmt.Printf("\n---- issue #%d %q (%s) ----\n%s\n---- end of issue ----\n", is.GetNumber(), is.GetTitle(), is.GetState(), is.GetBody())
	}
	return nil
}

// writeAuditLog writes the CloudTrail fixture into the checkout, naming the
// real id of web[1] as the console change's instance.
func (l *loop) writeAuditLog(ctx context.Context, dir string) error {
	out, err := terraform(ctx, dir, "show", "-json")
	if err != nil {
		return err
	}
	var st struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string `json:"address"`
					Values  struct {
						ID string `json:"id"`
					} `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		return fmt.Errorf("terraform show -json: %v", err)
	}
	ids := map[string]string{}
	for _, r := range st.Values.RootModule.Resources {
		ids[r.Address] = r.Values.ID
	}
	b, err := os.ReadFile("testdata/audit/cloudtrail/lookup-events.json")
	if err != nil {
		return err
	}
	trail := strings.NewReplacer("__ID_WEB_1__", ids["terraform_data.web[1]"], "__ID_WEB_0__", ids["terraform_data.web[0]"]).Replace(string(b))
	p := filepath.Join(l.repo, "audit", "cloudtrail.json")
	os.MkdirAll(filepath.Dir(p), 0o755)
	return os.WriteFile(p, []byte(trail), 0o644)
}

// terraform runs the real terraform CLI in dir and returns its standard output.
func terraform(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "terraform", append([]string{"-chdir=" + dir}, args...)...)
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("terraform %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr.String())
	}
	return string(out), nil
}
