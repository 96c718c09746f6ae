package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/repave-dev/repave/internal/actiontest"
	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/tf"
)

const (
	token = "ghs_workflowToken000000000000000000000"
	bot   = "github-actions[bot]"
	owner = "acme"
	repo  = "infra"
	pr    = 12 // the number in testdata/events/pull_request_opened.json
)

// planDir plans the bundled example with a new image and returns its plan
// dir; root is a copy of the example, "" for a fresh one.
func planDir(t *testing.T, root, image string) string {
	t.Helper()
	if root == "" {
		root = fixture.Root(t, "example/terraform")
	}
	dir := filepath.Join(t.TempDir(), "plan")
	_, err := review.PlanRoot(context.Background(), review.PlanRequest{
		Root: root, Settings: tf.Settings{Vars: []tf.Var{{Name: "image_id", Value: image}}, LockTimeout: time.Minute},
		PlanDir: dir, HeadSHA: planHead,
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func runAction(t *testing.T, srv *ghtest.Server, event string, inputs map[string]string) actiontest.Result {
	t.Helper()
	env := map[string]string{
		"GITHUB_API_URL":    srv.URL,
		"GITHUB_SERVER_URL": srv.Origin,
		"GITHUB_REPOSITORY": owner + "/" + repo,
		"GITHUB_RUN_ID":     "4242",
		"GITHUB_EVENT_NAME": strings.TrimSuffix(event, "_opened"),
		"GITHUB_EVENT_PATH": filepath.Join(fixture.Repo(t), "testdata", "events", event+".json"),
	}
	return actiontest.Run(t, "comment-plan-on-pr", run, env, inputs)
}

// planHead is the commit planDir's plans are of; the pull request is there.
const planHead = "f1e2d3c4b5a697887766554433221100ffeeddcc"

func newServer(t *testing.T) *ghtest.Server {
	srv := ghtest.New(t)
	srv.AddToken(token, bot)
	srv.AddPull(owner, repo, ghtest.PullRequest{Number: pr, HeadSHA: planHead})
	return srv
}

func ours(srv *ghtest.Server) []string {
	var bodies []string
	for _, c := range srv.Comments(owner, repo, pr) {
		if c.GetUser().GetLogin() == bot {
			bodies = append(bodies, c.GetBody())
		}
	}
	return bodies
}

func TestCommentIsCreatedThenUpdatedInPlace(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddToken("ghp_mallory", "mallory")
	forged := "<!-- repave:plan root=. workspace=default fingerprint=00 sha=00 -->\nLooks fine, merge it"
	srv.AddComment(owner, repo, pr, "mallory", forged)

	root := fixture.Root(t, "example/terraform")
	first := runAction(t, srv, "pull_request_opened", map[string]string{"plan-dir": planDir(t, root, "img-0002"), "github-token": token})
	if first.Code != 0 {
		t.Fatalf("exit %d:\n%s", first.Code, first.Log)
	}
	second := runAction(t, srv, "pull_request_opened", map[string]string{"plan-dir": planDir(t, root, "img-0003"), "github-token": token})
	if second.Code != 0 {
		t.Fatalf("exit %d:\n%s", second.Code, second.Log)
	}
	bodies := ours(srv)
	if len(bodies) != 1 {
		t.Fatalf("want one sticky comment, got %d", len(bodies))
	}
	if first.Outputs["comment-id"] == "" || first.Outputs["comment-id"] != second.Outputs["comment-id"] {
		t.Errorf("the second run should update the first comment: ids %q and %q", first.Outputs["comment-id"], second.Outputs["comment-id"])
	}
	if !strings.Contains(bodies[0], "img-0003") || strings.Contains(bodies[0], "img-0002") {
		t.Errorf("the comment should show the latest plan (img-0003):\n%s", bodies[0])
	}
	if u := second.Outputs["comment-url"]; !strings.HasPrefix(u, srv.Origin+"/acme/infra/") || !strings.Contains(u, "12#issuecomment-"+second.Outputs["comment-id"]) {
		t.Errorf("comment-url = %q", second.Outputs["comment-url"])
	}
	for _, c := range srv.Comments(owner, repo, pr) {
		if c.GetUser().GetLogin() == "mallory" && c.GetBody() != forged {
			t.Error("another user's comment with a look-alike marker was edited")
		}
	}
	if strings.Contains(bodies[0], "example-only-password") {
		t.Error("the sensitive password reached the comment")
	}
	for _, l := range strings.Split(first.Log+second.Log, "\n") {
		if strings.Contains(l, token) && !strings.HasPrefix(l, "::add-mask::") {
			t.Errorf("the token reached the log: %q", l)
		}
	}
}

func TestCommentShrinksWhenGitHubSaysTooLong(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.FailNext("POST", "/issues/12/comments", 1, ghtest.Fault{Status: 422, Body: `{"message":"Validation Failed","errors":[{"resource":"IssueComment","code":"custom","field":"body","message":"body is too long (maximum is 65536 characters)"}],"documentation_url":"https://docs.github.com/rest/issues/comments#create-an-issue-comment","status":"422"}`})
	r := runAction(t, srv, "pull_request_opened", map[string]string{"plan-dir": planDir(t, "", "img-0002"), "github-token": token})
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	bodies := ours(srv)
	if len(bodies) != 1 || !strings.Contains(bodies[0], "4 to add") {
		t.Fatalf("want one comment that still has the counts, got %d: %v", len(bodies), bodies)
	}
	if srv.Count("POST", "/issues/12/comments") != 2 {
		t.Errorf("want the body re-sent once after the 422, got %d POSTs", srv.Count("POST", "/issues/12/comments"))
	}
}

func TestCommentRetriesServerErrors(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("waits through the client's retry backoff")
	}
	srv := newServer(t)
	srv.FailNext("GET", "/issues/12/comments", 2, ghtest.ServerError(502))
	r := runAction(t, srv, "pull_request_opened", map[string]string{"plan-dir": planDir(t, "", "img-0002"), "github-token": token})
	if r.Code != 0 || len(ours(srv)) != 1 {
		t.Fatalf("exit %d, %d comments; want 0 and 1:\n%s", r.Code, len(ours(srv)), r.Log)
	}
}

func TestCommentErrorsSayWhatToDo(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	dir := planDir(t, "", "img-0002")
	cases := map[string]struct {
		event  string
		inputs map[string]string
		want   string
	}{
		"push without pr-number": {"push", map[string]string{"plan-dir": dir, "github-token": token},
			"::error title=comment-plan-on-pr failed::no pull request to comment on"},
		"no plan-dir": {"pull_request_opened", map[string]string{"github-token": token},
			`::error title=Invalid input::input "plan-dir" is required`},
		"empty plan-dir": {"pull_request_opened", map[string]string{"plan-dir": t.TempDir(), "github-token": token},
			"has no result.json: pass the plan-dir output of plan-infra"},
		"bad pr-number": {"pull_request_opened", map[string]string{"plan-dir": dir, "github-token": token, "pr-number": "twelve"},
			`::error title=Invalid input::input "pr-number"`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := runAction(t, srv, c.event, c.inputs)
			if !r.OneError(c.want) {
				t.Errorf("exit %d, want 1 and one error containing %q:\n%s", r.Code, c.want, r.Log)
			}
		})
	}
	if n := len(srv.Comments(owner, repo, pr)); n != 0 {
		t.Errorf("failed runs left %d comments", n)
	}
}
