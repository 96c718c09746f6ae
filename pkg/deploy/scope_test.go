package deploy_test

import (
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/deploy"
)

// inProgress lists the in_progress status descriptions of the newest
// deployment.
func (w *world) inProgress() []string {
	deps := w.srv.Deployments(owner, repo)
	var out []string
	for _, st := range deps[len(deps)-1].Statuses {
		if st.State == "in_progress" {
			out = append(out, st.Description)
		}
	}
	return out
}

// routedTo is the color the router resource sends traffic to, from the state.
func (w *world) routedTo() string { return w.tfOutput("active_color") }

func canary(r *deploy.Request) {
	r.Strategy = deploy.Strategy{Kind: deploy.Canary, CanarySteps: []int{10, 50, 100}}
}

func TestBlueGreenWithoutAFlipAppliesAtOnce(t *testing.T) {
	t.Parallel()
	// Blue is live; the PR gives idle green a new image but keeps traffic on
	// blue. Stage 1 of a rollout would set active_color to green, the
	// "previous" color, and route live traffic to the new, unchecked image.
	w, sha := release(t, "example/bluegreen", setDefault("green_image_id", `"img-2"`))
	res, log, err := w.deploy(sha, blueGreen)
	if err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	if len(res.Stages) != 0 || !res.Applied {
		t.Fatalf("a change that keeps traffic on blue must be applied at once, got stages %s:\n%s", results(res), log)
	}
	want := "keeps traffic on blue, the live color"
	if !strings.Contains(res.StagesSkipped, want) || !strings.Contains(log, want) {
		t.Errorf("the log and result should say why no stage ran (%q), got %q:\n%s", want, res.StagesSkipped, log)
	}
	for _, d := range w.inProgress() {
		if strings.Contains(d, "Stage") || strings.Contains(d, "switch traffic") {
			t.Errorf("no stage may be recorded: %q", w.inProgress())
		}
	}
	if got := w.routedTo(); got != "blue" {
		t.Errorf("traffic must stay on blue, the router says %q", got)
	}
}

func TestBlueGreenFlipToAColorWithoutInstancesAppliesAtOnce(t *testing.T) {
	t.Parallel()
	w, sha := release(t, "example/bluegreen", edits(setDefault("green_count", "0"), setDefault("active_color", `"green"`)))
	res, log, err := w.deploy(sha, blueGreen)
	if err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	if len(res.Stages) != 0 || !strings.Contains(res.StagesSkipped, "green has no instances") {
		t.Errorf("stages %s, reason %q:\n%s", results(res), res.StagesSkipped, log)
	}
}

func TestBlueGreenNeedsTheLiveColorInTheState(t *testing.T) {
	t.Parallel()
	w := newWorldWith(t, "example/bluegreen")
	w.commit("no color output", func(s string) string {
		return strings.Replace(s, "output \"active_color\" {\n  value = var.active_color\n}\n", "", 1)
	})
	if _, log, err := w.deploy(w.git("rev-parse", "HEAD"), func(r *deploy.Request) { r.Manual = true }); err != nil {
		t.Fatalf("first deploy: %v\n%s", err, log)
	}
	sha := w.commit("release img-2", greenRelease)
	w.review()
	res, _, err := w.deploy(sha, blueGreen)
	if err == nil || !strings.Contains(err.Error(), `output "active_color" { value = var.active_color }`) {
		t.Fatalf("want an error saying how to declare the live color, got %v", err)
	}
	if res.Applied || len(w.srv.Deployments(owner, repo)) != 1 {
		t.Errorf("nothing may be applied or recorded: %+v", res)
	}
}

func TestCanaryOfAnUnrelatedResourceAppliesAtOnce(t *testing.T) {
	t.Parallel()
	w, sha := release(t, "example/canary", func(s string) string {
		return s + "\nresource \"terraform_data\" \"dns\" {\n  input = \"www.example.com\"\n}\n"
	})
	res, log, err := w.deploy(sha, canary)
	if err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	if len(res.Stages) != 0 || !res.Applied {
		t.Fatalf("adding an unrelated resource moves no version: want no canary weights, got %s:\n%s", results(res), log)
	}
	want := "creates, changes or replaces no resource that uses var.image_id"
	if !strings.Contains(res.StagesSkipped, want) || !strings.Contains(log, want) {
		t.Errorf("want the reason %q, got %q:\n%s", want, res.StagesSkipped, log)
	}
	if url := output(t, res, "health_check_urls"); !strings.Contains(url, "/canary/100/img-1") {
		t.Errorf("the running version keeps all the traffic, outputs say %s", url)
	}
}

func TestCanaryOfANewVersionRunsTheWeights(t *testing.T) {
	t.Parallel()
	w, sha := release(t, "example/canary", edits(setDefault("image_id", `"img-2"`)))
	res, log, err := w.deploy(sha, canary)
	if err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	if results(res) != "success,success,success" || res.StagesSkipped != "" {
		t.Errorf("stages %s, skipped %q:\n%s", results(res), res.StagesSkipped, log)
	}
}

func TestManualRedeployKeepsTheBlueGreenStages(t *testing.T) {
	t.Parallel()
	// Green is live after a release; a manual re-deploy of the first commit
	// (blue, img-1) flips back through the stages, as a push would.
	w, sha := release(t, "example/bluegreen", greenRelease)
	first := w.git("rev-parse", "HEAD~1")
	if res, log, err := w.deploy(sha, blueGreen); err != nil || len(res.Stages) != 2 {
		t.Fatalf("release: %v\n%s", err, log)
	}
	res, log, err := w.deploy(first, blueGreen, func(r *deploy.Request) { r.Manual = true })
	if err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	if results(res) != "success,success" || !strings.HasPrefix(res.Stages[1].Name, "switch traffic from green to blue") {
		t.Errorf("stages %s %+v:\n%s", results(res), res.Stages, log)
	}
	if got := w.routedTo(); got != "blue" {
		t.Errorf("router says %q", got)
	}
}

func TestCanaryFirstDeployAppliesAtOnce(t *testing.T) {
	t.Parallel()
	w := newWorldWith(t, "example/canary")
	res, log, err := w.deploy(w.git("rev-parse", "HEAD"), canary, func(r *deploy.Request) { r.Manual = true })
	if err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	if len(res.Stages) != 0 || !strings.Contains(res.StagesSkipped, "nothing is live yet") {
		t.Errorf("stages %s, reason %q", results(res), res.StagesSkipped)
	}
}
