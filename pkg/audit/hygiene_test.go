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
	t.Parallel()
	repo := filepath.Join(fixture.Repo(t), "testdata", "audit", "hygiene")
	res, err := audit.ScanHygiene(repo, audit.HygieneRequest{Roots: []string{"infra/app", "infra/clean"}, Exclude: []string{"**/fixtures/**"}})
	if err != nil {
		t.Fatal(err)
	}
	got := res.Findings
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
	t.Parallel()
	cases := []struct {
		name, file, text string
		want             []string // rule@line
		roots            []string
	}{
		{"tfvars secret", "x.tfvars", "db_password = \"p@ss\"\n", []string{"hard-coded-secret@1"}, nil},
		{"reference is fine", "x.tf", "resource \"a\" \"b\" {\n  password = var.p\n  token = \"${var.t}\"\n}\n", nil, nil},
		{"secret in heredoc", "x.tf", "locals {\n  k = <<EOF\n-----BEGIN RSA PRIVATE KEY-----\nEOF\n}\n", []string{"hard-coded-secret@3"}, nil},
		{"session key", "x.tf", "locals {\n  k = \"ASIAABCDEFGHIJKLMNOP\"\n}\n", []string{"hard-coded-secret@2"}, nil},
		{"legacy provider version", "x.tf", "provider \"aws\" {\n  version = \"~> 5\"\n}\n", nil, nil},
		{"github module without ref", "x.tf", "module \"m\" {\n  source = \"github.com/acme/m\"\n}\n", []string{"module-without-version@2"}, nil},
		{"block comment", "x.tf", "/*\npassword = \"x\"\n*/\n", nil, nil},
		{"aws_ami data source", "x.tf", "data \"aws_ami\" \"u\" {\n  most_recent = true\n}\n", []string{"most-recent-without-owners@2"}, nil},
		{"aws_ami with owners", "x.tf", "data \"aws_ami\" \"u\" {\n  most_recent = true\n  owners = [\"self\"]\n}\n", nil, nil},
		// Parsed, not matched line by line.
		{"one-line required_version", "main.tf", "terraform { required_version = \">= 1.5\" }\n", nil, []string{"."}},
		{"no required_version", "main.tf", "locals {}\n\nterraform {\n  backend \"local\" {}\n}\n", []string{"missing-required-version@3"}, []string{"."}},
		{"one-line provider list", "x.tf", "terraform {\n  required_providers { aws = { source = \"hashicorp/aws\" } }\n}\n", []string{"provider-without-version@2"}, nil},
		{"one-line secret", "x.tf", "resource \"a\" \"b\" { password = \"hunter2\" }\n", []string{"hard-coded-secret@1"}, nil},
		{"secret in a nested block", "x.tf", "resource \"a\" \"b\" {\n  auth {\n    token = \"t\"\n  }\n}\n", []string{"hard-coded-secret@3"}, nil},
		{"bool is no secret", "x.tf", "resource \"a\" \"b\" {\n  password_reset_required = true\n}\n", nil, nil},
		{"string with a brace", "x.tf", "locals {\n  a = \"}\"\n}\nmodule \"m\" {\n  source = \"acme/net/aws\"\n}\n", []string{"module-without-version@4"}, nil},
		// The JSON syntax.
		{"tf.json", "main.tf.json", `{
  "terraform": {"required_providers": {"aws": {"source": "hashicorp/aws"}}},
  "variable": {"db_password": {"default": "p"}},
  "module": {"vpc": {"source": "terraform-aws-modules/vpc/aws"}},
  "data": {"aws_ami": {"u": {"most_recent": true}}},
  "resource": {"a": {"b": {"token": "${var.t}", "password": "lit"}}}
}
`, []string{"missing-required-version@2", "provider-without-version@2", "hard-coded-secret@3", "module-without-version@4", "most-recent-without-owners@5", "hard-coded-secret@6"}, []string{"."}},
		{"tf.json required_version", "main.tf.json", `{"terraform": [{"required_version": ">= 1.5"}]}`, nil, []string{"."}},
		{"pkr.json", "web.pkr.json", `{
  "packer": {"required_plugins": {"amazon": {"source": "github.com/hashicorp/amazon"}}},
  "source": {"amazon-ebs": {"web": {"source_ami_filter": {"most_recent": true}}}}
}
`, []string{"provider-without-version@2", "most-recent-without-owners@3"}, nil},
		{"tfvars.json", "x.tfvars.json", "{\n  \"api_token\": \"t\"\n}\n", []string{"hard-coded-secret@2"}, nil},
		// Suppressions, as tfsec, trivy and checkov users write them.
		{"suppressed on the line", "x.tf", "locals {\n  api_token = \"t\" # repave:ignore hard-coded-secret a public test token\n}\n",
			[]string{"suppressed:hard-coded-secret@2:a public test token"}, nil},
		{"suppressed above the block", "x.tf", "# repave:ignore module-without-version pinned by the lock file\nmodule \"m\" {\n  source = \"acme/net/aws\"\n}\nmodule \"n\" {\n  source = \"acme/net/aws\"\n}\n",
			[]string{"module-without-version@5", "suppressed:module-without-version@2:pinned by the lock file"}, nil},
		{"suppressed inside the block", "x.tf", "data \"aws_ami\" \"u\" {\n  // repave:ignore most-recent-without-owners our own account only\n  name_regex = \"^web-\"\n  most_recent = true\n}\n",
			[]string{"suppressed:most-recent-without-owners@4:our own account only"}, nil},
		{"suppression names another rule", "x.tf", "locals {\n  api_token = \"t\" # repave:ignore module-without-version wrong rule\n}\n", []string{"hard-coded-secret@2"}, nil},
		{"suppression without a reason", "x.tf", "locals {\n  api_token = \"t\" # repave:ignore hard-coded-secret\n}\n", []string{"hard-coded-secret@2", "invalid-suppression@2"}, nil},
		{"the README's examples", "x.tf", `resource "aws_db_instance" "test" {
  # repave:ignore hard-coded-secret throwaway password of the CI database
  password = "ci-only"
}

module "vpc" { # repave:ignore module-without-version pinned by .terraform.lock.hcl
  source = "terraform-aws-modules/vpc/aws"
}
`, []string{"suppressed:hard-coded-secret@3:throwaway password of the CI database", "suppressed:module-without-version@6:pinned by .terraform.lock.hcl"}, nil},
		{"suppressed in JSON", "main.tf.json", `{
  "module": {"vpc": {"//": "repave:ignore module-without-version vendored", "source": "terraform-aws-modules/vpc/aws"}}
}
`, []string{"suppressed:module-without-version@2:vendored"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, c.file), []byte(c.text), 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := audit.ScanHygiene(dir, audit.HygieneRequest{Roots: c.roots})
			if err != nil {
				t.Fatal(err)
			}
			var g []string
			for _, f := range res.Findings {
				g = append(g, f.Rule+"@"+itoa(f.Line))
			}
			for _, f := range res.Suppressed {
				g = append(g, "suppressed:"+f.Rule+"@"+itoa(f.Line)+":"+f.Reason)
			}
			if strings.Join(g, ",") != strings.Join(c.want, ",") {
				t.Errorf("got %v, want %v", g, c.want)
			}
		})
	}
}

func FuzzScanHygiene(f *testing.F) {
	for _, name := range []string{"infra/app/main.tf", "infra/app/terraform.tfvars", "packer/web.pkr.hcl"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "audit", "hygiene", filepath.FromSlash(name)))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(filepath.Base(name), b)
	}
	f.Add("main.tf.json", []byte(`{"module": {"m": [{"//": "repave:ignore module-without-version x", "source": "a/b/c"}]}, "terraform": {"required_providers": {"aws": {}}}}`))
	f.Add("x.tf", []byte("# repave:ignore hard-coded-secret why\nresource \"a\" \"b\" { password = \"p\" } # repave:ignore\n"))
	f.Fuzz(func(t *testing.T, name string, src []byte) {
		if !strings.HasSuffix(name, ".json") {
			name = "x.tf"
		}
		findings, _ := audit.ScanSource(name, src)
		for _, fd := range findings {
			if fd.Line < 1 || fd.Message == "" || fd.File != name {
				t.Fatalf("bad finding %+v", fd)
			}
		}
	})
}
