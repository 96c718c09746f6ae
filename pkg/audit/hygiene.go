package audit

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/repave-dev/repave/pkg/input"
)

// Hygiene rules.
const (
	RuleSecret          = "hard-coded-secret"
	RuleProviderVersion = "provider-without-version"
	RuleModuleVersion   = "module-without-version"
	RuleMostRecent      = "most-recent-without-owners"
	RuleRequiredVersion = "missing-required-version"
	// RuleSuppression is a repave:ignore comment that names no rule or
	// gives no reason: it suppresses nothing.
	RuleSuppression = "invalid-suppression"
)

// Rules are the hygiene rules a suppression may name.
var Rules = []string{RuleSecret, RuleProviderVersion, RuleModuleVersion, RuleMostRecent, RuleRequiredVersion}

// Finding is one hygiene problem at a file and line. Message never contains a
// secret: only where it is and what kind.
type Finding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"` // "error" or "warning"
	File     string `json:"file"`     // relative to the repository root, with '/'
	Line     int    `json:"line"`
	Message  string `json:"message"`
	// Reason is why it is suppressed (suppressed findings only).
	Reason string `json:"reason,omitempty"`
}

// HygieneRequest says what ScanHygiene reads.
type HygieneRequest struct {
	// Roots (relative to the repository) are checked for required_version.
	Roots []string
	// Exclude are globs (doublestar: `**` any depth) of files and
	// directories not to read, relative to the repository root.
	Exclude []string
}

// HygieneResult is what ScanHygiene found: the findings, and those that a
// repave:ignore comment suppressed (with its reason).
type HygieneResult struct {
	Findings   []Finding
	Suppressed []Finding
}

var (
	awsKeyRE     = regexp.MustCompile(`\b(AKIA|ASIA)[0-9A-Z]{16}\b`)
	privateKeyRE = regexp.MustCompile(`-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----`)
	notSecretRE  = regexp.MustCompile(`(?i)(_name|_arn|_id|_ids|_length|_ttl|_version|_path|_policy|_type|_key_id|_ref|_file|_rotation|_enabled|_count)$`)
	registryRE   = regexp.MustCompile(`^([A-Za-z0-9.-]+/)?[A-Za-z0-9_-]+/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+(//.*)?$`)
)

// hygieneExts are the files the rules read: Terraform and Packer, in both
// of HCL's syntaxes, and their variable files.
var hygieneExts = []string{".tf", ".tf.json", ".tfvars", ".tfvars.json", ".pkr.hcl", ".pkr.json", ".pkrvars.hcl", ".pkrvars.json"}

