package audit_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/audit"
)

func TestHygieneFixtureExactFindings(t *testing.T) {
	repo := filepath.Join(fixture.Repo(t), "testdata", "audit", "hygiene")
	got, err := audit.ScanHygiene(repo, []string{"infra/app", "infra/clean"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(fixture.Repo(t), "testdata", "audit", "hygiene-expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want []audit.Finding
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	key := func(f audit.Finding) string {
		return f.File + ":" + itoa(f.Line) + " " + f.Severity + " " + f.Rule
	}
	var g, w []string
	for _, f := range got {
		g = append(g, key(f))
	}
	for _, f := range want {
		w = append(w, key(f))
	}
	if strings.Join(g, "\n") != strings.Join(w, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(g, "\n"), strings.Join(w, "\n"))
	}
	for _, f := range got {
		if strings.Contains(f.Message, "fixture-literal") || strings.Contains(f.Message, "AKIA") || strings.Contains(f.Message, "fixture, not a key") {
			t.Errorf("a finding echoes the secret: %+v", f)
		}
		if f.Message == "" {
			t.Errorf("finding without a message: %+v", f)
		}
	}
}

func TestHygieneRules(t *testing.T) {
	cases := []struct {
		name, file, text string
		want             []string // rule@line
	}{
		{"tfvars secret", "x.tfvars", "db_password = \"p@ss\"\n", []string{"hard-coded-secret@1"}},
		{"reference is fine", "x.tf", "resource \"a\" \"b\" {\n  password = var.p\n  token = \"${var.t}\"\n}\n", nil},
		{"secret in heredoc", "x.tf", "locals {\n  k = <<EOF\n-----BEGIN RSA PRIVATE KEY-----\nEOF\n}\n", []string{"hard-coded-secret@3"}},
		{"session key", "x.tf", "locals {\n  k = \"ASIAABCDEFGHIJKLMNOP\"\n}\n", []string{"hard-coded-secret@2"}},
		{"legacy provider version", "x.tf", "provider \"aws\" {\n  version = \"~> 5\"\n}\n", nil},
		{"github module without ref", "x.tf", "module \"m\" {\n  source = \"github.com/acme/m\"\n}\n", []string{"module-without-version@2"}},
		{"block comment", "x.tf", "/*\npassword = \"x\"\n*/\n", nil},
		{"aws_ami data source", "x.tf", "data \"aws_ami\" \"u\" {\n  most_recent = true\n}\n", []string{"most-recent-without-owners@2"}},
		{"aws_ami with owners", "x.tf", "data \"aws_ami\" \"u\" {\n  most_recent = true\n  owners = [\"self\"]\n}\n", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, c.file), []byte(c.text), 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := audit.ScanHygiene(dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			var g []string
			for _, f := range got {
				g = append(g, f.Rule+"@"+itoa(f.Line))
			}
			if strings.Join(g, ",") != strings.Join(c.want, ",") {
				t.Errorf("got %v, want %v", g, c.want)
			}
		})
	}
}
