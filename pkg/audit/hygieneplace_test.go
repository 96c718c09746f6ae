package audit_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/audit"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestHygieneBelongsToTheDeepestAuditedRootElseTheRepository(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	const pinned = "terraform {\n  required_version = \">= 1.5\"\n}\n"
	const secret = "locals {\n  api_token = \"t\"\n}\n"
	writeFiles(t, repo, map[string]string{
		"infra/a/main.tf":        pinned + "module \"net\" {\n  source = \"../../modules/net\"\n}\n" + secret,
		"infra/a/nested/main.tf": pinned + secret, // a root of its own inside infra/a
		"infra/b/main.tf":        pinned + secret, // a root this run does not audit
		"modules/net/main.tf":    secret,          // a module: in no root's directory
		"test/fixtures/bad.tf":   secret,          // excluded
		"packer/web.pkr.hcl":     secret,
		"infra/a/ignored.tf":     "# repave:ignore hard-coded-secret a fixture of the test suite\nlocals {\n  api_token = \"t\"\n}\n",
	})
	for _, roots := range [][]string{{"infra/a"}, {"infra/a", "infra/a/nested"}} {
		var audited []audit.RootReport
		for _, r := range roots {
			audited = append(audited, audit.RootReport{Root: r})
		}
		rep := audit.RootReport{Root: audit.RepositoryRoot}
		err := audit.CheckHygiene(audit.Request{Repo: repo, Roots: roots, HygieneExclude: []string{"test/**"}}, audited, &rep)
		if err != nil {
			t.Fatal(err)
		}
		files := func(list []audit.Finding) string {
			var out []string
			for _, f := range list {
				out = append(out, f.File)
			}
			return strings.Join(out, ",")
		}
		// The deepest audited root holding the file.
		wantA := "infra/a/main.tf,infra/a/nested/main.tf"
		if len(roots) == 2 {
			wantA = "infra/a/main.tf"
			if got := files(audited[1].Hygiene); got != "infra/a/nested/main.tf" {
				t.Errorf("roots %v: nested root's findings: %s", roots, got)
			}
		}
		if got := files(audited[0].Hygiene); got != wantA {
			t.Errorf("roots %v: infra/a's findings: %s, want %s", roots, got, wantA)
		}
		if got := files(rep.Hygiene); got != "infra/b/main.tf,modules/net/main.tf,packer/web.pkr.hcl" {
			t.Errorf("roots %v: the repository's findings: %s (test/ is excluded)", roots, got)
		}
		if got := files(audited[0].Suppressed); got != "infra/a/ignored.tf" || audited[0].Suppressed[0].Reason != "a fixture of the test suite" {
			t.Errorf("roots %v: suppressed: %+v", roots, audited[0].Suppressed)
		}
	}
}
