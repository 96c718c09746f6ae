package deploy_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/deploy"
)

// setDefault changes the default of variable name in a root's source, as a
// release pull request would.
func setDefault(name, value string) func(string) string {
	re := regexp.MustCompile(`(variable "` + name + `" \{[^}]*?default\s*=\s*)("[^"]*"|\d+)`)
	return func(src string) string {
		if !re.MatchString(src) {
			panic("no default for variable " + name)
		}
		return re.ReplaceAllString(src, `${1}`+value)
	}
}

func edits(fs ...func(string) string) func(string) string {
	return func(s string) string {
		for _, f := range fs {
			s = f(s)
		}
		return s
	}
}

// release sets up a deployed root and a reviewed, merged release of it.
func release(t *testing.T, example string, change func(string) string) (*world, string) {
	w := newWorldWith(t, example)
	first := w.git("rev-parse", "HEAD")
	if _, log, err := w.deploy(first, func(r *deploy.Request) { r.Manual = true }); err != nil {
		t.Fatalf("first deploy: %v\n%s", err, log)
	}
	sha := w.commit("release img-2", change)
	w.review()
	return w, sha
}

func output(t *testing.T, res *deploy.Result, name string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(res.Outputs[name], &v); err != nil {
		t.Fatalf("output %s = %s: %v", name, res.Outputs[name], err)
	}
	return strings.Trim(strings.ReplaceAll(strings.TrimSpace(jsonString(v)), "\"", ""), "[]")
}

func jsonString(v any) string { b, _ := json.Marshal(v); return string(b) }

func results(res *deploy.Result) string {
	var out []string
	for _, st := range res.Stages {
		out = append(out, st.Result)
	}
	return strings.Join(out, ",")
}

// logStages records how long each stage took, for the issue's figures.
func logStages(t *testing.T, res *deploy.Result) {
	for _, st := range res.Stages {
		t.Logf("stage %-55q %-9s %.2fs (%s)", st.Name, st.Result, st.Seconds, st.Plan)
	}
}

var greenRelease = edits(setDefault("green_image_id", `"img-2"`), setDefault("active_color", `"green"`))

func blueGreen(r *deploy.Request) {
	r.Strategy = deploy.Strategy{Kind: deploy.BlueGreen, KeepPrevious: true}
}

func TestBlueGreenFlip(t *testing.T) {
	t.Parallel()
	w, sha := release(t, "example/bluegreen", greenRelease)
	res, log, err := w.deploy(sha, blueGreen)
	if err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	logStages(t, res)
	if results(res) != "success,success" || output(t, res, "active_color") != "green" || !res.Applied {
		t.Errorf("stages %s, active %s:\n%s", results(res), output(t, res, "active_color"), log)
	}
	if res.Stages[0].Values["active_color"] != "blue" || !strings.Contains(res.Stages[0].Plan, "2 to replace") {
		t.Errorf("stage 1 should replace green's 2 instances with traffic left on blue: %+v", res.Stages[0])
	}
	if !strings.Contains(res.Stages[1].Plan, "1 to change") {
		t.Errorf("stage 2 should only flip the router: %+v", res.Stages[1])
	}
	var inProgress []string
	for _, st := range w.srv.Deployments(owner, repo)[1].Statuses {
		if st.State == "in_progress" {
			inProgress = append(inProgress, st.Description)
		}
	}
	if len(inProgress) != 3 || !strings.HasPrefix(inProgress[2], "Stage 2/2: switch traffic from blue to green") {
		t.Errorf("each stage should be a deployment status: %q", inProgress)
	}
}

func TestBlueGreenIdleColorFailsBeforeTheFlip(t *testing.T) {
	t.Parallel()
	w, sha := release(t, "example/bluegreen", greenRelease)
	w.setHealth("green/img-2", http.StatusServiceUnavailable)
	res, log, err := w.deploy(sha, blueGreen)
	if err == nil || !strings.Contains(err.Error(), "Stage 1/2") || !strings.Contains(err.Error(), "/green/img-2") {
		t.Fatalf("want stage 1 to fail on the green URL, got %v\n%s", err, log)
	}
	if results(res) != "failure,not-run" || output(t, res, "active_color") != "blue" {
		t.Errorf("traffic must never move: stages %s, active %s", results(res), output(t, res, "active_color"))
	}
	if deps := w.srv.Deployments(owner, repo); deps[len(deps)-1].State() != "failure" {
		t.Errorf("the deployment should be a failure: %+v", deps[len(deps)-1])
	}
	var issue bool
	for _, is := range w.srv.Issues(owner, repo) {
		issue = issue || (strings.Contains(is.GetTitle(), "blue-green rollout") && strings.Contains(is.GetBody(), "/green/img-2"))
	}
	if !issue {
		t.Error("an issue should name the failed step and URL")
	}
}

func TestBlueGreenFailsAfterTheFlipAndFlipsBack(t *testing.T) {
	t.Parallel()
	w, sha := release(t, "example/bluegreen", greenRelease)
	w.setHealth("live/img-2", http.StatusBadGateway)
	res, log, err := w.deploy(sha, blueGreen)
	if err == nil || !strings.Contains(err.Error(), "Stage 2/2") {
		t.Fatalf("want stage 2 to fail, got %v\n%s", err, log)
	}
	logStages(t, res)
	if results(res) != "success,failure,restored" || res.Stages[2].Values["active_color"] != "blue" {
		t.Errorf("stages %s %+v", results(res), res.Stages)
	}
	if out := w.tfOutput("active_color"); out != "blue" {
		t.Errorf("after the flip back the router must point at blue, state says %q", out)
	}
}

func TestCanaryFailingAtHalfPutsTheWeightBackToZero(t *testing.T) {
	t.Parallel()
	w, sha := release(t, "example/canary", edits(setDefault("image_id", `"img-2"`)))
	w.setHealth("canary/50/img-2", http.StatusInternalServerError)
	res, log, err := w.deploy(sha, func(r *deploy.Request) {
		r.Strategy = deploy.Strategy{Kind: deploy.Canary, CanarySteps: []int{10, 50, 100}}
	})
	var rv *deploy.RevertedError
	if err == nil || errors.As(err, &rv) || !strings.Contains(err.Error(), "canary at 50%") {
		t.Fatalf("want the 50%% step to fail (and no commit rollback), got %v\n%s", err, log)
	}
	logStages(t, res)
	if results(res) != "success,failure,not-run,restored" || res.Stages[3].Values["canary_weight"] != "0" {
		t.Errorf("stages %s: %+v", results(res), res.Stages)
	}
	if url := output(t, res, "health_check_urls"); !strings.Contains(url, "/canary/0/img-2") {
		t.Errorf("after the restore the canary must get no traffic, outputs say %s", url)
	}
}

func TestCanaryStepsMustEndAtTheCommittedWeight(t *testing.T) {
	t.Parallel()
	w, sha := release(t, "example/canary", edits(setDefault("image_id", `"img-2"`)))
	_, _, err := w.deploy(sha, func(r *deploy.Request) {
		r.Strategy = deploy.Strategy{Kind: deploy.Canary, CanarySteps: []int{10, 50}}
	})
	if err == nil || !strings.Contains(err.Error(), "must end at the root's committed canary_weight (100)") {
		t.Fatalf("got %v", err)
	}
}