func hygieneFile(name string) bool {
	for _, ext := range hygieneExts {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// ValidateGlobs checks glob lines (doublestar syntax); name names the input
// in errors.
func ValidateGlobs(name string, lines []string) error {
	for i, l := range lines {
		if !doublestar.ValidatePattern(strings.TrimPrefix(l, "!")) {
			return &input.Error{Input: name, Line: i + 1, Value: l, Reason: "is not a valid glob",
				Want: "globs relative to the repository root such as `**/testdata/**` or `test/fixtures/*.tf`"}
		}
	}
	return nil
}

// excluded reports whether rel (a file or directory, '/') matches a glob of
// exclude; a later `!glob` takes it back.
func excluded(exclude []string, rel string) bool {
	out := false
	for _, g := range exclude {
		neg := strings.HasPrefix(g, "!")
		g = strings.TrimPrefix(g, "!")
		g = strings.TrimSuffix(strings.TrimPrefix(g, "./"), "/")
		if ok, _ := doublestar.Match(g, rel); ok {
			out = !neg
		}
	}
	return out
}

// ScanHygiene reads every Terraform and Packer file under repo (skipping
// hidden directories, node_modules and what req excludes) with HCL's own
// parser, applies the rules, and checks each root for required_version.
// Findings are ordered by file and line.
func ScanHygiene(repo string, req HygieneRequest) (*HygieneResult, error) {
	var all []Finding
	var sup []suppression
	dirs := map[string]*dirProviders{}
	err := filepath.WalkDir(repo, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(repo, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if p != repo && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || excluded(req.Exclude, rel)) {
				return filepath.SkipDir
			}
			return nil
		}
		if !hygieneFile(d.Name()) || excluded(req.Exclude, rel) {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fs := scanSource(rel, src)
		all = append(all, fs.out...)
		sup = append(sup, fs.suppressions...)
		dir := path.Dir(rel)
		dp := dirs[dir]
		if dp == nil {
			dp = &dirProviders{declared: map[string]bool{}, used: map[string]Finding{}}
			dirs[dir] = dp
		}
		for k := range fs.declared {
			dp.declared[k] = true
		}
		for name, f := range fs.providers {
			if old, ok := dp.used[name]; !ok || f.File < old.File {
				dp.used[name] = f
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("hygiene: %w", err)
	}
	for _, dp := range dirs {
		for name, f := range dp.used {
			if !dp.declared[name] {
				all = append(all, f)
			}
		}
	}
	for _, root := range req.Roots {
		f, err := requiredVersion(repo, root, req)
		if err != nil {
			return nil, err
		}
		all = append(all, f...)
	}
	sortFindings(all)
	// One finding per rule and line (an AWS key set on a "secret" attribute is one problem).
	kept := all[:0]
	for i, f := range all {
		if i > 0 && f.File == all[i-1].File && f.Line == all[i-1].Line && f.Rule == all[i-1].Rule {
			continue
		}
		kept = append(kept, f)
	}
	res := &HygieneResult{}
	for _, f := range kept {
		if reason, ok := suppressed(sup, f); ok {
			f.Reason = reason
			res.Suppressed = append(res.Suppressed, f)
		} else {
			res.Findings = append(res.Findings, f)
		}
	}
	return res, nil
}

func sortFindings(out []Finding) {
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Rule < out[j].Rule
	})
}

// dirProviders gathers the providers of one directory (a module), declared
// and configured across its files.
type dirProviders struct {
	declared map[string]bool
	used     map[string]Finding
}

// fileScan is what one file gave.
type fileScan struct {
	file         string
	out          []Finding
	suppressions []suppression
	declared     map[string]bool    // providers in required_providers, or configured with a version
	providers    map[string]Finding // provider blocks, first one of each name
}

func (s *fileScan) add(rule, sev string, line int, format string, args ...any) {
	s.out = append(s.out, Finding{Rule: rule, Severity: sev, File: s.file, Line: line, Message: fmt.Sprintf(format, args...)})
}

// scanSource applies the rules to one file. A file HCL cannot parse is
// still searched for keys; what it could read is checked.
func scanSource(rel string, src []byte) *fileScan {
	s := &fileScan{file: rel, declared: map[string]bool{}, providers: map[string]Finding{}}
	s.secretTexts(rel, src)
	tree, _ := parseTree(rel, src)
	s.suppressions = append(s.suppressions, suppressions(rel, src, tree, s)...)
	vars := isVarsFile(rel)
	for _, top := range tree.kids {
		switch {
		case vars:
		case top.block && (top.name == "terraform" || top.name == "packer"):
			s.requiredProviders(top)
		case top.block && top.name == "provider" && len(top.labels) == 1:
			name := top.labels[0]
			if top.kid("version") != nil {
				s.declared[name] = true
			}
			if _, ok := s.providers[name]; !ok {
				s.providers[name] = Finding{Rule: RuleProviderVersion, Severity: "warning", File: rel, Line: top.line,
					Message: fmt.Sprintf("provider %q is configured but not in required_providers: declare it with a `version` constraint", name)}
			}
		case top.block && top.name == "module" && len(top.labels) == 1:
			s.module(top)
		}
		if top.block && (top.name == "source" || top.name == "data") {
			s.mostRecent(top)
		}
	}
	tree.walk(func(n, parent *node) {
		if n.name == "" || n.block || !n.isLit || !n.str || n.lit == "" {
			return
		}
		switch {
		case parent != nil && parent.block && parent.name == "variable" && n.name == "default" && len(parent.labels) == 1 && secretName(parent.labels[0]):
			s.add(RuleSecret, "error", n.line, "hard-coded secret: variable %q has a literal default; remove the default and pass it at run time (TF_VAR_%s from Vault)", parent.labels[0], parent.labels[0])
		case secretName(n.name):
			s.add(RuleSecret, "error", n.line, "hard-coded secret: %q is set to a literal; use a variable marked sensitive, filled from Vault at run time", n.name)
		}
	})
	return s
}

// secretTexts finds keys in the text itself, comments and heredocs
// included (a key in a comment is still leaked): in the native syntax in
// each string, heredoc and comment token, in JSON anywhere.
func (s *fileScan) secretTexts(rel string, src []byte) {
	check := func(text []byte, line int) {
		for _, p := range []struct {
			re  *regexp.Regexp
			msg string
		}{
			{awsKeyRE, "hard-coded AWS access key ID: remove it, rotate the key, and pass credentials from Vault or OIDC at run time"},
			{privateKeyRE, "hard-coded private key: remove it, rotate it, and read it from Vault at run time"},
		} {
			for _, m := range p.re.FindAllIndex(text, -1) {
				s.add(RuleSecret, "error", line+strings.Count(string(text[:m[0]]), "\n"), "%s", p.msg)
			}
		}
	}
	if strings.HasSuffix(rel, ".json") {
		check(src, 1)
		return
	}
	tokens, _ := hclsyntax.LexConfig(src, rel, hcl.InitialPos)
	for _, t := range tokens {
		switch t.Type {
		case hclsyntax.TokenQuotedLit, hclsyntax.TokenStringLit, hclsyntax.TokenComment, hclsyntax.TokenInvalid:
			check(t.Bytes, t.Range.Start.Line)
		}
	}
}

func secretName(name string) bool {
	l := strings.ToLower(name)
	return (strings.Contains(l, "password") || strings.Contains(l, "passwd") || strings.Contains(l, "secret") || strings.Contains(l, "token")) &&
		!notSecretRE.MatchString(l)
}

// requiredProviders checks terraform.required_providers and
// packer.required_plugins: each needs a version constraint.
func (s *fileScan) requiredProviders(top *node) {
	list, what := top.kid("required_providers"), "provider"
	if top.name == "packer" {
		list, what = top.kid("required_plugins"), "Packer plugin"
	}
	if list == nil {
		return
	}
	for _, p := range list.kids {
		if p.name == "" || p.name == "//" {
			continue
		}
		s.declared[p.name] = true
		if p.isLit || p.kid("version") != nil { // the legacy `aws = "~> 5.0"` is a version
			continue
		}
		s.add(RuleProviderVersion, "warning", p.line, "%s %q has no version constraint: add `version = \"~> X.Y\"` so a new major release cannot change plans unreviewed", what, p.name)
	}
}

// module checks that a module source is pinned: a registry source needs
// version, a git or HTTP source a ref; local paths are fine.
func (s *fileScan) module(m *node) {
	src := m.kid("source")
	if src == nil || !src.str || strings.HasPrefix(src.lit, "./") || strings.HasPrefix(src.lit, "../") {
		return
	}
	name := m.labels[0]
	switch v := src.lit; {
	case strings.HasPrefix(v, "git::") || strings.HasPrefix(v, "github.com/") || strings.HasPrefix(v, "bitbucket.org/") ||
		strings.HasPrefix(v, "git@") || strings.HasPrefix(v, "hg::"):
		if !strings.Contains(v, "ref=") {
			s.add(RuleModuleVersion, "warning", src.line, "module %q: source is not pinned: add `?ref=<tag or commit>` to it", name)
		}
	case registryRE.MatchString(v):
		if m.kid("version") == nil {
			s.add(RuleModuleVersion, "warning", m.line, "module %q: registry source without `version`: add `version = \"X.Y.Z\"`", name)
		}
	}
}

// mostRecent flags a Packer source (or its AMI filter), or a data source
// such as aws_ami, that takes the most recent image without restricting
// owners.
func (s *fileScan) mostRecent(b *node) {
	for _, f := range []*node{b, b.kid("source_ami_filter")} {
		if f == nil {
			continue
		}
		mr := f.kid("most_recent")
		if mr == nil || !mr.isLit || mr.lit != "true" || f.kid("owners") != nil {
			continue
		}
		s.add(RuleMostRecent, "warning", mr.line, "`most_recent = true` without `owners`: anyone can publish an image that matches; add `owners = [\"<account id>\"]`")
	}
}

// requiredVersion checks that root (relative to repo) declares Terraform's
// required_version in a terraform block of one of its .tf or .tf.json
// files; the finding is put on the first terraform block, else line 1 of
// the first file.
func requiredVersion(repo, root string, req HygieneRequest) ([]Finding, error) {
	var files []string
	for _, ext := range []string{"*.tf", "*.tf.json"} {
		m, err := filepath.Glob(filepath.Join(repo, root, ext))
		if err != nil {
			return nil, err
		}
		files = append(files, m...)
	}
	sort.Strings(files)
	at, atLine, placed := "", 1, false
	for _, f := range files {
		rel, _ := filepath.Rel(repo, f)
		rel = filepath.ToSlash(rel)
		if excluded(req.Exclude, rel) {
			continue
		}
		if at == "" {
			at = rel
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		tree, _ := parseTree(rel, b)
		for _, top := range tree.kids {
			if !top.block || top.name != "terraform" {
				continue
			}
			if top.kid("required_version") != nil {
				return nil, nil
			}
			if !placed {
				at, atLine, placed = rel, top.line, true
			}
		}
	}
	if at == "" {
		return nil, nil
	}
	return []Finding{{Rule: RuleRequiredVersion, Severity: "warning", File: at, Line: atLine,
		Message: "root " + rootLabel(root) + " does not set `required_version` in a terraform block: pin the Terraform version it was written for"}}, nil
}

func rootLabel(root string) string {
	return filepath.ToSlash(filepath.Clean(root))
}
