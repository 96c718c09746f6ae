package roots

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

const token = "ghs_discoverTOKEN0123456789"

func prServer(t *testing.T, files []ghtest.PullFile) (*ghtest.Server, *gh.Client) {
	t.Helper()
	srv := ghtest.New(t)
	srv.AddToken(token, gh.ActionsBot)
	srv.AddPull("acme", "infra", ghtest.PullRequest{Number: 12, HeadSHA: "f1e2d3"})
	srv.SetPullFiles("acme", "infra", 12, files)
	c, err := gh.New(gh.Options{Token: token, APIURL: srv.URL, HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func TestChangedFilesPrefersGit(t *testing.T) {
	t.Parallel()
	dir, base := gitRepo(t)
	srv, c := prServer(t, []ghtest.PullFile{{Filename: "infra/prod/main.tf"}})
	ch, err := ChangedFiles(context.Background(), Source{Dir: dir, Base: base, Client: c, Owner: "acme", Repo: "infra", PR: 12})
	if err != nil {
		t.Fatal(err)
	}
	if ch.All || len(ch.Files) != 5 || !strings.HasPrefix(ch.From, "git diff "+base) {
		t.Errorf("changes = %+v, want the 5 files from git", ch)
	}
	if n := srv.Count(http.MethodGet, "/files"); n != 0 {
		t.Errorf("%d requests for the PR's files, want none when git knows", n)
	}
}

func TestChangedFilesFallsBackToThePullRequest(t *testing.T) {
	t.Parallel()
	dir, base := gitRepo(t)
	shallow := t.TempDir()
	run(t, shallow, "clone", "-q", "--depth", "1", "--branch", "change", "file://"+dir, "repo")
	_, c := prServer(t, []ghtest.PullFile{
		{Filename: "infra/tools/vars.tf", Status: "renamed", PreviousFilename: "infra/staging/vars.tf"},
		{Filename: "modules/db/main.tf"},
	})
	src := Source{Dir: filepath.Join(shallow, "repo"), Base: base, Client: c, Owner: "acme", Repo: "infra", PR: 12}
	ch, err := ChangedFiles(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"infra/tools/vars.tf", "infra/staging/vars.tf", "modules/db/main.tf"}
	if ch.All || !slices.Equal(ch.Files, want) || !strings.Contains(ch.From, "pull request #12") || !strings.Contains(ch.From, "fetch-depth: 0") {
		t.Errorf("changes = %+v, want %q from the pull request, saying why git could not tell", ch, want)
	}
	p, _ := ParsePatterns([]string{"infra/**"})
	res, err := Discover(src.Dir, p, ch, Consumers{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"infra/broken", "infra/prod", "infra/staging", "infra/tools"}; !slices.Equal(res.Changed, want) {
		t.Errorf("changed roots = %q, want %q", res.Changed, want)
	}
}

func TestChangedFilesWithoutHistoryOrPullRequestIsEveryRoot(t *testing.T) {
	t.Parallel()
	dir := writeTree(t, monorepo)
	ch, err := ChangedFiles(context.Background(), Source{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if !ch.All || !strings.Contains(ch.From, "every root") {
		t.Fatalf("changes = %+v, want All", ch)
	}
	p, _ := ParsePatterns([]string{"infra/*"})
	res, err := Discover(dir, p, ch, Consumers{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Changed, res.Roots) || len(res.Roots) != 9 {
		t.Errorf("changed = %q, want every one of the 9 roots %q", res.Changed, res.Roots)
	}
}

func TestChangedFilesReportsGitHubErrors(t *testing.T) {
	t.Parallel()
	_, c := prServer(t, nil)
	_, err := ChangedFiles(context.Background(), Source{Dir: t.TempDir(), Client: c, Owner: "acme", Repo: "infra", PR: 404})
	var apiErr *gh.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusNotFound {
		t.Fatalf("err = %v, want GitHub's 404", err)
	}
}
