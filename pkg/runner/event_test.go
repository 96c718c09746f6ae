package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runnerEnv is what the runner sets for a run of acme/infra.
func runnerEnv(event, payload string) map[string]string {
	return map[string]string{
		"GITHUB_ACTIONS":     "true",
		"GITHUB_EVENT_NAME":  event,
		"GITHUB_EVENT_PATH":  payload,
		"GITHUB_REPOSITORY":  "acme/infra",
		"GITHUB_SHA":         "ffffffffffffffffffffffffffffffffffffffff",
		"GITHUB_REF":         "refs/heads/main",
		"GITHUB_SERVER_URL":  "https://github.com",
		"GITHUB_RUN_ID":      "15123456789",
		"GITHUB_RUN_ATTEMPT": "1",
		"GITHUB_WORKSPACE":   "/home/runner/work/infra/infra",
	}
}

func TestEventFromPayloads(t *testing.T) {
	t.Parallel()
	const runSHA = "ffffffffffffffffffffffffffffffffffffffff"
	tests := []struct {
		event, file string
		ref         string // GITHUB_REF for the event
		want        Event
	}{
		{"pull_request", "pull_request_opened.json", "refs/pull/12/merge", Event{
			PRNumber: 12, HeadSHA: "f1e2d3c4b5a697887766554433221100ffeeddcc", HeadRef: "image-1.4.0", BaseRef: "main", BaseSHA: "6dcb09b5b57875f334f61aebed695e2e4193db5e",
		}},
		{"pull_request", "pull_request_fork.json", "refs/pull/13/merge", Event{
			PRNumber: 13, HeadSHA: "abcdefabcdefabcdefabcdefabcdefabcdefabcd", HeadRef: "fix-typo", BaseRef: "main", Fork: true, BaseSHA: "6dcb09b5b57875f334f61aebed695e2e4193db5e",
		}},
		{"pull_request_target", "pull_request_target_deleted_fork.json", "refs/heads/main", Event{
			PRNumber: 14, HeadSHA: "1111111111111111111111111111111111111111", HeadRef: "gone", BaseRef: "main", Fork: true, BaseSHA: "6dcb09b5b57875f334f61aebed695e2e4193db5e",
		}},
		{"push", "push.json", "refs/heads/main", Event{HeadSHA: "a10867b14bb761a232cd80139fbd4c0d33264240", BaseSHA: "6dcb09b5b57875f334f61aebed695e2e4193db5e"}},
		{"workflow_dispatch", "workflow_dispatch.json", "refs/heads/main", Event{HeadSHA: runSHA}},
		{"schedule", "schedule.json", "refs/heads/main", Event{HeadSHA: runSHA}},
		{"issue_comment", "issue_comment_pr.json", "refs/heads/main", Event{PRNumber: 12}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			env := runnerEnv(tt.event, filepath.Join("..", "..", "testdata", "events", tt.file))
			env["GITHUB_REF"] = tt.ref
			r, _ := newTest(env)
			got, err := r.Event()
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			want.Name, want.Owner, want.Repo = tt.event, "acme", "infra"
			want.SHA, want.Ref = runSHA, tt.ref
			want.DefaultBranch = "main"
			want.RunURL = "https://github.com/acme/infra/actions/runs/15123456789"
			want.Workspace = "/home/runner/work/infra/infra"
			if *got != want {
				t.Errorf("Event:\n got %+v\nwant %+v", *got, want)
			}
		})
	}
}

func TestEventRunURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"first attempt", map[string]string{"GITHUB_REPOSITORY": "acme/infra", "GITHUB_RUN_ID": "7", "GITHUB_RUN_ATTEMPT": "1"},
			"https://github.com/acme/infra/actions/runs/7"},
		{"re-run", map[string]string{"GITHUB_REPOSITORY": "acme/infra", "GITHUB_RUN_ID": "7", "GITHUB_RUN_ATTEMPT": "3"},
			"https://github.com/acme/infra/actions/runs/7/attempts/3"},
		{"GHES", map[string]string{"GITHUB_SERVER_URL": "https://ghe.example.com/", "GITHUB_REPOSITORY": "acme/infra", "GITHUB_RUN_ID": "7"},
			"https://ghe.example.com/acme/infra/actions/runs/7"},
		{"outside a runner", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := newTest(tt.env)
			e, err := r.Event()
			if err != nil {
				t.Fatal(err)
			}
			if e.RunURL != tt.want {
				t.Errorf("RunURL = %q, want %q", e.RunURL, tt.want)
			}
		})
	}
}

func TestEventPayloadProblems(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "event.json")
	if err := os.WriteFile(bad, []byte(`{"pull_request": {`), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.json")

	r, _ := newTest(map[string]string{"GITHUB_EVENT_PATH": bad})
	if _, err := r.Event(); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("malformed payload: err = %v, want one naming %s", err, bad)
	}

	r, _ = newTest(map[string]string{"GITHUB_EVENT_PATH": missing, "GITHUB_REPOSITORY": "acme/infra", "GITHUB_SHA": "abc"})
	e, err := r.Event()
	if err != nil {
		t.Fatalf("missing payload outside a runner: %v", err)
	}
	if e.PRNumber != 0 || e.Owner != "acme" || e.Repo != "infra" || e.HeadSHA != "abc" {
		t.Errorf("Event = %+v", e)
	}

	r, _ = newTest(map[string]string{"GITHUB_EVENT_PATH": missing, "GITHUB_ACTIONS": "true"})
	if _, err := r.Event(); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing payload on a runner: err = %v, want one naming %s", err, missing)
	}

	r, _ = newTest(nil)
	if e, err := r.Event(); err != nil || *e != (Event{}) {
		t.Errorf("nothing set: %+v, %v", e, err)
	}
}

func TestEventRepositoryFromPayload(t *testing.T) {
	t.Parallel()
	// act and local runs may lack GITHUB_REPOSITORY; the payload knows it.
	r, _ := newTest(map[string]string{"GITHUB_EVENT_PATH": filepath.Join("..", "..", "testdata", "events", "push.json"), "GITHUB_EVENT_NAME": "push"})
	e, err := r.Event()
	if err != nil {
		t.Fatal(err)
	}
	if e.Owner != "acme" || e.Repo != "infra" {
		t.Errorf("Owner/Repo = %q/%q, want acme/infra", e.Owner, e.Repo)
	}
}
