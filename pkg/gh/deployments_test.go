package gh_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

func TestMergedPullRequestFindsThePRByItsMergeCommit(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddPull("acme", "infra", ghtest.PullRequest{Number: 3, HeadSHA: "head3", Merged: true, MergeCommitSHA: "merge3"})
	srv.AddPull("acme", "infra", ghtest.PullRequest{Number: 4, HeadSHA: "merge3"}) // an open PR built on top of it
	srv.AddPull("acme", "infra", ghtest.PullRequest{Number: 5, HeadSHA: "head5", Merged: true, MergeCommitSHA: "merge5", BaseRef: "release"})
	c, _ := newClient(t, srv, actionsToken)
	ctx := context.Background()

	pr, err := c.MergedPullRequest(ctx, "acme", "infra", "merge3", "main")
	if err != nil || pr.GetNumber() != 3 {
		t.Fatalf("got %v, %v; want PR #3", pr.GetNumber(), err)
	}
	if pr, err := c.MergedPullRequest(ctx, "acme", "infra", "merge5", "main"); err != nil || pr != nil {
		t.Errorf("a PR merged into another base must not count: got #%d, %v", pr.GetNumber(), err)
	}
	if pr, err := c.MergedPullRequest(ctx, "acme", "infra", "direct-push", "main"); err != nil || pr != nil {
		t.Errorf("a direct push has no PR: got #%d, %v", pr.GetNumber(), err)
	}
}

func TestDeploymentLifecycle(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c, _ := newClient(t, srv, actionsToken)
	ctx := context.Background()
	var ids []int64
	for _, sha := range []string{"aaa", "bbb"} {
		d, err := c.CreateDeployment(ctx, "acme", "infra", gh.NewDeployment{
			SHA: sha, Environment: "production", Description: strings.Repeat("long ", 50),
			Payload: map[string]any{"root": "infra/web", "workspace": "default"},
		})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.GetID())
		if err := c.SetDeploymentStatus(ctx, "acme", "infra", d.GetID(), gh.StateSuccess, "applied", "https://run"); err != nil {
			t.Fatal(err)
		}
	}
	var seen []string
	err := c.EachDeployment(ctx, "acme", "infra", "production", 0, func(d *github.Deployment) (bool, error) {
		var p struct{ Root string }
		if err := json.Unmarshal(d.Payload, &p); err != nil {
			return false, err
		}
		seen = append(seen, d.GetSHA()+":"+p.Root)
		return true, nil
	})
	if err != nil || strings.Join(seen, ",") != "bbb:infra/web,aaa:infra/web" {
		t.Fatalf("deployments newest first = %v, %v", seen, err)
	}
	// Production deployments are not made inactive by GitHub; both are still success.
	for _, id := range ids {
		if st, err := c.DeploymentState(ctx, "acme", "infra", id); err != nil || st != gh.StateSuccess {
			t.Errorf("deployment %d state = %q, %v", id, st, err)
		}
	}
}

func TestDeploymentPermissionHint(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.FailNext("POST", "/deployments", 1, ghtest.Fault{Status: 403,
		Body: `{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest/deployments/deployments#create-a-deployment","status":"403"}`})
	c, _ := newClient(t, srv, actionsToken)
	_, err := c.CreateDeployment(context.Background(), "acme", "infra", gh.NewDeployment{SHA: "aaa", Environment: "production"})
	var ae *gh.APIError
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), "permissions: deployments: write") {
		t.Fatalf("want a hint naming `permissions: deployments: write`, got %v", err)
	}
}

// Anyone with write access can create deployments and statuses, and GitHub
// records who did: the creator is what repave checks before trusting one.
func TestDeploymentsAndStatusesRecordTheirCreator(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	ctx := context.Background()
	bot, _ := newClient(t, srv, actionsToken)
	alice, _ := newClient(t, srv, patToken)
	d, err := alice.CreateDeployment(ctx, owner, repo, gh.NewDeployment{SHA: "unmerged", Environment: "production"})
	if err != nil {
		t.Fatal(err)
	}
	if err := bot.SetDeploymentStatus(ctx, owner, repo, d.GetID(), gh.StateSuccess, "looks fine", ""); err != nil {
		t.Fatal(err)
	}
	st, err := alice.LatestDeploymentStatus(ctx, owner, repo, d.GetID())
	if err != nil || st.GetState() != gh.StateSuccess || st.GetCreator().GetLogin() != gh.ActionsBot {
		t.Fatalf("latest status = %+v, %v; want success by %s", st, err, gh.ActionsBot)
	}
	if err := alice.SetDeploymentStatus(ctx, owner, repo, d.GetID(), gh.StateSuccess, "mine", ""); err != nil {
		t.Fatal(err)
	}
	if st, _ := bot.LatestDeploymentStatus(ctx, owner, repo, d.GetID()); st.GetCreator().GetLogin() != "alice" {
		t.Errorf("latest status creator = %q, want alice", st.GetCreator().GetLogin())
	}
	var creator string
	bot.EachDeployment(ctx, owner, repo, "production", 0, func(d *github.Deployment) (bool, error) {
		creator = d.GetCreator().GetLogin()
		return false, nil
	})
	if creator != "alice" {
		t.Errorf("deployment creator = %q, want alice", creator)
	}
	for login, want := range map[string]bool{"GitHub-Actions[bot]": true, "alice": false, "": false} {
		if got, err := bot.Ours(ctx, login); err != nil || got != want {
			t.Errorf("Ours(%q) = %v, %v; want %v", login, got, err, want)
		}
	}
	if st, err := bot.LatestDeploymentStatus(ctx, owner, repo, 999999); err == nil {
		t.Errorf("a missing deployment: %+v, want an error", st)
	}
}

func TestFailDeploymentStatusHitsOnlyThatState(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	ctx := context.Background()
	c, _ := newClient(t, srv, actionsToken, func(o *gh.Options) { o.MaxWait = time.Nanosecond })
	d, err := c.CreateDeployment(ctx, owner, repo, gh.NewDeployment{SHA: "aaa", Environment: "production"})
	if err != nil {
		t.Fatal(err)
	}
	srv.FailDeploymentStatus(gh.StateSuccess, 1, ghtest.ServerError(502))
	if err := c.SetDeploymentStatus(ctx, owner, repo, d.GetID(), gh.StateInProgress, "", ""); err != nil {
		t.Fatalf("in_progress: %v", err)
	}
	if err := c.SetDeploymentStatus(ctx, owner, repo, d.GetID(), gh.StateSuccess, "", ""); err == nil {
		t.Fatal("want the injected 502 on the success status")
	}
	if err := c.SetDeploymentStatus(ctx, owner, repo, d.GetID(), gh.StateSuccess, "", ""); err != nil {
		t.Fatalf("the fault should be used up: %v", err)
	}
	if got := srv.Deployments(owner, repo)[0].Statuses; len(got) != 2 {
		t.Errorf("statuses = %+v, want in_progress and one success", got)
	}
}
