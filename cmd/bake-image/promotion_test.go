package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/images"
)

const promoToken = "ghs_promoterAPPTOKEN0123456789"

// With promotion-token, the branch is pushed and the pull request opened as
// that identity (a GitHub App or a PAT), so GitHub starts the PR's workflows;
// with only GITHUB_TOKEN a notice says none will start and how to fix it.
func TestPromotionPullRequestUsesThePromotionToken(t *testing.T) {
	if testing.Short() {
		t.Skip("slower than 2 s: real terraform, packer or git runs")
	}
	work := checkout(t)
	srv := newGitHub(t, work)
	srv.AddToken(promoToken, "repave-promoter[bot]")
	r := runAction(t, work, srv, map[string]string{"template": "packer/web", "version": "1.4.0", "channel": "prod", "promotion-token": promoToken})
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	pulls := srv.Pulls("acme", "infra")
	if len(pulls) != 1 || pulls[0].Author != "repave-promoter[bot]" {
		t.Fatalf("pulls = %+v, want one opened by repave-promoter[bot]", pulls)
	}
	if strings.Contains(r.Log, "::notice") || strings.Count(r.Log, promoToken) != strings.Count(r.Log, "::add-mask::"+promoToken) {
		t.Errorf("no notice and no token in the log with a promotion-token:\n%s", r.Log)
	}

	work = checkout(t)
	srv = newGitHub(t, work)
	r = runAction(t, work, srv, map[string]string{"template": "packer/web", "version": "1.4.0", "channel": "prod"})
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	for _, want := range []string{"::notice title=Promotion starts no workflows::", "GITHUB_TOKEN", "promotion-token", "Allow GitHub Actions to create and approve pull requests"} {
		if !strings.Contains(r.Log, want) {
			t.Errorf("log lacks %q:\n%s", want, r.Log)
		}
	}
}

// artifact-from picks which artifact of a build with several post-processor
// sequences is recorded; the default is the builder's own.
func TestBakeRecordsTheChosenArtifact(t *testing.T) {
	if testing.Short() {
		t.Skip("slower than 2 s: real terraform, packer or git runs")
	}
	work := t.TempDir()
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", "packer", "sequences"), filepath.Join(work, "packer", "seq"))
	r := runAction(t, work, nil, map[string]string{"template": "packer/seq", "version": "1.0.0", "promote-via": "none"})
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	if got := r.Outputs["artifacts"]; got != `{"file":"out/disk-1.0.0.img"}` {
		t.Errorf("artifacts = %s, want the file builder's own", got)
	}
	r = runAction(t, work, nil, map[string]string{"template": "packer/seq", "version": "1.0.1", "promote-via": "none", "artifact-from": "last"})
	if r.Code != 1 || !strings.Contains(r.Log, "build web.file.disk") || !strings.Contains(r.Log, "empty id at line") {
		t.Errorf("exit %d, want the checksum artifact's empty id refused, naming the build and line:\n%s", r.Code, r.Log)
	}
	reg, _ := images.Load(filepath.Join(work, "images"), "seq")
	if reg.Find("1.0.1") != nil {
		t.Error("a refused artifact must record nothing")
	}
	if _, err := os.Stat(filepath.Join(work, "images", "seq.json")); err != nil {
		t.Error(err)
	}
}
