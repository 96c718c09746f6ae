package roots

import (
	"strings"
	"testing"
)

func TestPatternsMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		patterns []string
		dir      string
		want     bool
	}{
		{"double star matches everything", []string{"**"}, "infra/prod/eu", true},
		{"double star matches the repository root", []string{"**"}, ".", true},
		{"no pattern means every directory", nil, "modules/net", true},
		{"under a directory", []string{"infra/**"}, "infra/prod", true},
		{"under a directory, deep", []string{"infra/**"}, "infra/prod/eu/west", true},
		{"the directory itself", []string{"infra/**"}, "infra", true},
		{"a sibling with the same prefix", []string{"infra/**"}, "infrastructure/prod", false},
		{"outside the directory", []string{"infra/**"}, "modules/net", false},
		{"single star stays in one segment", []string{"infra/*"}, "infra/prod/eu", false},
		{"single star", []string{"infra/*"}, "infra/prod", true},
		{"star within a name", []string{"infra/prod-*"}, "infra/prod-eu", true},
		{"double star in the middle", []string{"**/prod"}, "infra/aws/prod", true},
		{"double star in the middle takes zero segments", []string{"**/prod"}, "prod", true},
		{"exclusion after an inclusion", []string{"infra/**", "!infra/sandbox/**"}, "infra/sandbox/x", false},
		{"exclusion leaves the rest", []string{"infra/**", "!infra/sandbox/**"}, "infra/prod", true},
		{"only exclusions start from everything", []string{"!infra/sandbox/**"}, "modules/net", true},
		{"only exclusions exclude", []string{"!infra/sandbox/**"}, "infra/sandbox", false},
		{"the last match wins", []string{"infra/**", "!**/sandbox", "infra/sandbox"}, "infra/sandbox", true},
		{"the repository root by dot", []string{"."}, ".", true},
		{"dot is only the root", []string{"."}, "infra", false},
		{"leading ./ and trailing / are ignored", []string{"./infra/prod/"}, "infra/prod", true},
		{"blank lines and comments are ignored", []string{"", "# roots", "  infra/*  "}, "infra/prod", true},
		{"character class", []string{"infra/[ps]*"}, "infra/staging", true},
		{"alternatives", []string{"infra/{prod,staging}/**"}, "infra/staging/eu", true},
		{"alternatives leave the rest", []string{"infra/{prod,staging}/**"}, "infra/dev", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePatterns(tt.patterns)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Match(tt.dir); got != tt.want {
				t.Errorf("%q matching %q = %v, want %v", tt.patterns, tt.dir, got, tt.want)
			}
		})
	}
}

func TestParsePatternsRejectsBadLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		patterns []string
		want     []string // in the error
	}{
		{[]string{"infra/**", "infra/[prod"}, []string{"line 2", `"infra/[prod"`, "not a valid glob"}},
		{[]string{"infra/{prod"}, []string{"line 1", "not a valid glob"}},
		{[]string{"!"}, []string{"line 1", "excludes nothing"}},
		{[]string{"../other/**"}, []string{"line 1", "inside the repository"}},
		{[]string{"infra//prod"}, []string{"line 1", "inside the repository"}},
	}
	for _, tt := range tests {
		_, err := ParsePatterns(tt.patterns)
		if err == nil {
			t.Errorf("%q: no error", tt.patterns)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q: error %q should say %q", tt.patterns, err, w)
			}
		}
	}
}

func TestMayCallModules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		want bool
	}{
		{`module "vpc" {`, true},
		{"module vpc {", true},
		{"\nmodule\t\"vpc\" {", true},
		{`{"module": {"web": {}}}`, true},
		{`output "id" { value = module.vpc.id }`, false},
		{`value = module .vpc.id`, false},
		{`variable "modules" {}`, false},
		{`locals { my_module = 1 }`, false},
		{`locals { module = 1 }`, false},
		{`variable "x" {}`, false},
		{"", false},
		{`value = module.a.id` + "\n" + `module "b" {`, true},
	}
	for _, tt := range tests {
		if got := mayCallModules([]byte(tt.src)); got != tt.want {
			t.Errorf("mayCallModules(%q) = %v, want %v", tt.src, got, tt.want)
		}
	}
}
