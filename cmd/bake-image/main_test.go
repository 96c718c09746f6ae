package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/actiontest"
	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
	"github.com/repave-dev/repave/pkg/images"
)

const (
	token = "ghs_bakeTOKEN0123456789"
	sha   = "a10867b14bb761a232cd80139fbd4c0d33264240" // the push fixture's head
)

type result = actiontest.Result

// checkout is a job's checkout: the bundled example image at packer/web and
// the failing fixture at packer/broken.
func checkout(t *testing.T) string {
	t.Helper()
	work := t.TempDir()
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", "example", "packer", "web"), filepath.Join(work, "packer", "web"))
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", "packer", "failing"), filepath.Join(work, "packer", "broken"))
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", "packer", "invalid"), filepath.Join(work, "packer", "invalid"))
	return work
}

// runAction runs bake-image in work as a push to main would, against srv
// (nil: no GitHub).
func runAction(t *testing.T, work string, srv *ghtest.Server, inputs map[string]string) result {
	t.Helper()
	// The command reads its inputs relative to the working directory, as a
	// job step does: the tests that run it are serial (t.Parallel panics).
	t.Chdir(work)
	env := map[string]string{
		"GITHUB_EVENT_NAME": "push",
		"GITHUB_EVENT_PATH": filepath.Join(fixture.Repo(t), "testdata", "events", "push.json"),
		"GITHUB_REPOSITORY": "acme/infra",
		"GITHUB_REF":        "refs/heads/main",
		"GITHUB_SHA":        sha,
		"GITHUB_SERVER_URL": "https://github.com",
		"GITHUB_RUN_ID":     "42",
	}
	all := map[string]string{}
	if srv != nil {
		env["GITHUB_API_URL"] = srv.URL
		all["github-token"] = token
	}
	for k, v := range inputs {
		all[k] = v
	}
	return actiontest.Run(t, "bake-image", run, env, all)
}

func newGitHub(t *testing.T, work string) *ghtest.Server {
	srv := ghtest.New(t)
	srv.AddToken(token, gh.ActionsBot)
	srv.SetFile("acme", "infra", "main", "README.md", []byte("infra\n"))
	return srv
}

func TestBakeRecordsVersionAndMovesChannelLocally(t *testing.T) {
	work := checkout(t)
	r := runAction(t, work, nil, map[string]string{"template": "packer/web", "version": "1.4.0", "channel": "dev", "promote-via": "none"})
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	want := map[string]string{"version": "1.4.0", "image-id": "output/img-web-1.4.0", "artifacts": `{"file":"output/img-web-1.4.0"}`,
		"registry-file": "images/web.json", "pull-request-url": ""}
	for k, v := range want {
		if r.Outputs[k] != v {
			t.Errorf("output %s = %q, want %q", k, r.Outputs[k], v)
		}
	}
	reg, err := images.Load(filepath.Join(work, "images"), "web")
	if err != nil {
		t.Fatal(err)
	}
	v := reg.Find("1.4.0")
	if v == nil || v.GitSHA != sha || v.PackerRunUUID == "" || v.BuiltAt.IsZero() || reg.Channels["dev"] != "1.4.0" {
		t.Fatalf("registry = %+v", reg)
	}
	if !strings.Contains(r.Log, "::group::packer build packer/web") || !strings.Contains(r.Log, "hardening web 1.4.0: packages, users, sshd") {
		t.Errorf("the log should fold packer's progress in a group:\n%s", r.Log)
	}
	if !strings.Contains(r.Summary, "| git SHA | `"+sha+"` |") {
		t.Errorf("summary:\n%s", r.Summary)
	}

	// The same version again is refused before anything is built.
	r = runAction(t, work, nil, map[string]string{"template": "packer/web", "version": "1.4.0", "promote-via": "none"})
	if r.Code != 1 || !strings.Contains(r.Log, "version 1.4.0 of bucket web is already recorded in images/web.json") || strings.Contains(r.Log, "::group::") {
		t.Errorf("exit %d:\n%s", r.Code, r.Log)
	}
}

func TestBakeDefaultVersionFromShaAndTime(t *testing.T) {
	work := checkout(t)
	r := runAction(t, work, nil, map[string]string{"template": "packer/web/web.pkr.hcl", "promote-via": "none"})
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	if !regexp.MustCompile(`^0\.0\.0-\d{14}-a10867b$`).MatchString(r.Outputs["version"]) {
		t.Errorf("version = %q", r.Outputs["version"])
	}
}

