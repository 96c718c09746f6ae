package gh_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

func pullWithFiles(t *testing.T, n int) (*ghtest.Server, []string) {
	t.Helper()
	srv := newServer(t)
	srv.AddPull(owner, repo, ghtest.PullRequest{Number: 7, HeadSHA: "abc123"})
	files := make([]ghtest.PullFile, n)
	want := make([]string, n)
	for i := range files {
		files[i] = ghtest.PullFile{Filename: fmt.Sprintf("infra/r%04d/main.tf", i), Additions: 1}
		want[i] = files[i].Filename
	}
	srv.SetPullFiles(owner, repo, 7, files)
	return srv, want
}

func TestPullRequestFilesReadsEveryPageAtOneHundred(t *testing.T) {
	t.Parallel()
	srv, want := pullWithFiles(t, 250)
	c, _ := newClient(t, srv, actionsToken)
	got, err := c.PullRequestFiles(context.Background(), owner, repo, 7)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %d files (%v...), want the 250 in order", len(got), got[:min(3, len(got))])
	}
	var queries []string
	for _, r := range srv.Requests() {
		if strings.HasSuffix(r.Path, "/pulls/7/files") {
			queries = append(queries, r.Query)
		}
	}
	if len(queries) != 3 || !strings.Contains(queries[0], "per_page=100") || !strings.Contains(queries[2], "page=3") {
		t.Errorf("want 3 pages of 100, got requests %q", queries)
	}
}

func TestPullRequestFilesGivesBothNamesOfARename(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddPull(owner, repo, ghtest.PullRequest{Number: 3, HeadSHA: "abc"})
	srv.SetPullFiles(owner, repo, 3, []ghtest.PullFile{
		{Filename: "infra/b/main.tf", Status: "renamed", PreviousFilename: "infra/a/main.tf"},
		{Filename: "modules/net/old.tf", Status: "removed", Deletions: 4},
		{Filename: "infra/c/new.tf", Status: "added", Additions: 2},
	})
	c, _ := newClient(t, srv, actionsToken)
	got, err := c.PullRequestFiles(context.Background(), owner, repo, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"infra/b/main.tf", "infra/a/main.tf", "modules/net/old.tf", "infra/c/new.tf"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestPullRequestFilesRetriesAServerErrorMidway(t *testing.T) {
	t.Parallel()
	srv, want := pullWithFiles(t, 150)
	srv.FailNext(http.MethodGet, "/pulls/7/files", 1, ghtest.ServerError(http.StatusBadGateway))
	c, _ := newClient(t, srv, actionsToken)
	got, err := c.PullRequestFiles(context.Background(), owner, repo, 7)
	if err != nil || len(got) != len(want) {
		t.Fatalf("got %d files, err %v; want %d after a retry", len(got), err, len(want))
	}
}

func TestPullRequestFilesAtGitHubsLimitIsAnError(t *testing.T) {
	t.Parallel()
	srv, _ := pullWithFiles(t, 3100)
	c, _ := newClient(t, srv, actionsToken)
	_, err := c.PullRequestFiles(context.Background(), owner, repo, 7)
	var tm *gh.TooManyFilesError
	if !errors.As(err, &tm) {
		t.Fatalf("err = %v, want a *gh.TooManyFilesError", err)
	}
	for _, s := range []string{"#7", "3000", "fetch-depth: 0"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q should mention %q", err, s)
		}
	}
	if n := srv.Count(http.MethodGet, "/pulls/7/files"); n != 30 {
		t.Errorf("%d requests, want 30 pages of 100 (GitHub lists 3000 files at most)", n)
	}
}

func TestPullRequestFilesOfAMissingPullRequestNamesIt(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c, _ := newClient(t, srv, actionsToken)
	_, err := c.PullRequestFiles(context.Background(), owner, repo, 99)
	if err == nil || !strings.Contains(err.Error(), "#99") || !strings.Contains(err.Error(), "404") {
		t.Fatalf("err = %v, want a 404 naming pull request #99", err)
	}
}
