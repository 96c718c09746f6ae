package roots

import (
	"slices"
	"strings"
	"testing"
)

// monorepo is a repository with nested roots, nested and shared modules, a
// cycle, a JSON configuration, a module that is gone, and calls that are not
// local.
var monorepo = map[string]string{
	"infra/prod/main.tf": mod("net", "../../modules/net") + mod("app", "./app") +
		mod("consul", "hashicorp/consul/aws") + mod("git", "git::https://example.com/m.git"),
	"infra/prod/app/main.tf":                       mod("db", "../../../modules/db"),
	"infra/staging/main.tf":                        mod("net", "../../modules/net"),
	"infra/staging/vars.tf":                        `variable "region" { default = "eu-west-1" }`,
	"infra/dev/main.tf.json":                       `{"module": {"web": {"source": "../../modules/web"}}}`,
	"infra/tools/main.tf":                          `resource "terraform_data" "x" {}`,
	"infra/tools/sub/main.tf":                      `resource "terraform_data" "y" {}`,
	"infra/cyc/main.tf":                            mod("a", "../../modules/a"),
	"infra/gone/main.tf":                           mod("old", "../../modules/old"),
	"infra/outside/main.tf":                        mod("up", "../../../elsewhere"),
	"infra/broken/main.tf":                         "module \"x\" {\n  source = \"../../modules/db\"\n}\nresource {",
	"infra/dynamic/main.tf":                        "module \"x\" {\n  source = \"../../modules/${var.name}\"\n}\n",
	"modules/net/main.tf":                          mod("subnet", "../subnet"),
	"modules/subnet/main.tf":                       `variable "cidr" {}`,
	"modules/db/main.tf":                           `variable "size" {}`,
	"modules/web/main.tf":                          `variable "image" {}`,
	"modules/a/main.tf":                            mod("b", "../b"),
	"modules/b/main.tf":                            mod("a", "../a"),
	"modules/unused/main.tf":                       `variable "x" {}`,
	"infra/staging/.terraform/modules/net/main.tf": mod("zzz", "../../../../modules/unused"),
	"README.md":                                    "# infra",
}

func TestRootsAreChosenConfigurationsThatNobodyCalls(t *testing.T) {
	t.Parallel()
	repo, err := Scan(writeTree(t, monorepo))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		patterns []string
		want     []string
	}{
		{[]string{"infra/**"}, []string{"infra/broken", "infra/cyc", "infra/dev", "infra/dynamic", "infra/gone", "infra/outside", "infra/prod", "infra/staging", "infra/tools", "infra/tools/sub"}},
		{[]string{"infra/*", "!infra/[bdo]*", "!infra/gone"}, []string{"infra/cyc", "infra/prod", "infra/staging", "infra/tools"}},
		// modules/unused is called only from a hidden .terraform directory, which is not read.
		{[]string{"modules/**"}, []string{"modules/unused"}},
	}
	for _, tt := range tests {
		p, err := ParsePatterns(tt.patterns)
		if err != nil {
			t.Fatal(err)
		}
		if got := repo.Roots(p); !slices.Equal(got, tt.want) {
			t.Errorf("roots %q = %q, want %q", tt.patterns, got, tt.want)
		}
	}
}

func TestChangedRoots(t *testing.T) {
	t.Parallel()
	repo, err := Scan(writeTree(t, monorepo))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := ParsePatterns([]string{"infra/**"})
	roots := repo.Roots(p)
	tests := []struct {
		name  string
		files []string
		want  []string
	}{
		{"a root's own file", []string{"infra/staging/vars.tf"}, []string{"infra/staging"}},
		{"any file under a root", []string{"infra/staging/templates/user-data.sh"}, []string{"infra/staging"}},
		{"a leading ./ is ignored", []string{"./infra/staging/main.tf"}, []string{"infra/staging"}},
		{"a nested root owns its own files", []string{"infra/tools/sub/main.tf"}, []string{"infra/tools/sub"}},
		{"the outer root owns the rest", []string{"infra/tools/main.tf"}, []string{"infra/tools"}},
		{"a nested module changes the root calling it", []string{"infra/prod/app/main.tf"}, []string{"infra/prod"}},
		{"a shared module changes every caller", []string{"modules/net/main.tf"}, []string{"infra/prod", "infra/staging"}},
		{"transitively, outside every root", []string{"modules/subnet/variables.tf"}, []string{"infra/prod", "infra/staging"}},
		{"transitively through a nested module", []string{"modules/db/main.tf"}, []string{"infra/broken", "infra/prod"}},
		{"a JSON configuration's call", []string{"modules/web/main.tf"}, []string{"infra/dev"}},
		{"a cycle is followed once", []string{"modules/b/main.tf"}, []string{"infra/cyc"}},
		{"a deleted module still called", []string{"modules/old/main.tf"}, []string{"infra/gone"}},
		{"a deleted root is not planned", []string{"infra/removed/main.tf"}, nil},
		{"a renamed file changes both roots", []string{"infra/tools/moved.tf", "infra/staging/moved.tf"}, []string{"infra/staging", "infra/tools"}},
		{"a module nobody calls", []string{"modules/unused/main.tf"}, nil},
		{"a call leaving the repository is ignored", []string{"elsewhere/main.tf"}, nil},
		{"a non-literal source is ignored", []string{"modules/x/main.tf"}, nil},
		{"files outside every configuration", []string{"README.md", "docs/runbook.md", ".github/workflows/ci.yml"}, nil},
		{"no files", nil, nil},
		{"many at once, each root once", []string{"modules/net/main.tf", "infra/staging/main.tf", "modules/web/main.tf"}, []string{"infra/dev", "infra/prod", "infra/staging"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := repo.Changed(roots, tt.files); !slices.Equal(got, tt.want) {
				t.Errorf("changed roots of %q = %q, want %q", tt.files, got, tt.want)
			}
		})
	}
}

func TestScanReadsModuleCallsWithHCL(t *testing.T) {
	t.Parallel()
	repo, err := Scan(writeTree(t, monorepo))
	if err != nil {
		t.Fatal(err)
	}
	calls := map[string][]string{
		"infra/prod":    {"infra/prod/app", "modules/net"},
		"infra/dev":     {"modules/web"},
		"infra/outside": nil,
		"infra/dynamic": nil,
		"modules/a":     {"modules/b"},
		// The broken file's module block before the syntax error still counts.
		"infra/broken": {"modules/db"},
	}
	for dir, want := range calls {
		c := repo.Configs[dir]
		if c == nil {
			t.Errorf("%s not found", dir)
			continue
		}
		if !slices.Equal(c.Calls, want) {
			t.Errorf("%s calls %q, want %q", dir, c.Calls, want)
		}
	}
	if _, ok := repo.Configs["infra/staging/.terraform/modules/net"]; ok {
		t.Error("a .terraform directory was read")
	}
	warned := strings.Join(repo.Warnings, "\n")
	if !strings.Contains(warned, "infra/broken/main.tf") {
		t.Errorf("warnings should name the broken file:\n%s", warned)
	}
}