func TestBakeOpensPromotionPRAndPromotesWithoutBuilding(t *testing.T) {
	work := checkout(t)
	srv := newGitHub(t, work)
	r := runAction(t, work, srv, map[string]string{"template": "packer/web", "version": "1.3.2", "channel": "prod", "promote-via": "commit"})
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	main, _ := srv.File("acme", "infra", "main", "images/web.json")
	if !strings.Contains(string(main), `"prod": "1.3.2"`) {
		t.Fatalf("commit mode should move prod on main:\n%s", main)
	}

	r = runAction(t, work, srv, map[string]string{"template": "packer/web", "version": "1.4.0", "channel": "dev"})
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	url := r.Outputs["pull-request-url"]
	if !strings.HasPrefix(url, srv.Origin+"/acme/infra/pull/") {
		t.Fatalf("pull-request-url = %q\n%s", url, r.Log)
	}
	branch, _ := srv.File("acme", "infra", "repave/promote-web-1.4.0", "images/web.json")
	reg, err := images.Parse(branch, "images/web.json")
	if err != nil || reg.Channels["dev"] != "1.4.0" || reg.Channels["prod"] != "1.3.2" || len(reg.Versions) != 2 {
		t.Fatalf("branch registry = %s (%v)", branch, err)
	}

	// workflow_dispatch: promote the recorded 1.4.0 to prod without building.
	r = runAction(t, work, srv, map[string]string{"bucket": "web", "version": "1.4.0", "channel": "prod"})
	if r.Code != 0 || strings.Contains(r.Log, "::group::packer") {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	pulls := srv.Pulls("acme", "infra")
	if len(pulls) != 1 {
		t.Fatalf("want the one PR of branch repave/promote-web-1.4.0 updated, got %d", len(pulls))
	}
	body := pulls[0].Body
	for _, want := range []string{"Promote image web 1.4.0 to prod", "| git SHA | `" + sha + "` |", "| `file` | `output/img-web-1.4.0` | `output/img-web-1.3.2` |",
		"Channel `prod` moves from `1.3.2` (git `a10867b`) to `1.4.0`"} {
		if !strings.Contains(body, want) {
			t.Errorf("PR body lacks %q:\n%s", want, body)
		}
	}
	branch, _ = srv.File("acme", "infra", "repave/promote-web-1.4.0", "images/web.json")
	// The PR keeps the dev move of the first run and adds prod.
	if !strings.Contains(string(branch), `"prod": "1.4.0"`) || !strings.Contains(string(branch), `"dev": "1.4.0"`) || pulls[0].Title != "Promote image web 1.4.0 to prod, dev" {
		t.Errorf("PR %q, branch file:\n%s", pulls[0].Title, branch)
	}
}

func TestBakeFailedBuildRecordsNothing(t *testing.T) {
	work := checkout(t)
	r := runAction(t, work, nil, map[string]string{"template": "packer/broken", "version": "1.0.0", "channel": "dev", "promote-via": "none"})
	if r.Code != 1 || !strings.Contains(r.Log, "non-zero exit status: 3") || len(r.Outputs) != 0 {
		t.Errorf("exit %d, outputs %v:\n%s", r.Code, r.Outputs, r.Log)
	}
	if _, err := os.Stat(filepath.Join(work, "images", "broken.json")); !os.IsNotExist(err) {
		t.Errorf("a failed build must record nothing: %v", err)
	}
	r = runAction(t, work, nil, map[string]string{"template": "packer/invalid", "version": "1.0.0", "promote-via": "none"})
	if r.Code != 1 || !strings.Contains(r.Log, "::error file=packer/invalid/image.pkr.hcl,line=7,title=packer validate::Error: Missing item separator") {
		t.Errorf("want an annotation on the template line:\n%s", r.Log)
	}
}

func TestBakeRejectsBadInputWithOneError(t *testing.T) {
	work := checkout(t)
	cases := map[string]struct {
		inputs map[string]string
		want   string
	}{
		"promote-via": {map[string]string{"template": "packer/web", "promote-via": "email"}, `input "promote-via": "email"`},
		"version":     {map[string]string{"template": "packer/web", "version": "1.4", "promote-via": "none"}, `input "version": "1.4" is not a semantic version`},
		"channel":     {map[string]string{"template": "packer/web", "channel": "Prod!", "promote-via": "none"}, `input "channel": "Prod!" is not a valid name`},
		"token":       {map[string]string{"template": "packer/web"}, `input "github-token" is required`},
		"template":    {map[string]string{"promote-via": "none"}, `input "template" is required`},
		// The Vault inputs are wired: secrets without a Vault address is refused before any build.
		"vault-url": {map[string]string{"template": "packer/web", "promote-via": "none", "secrets": "secret/data/ci/build token | PKR_VAR_build_token"}, `input "vault-url" is required`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r := runAction(t, work, nil, c.inputs)
			if r.Code != 1 || !strings.Contains(r.Log, "::error title=Invalid input::"+c.want) || strings.Count(r.Log, "::error") != 1 {
				t.Errorf("exit %d, want one line containing %q:\n%s", r.Code, c.want, r.Log)
			}
		})
	}
}

func TestPromoteRevokedVersionIsRefused(t *testing.T) {
	work := checkout(t)
	if r := runAction(t, work, nil, map[string]string{"template": "packer/web", "version": "2.0.0", "promote-via": "none"}); r.Code != 0 {
		t.Fatal(r.Log)
	}
	reg, _ := images.Load(filepath.Join(work, "images"), "web")
	_ = reg.Revoke("2.0.0")
	if err := reg.Save(); err != nil {
		t.Fatal(err)
	}
	r := runAction(t, work, nil, map[string]string{"bucket": "web", "version": "2.0.0", "channel": "prod", "promote-via": "none"})
	if r.Code != 1 || !strings.Contains(r.Log, "cannot promote web@prod to version 2.0.0: that version is revoked in images/web.json") {
		t.Errorf("exit %d:\n%s", r.Code, r.Log)
	}
}
