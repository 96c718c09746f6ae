package audit

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Hygiene rules.
const (
	RuleSecret          = "hard-coded-secret"
	RuleProviderVersion = "provider-without-version"
	RuleModuleVersion   = "module-without-version"
	RuleMostRecent      = "most-recent-without-owners"
	RuleRequiredVersion = "missing-required-version"
)

// Finding is one hygiene problem at a file and line. Message never contains a
// secret: only where it is and what kind.
type Finding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"` // "error" or "warning"
	File     string `json:"file"`     // relative to the repository root, with '/'
	Line     int    `json:"line"`
	Message  string `json:"message"`
}

var (
	awsKeyRE     = regexp.MustCompile(`\b(AKIA|ASIA)[0-9A-Z]{16}\b`)
	privateKeyRE = regexp.MustCompile(`-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----`)
	secretAttrRE = regexp.MustCompile(`^\s*"?([A-Za-z0-9_-]*(?i:password|passwd|secret|token)[A-Za-z0-9_-]*)"?\s*=\s*"(.*)"\s*,?\s*$`)
	notSecretRE  = regexp.MustCompile(`(?i)(_name|_arn|_id|_ids|_length|_ttl|_version|_path|_policy|_type|_key_id|_ref|_file|_rotation|_enabled|_count)$`)
	blockRE      = regexp.MustCompile(`^\s*([A-Za-z_][A-Za-z0-9_-]*)((?:\s+"[^"]*"|\s+[A-Za-z_][A-Za-z0-9_-]*)*)\s*(=\s*)?\{\s*(\})?\s*$`)
	attrRE       = regexp.MustCompile(`^\s*"?([A-Za-z_][A-Za-z0-9_-]*)"?\s*=\s*(.*?)\s*,?\s*$`)
	inlineObjRE  = regexp.MustCompile(`^\s*"?([A-Za-z_][A-Za-z0-9_-]*)"?\s*=\s*\{(.*)\}\s*,?\s*$`)
	heredocRE    = regexp.MustCompile(`<<-?([A-Za-z_][A-Za-z0-9_]*)\s*$`)
	labelRE      = regexp.MustCompile(`"([^"]*)"|([A-Za-z_][A-Za-z0-9_-]*)`)
	registryRE   = regexp.MustCompile(`^([A-Za-z0-9.-]+/)?[A-Za-z0-9_-]+/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+(//.*)?$`)
)

// hygieneFile reports whether path is a file the hygiene rules read.
func hygieneFile(path string) bool {
	for _, ext := range []string{".tf", ".tfvars", ".pkr.hcl", ".pkrvars.hcl"} {
		if strings.HasSuffix(path, ext) {
			return true
		}
	}
	return false
}

// ScanHygiene checks every .tf, .tfvars, .pkr.hcl and .pkrvars.hcl file under
// repo (skipping .git, .terraform and other hidden directories), and reports
// missing required_version for each of roots (directories relative to repo).
// Findings are ordered by file and line.
func ScanHygiene(repo string, roots []string) ([]Finding, error) {
	var out []Finding
	dirs := map[string]*dirProviders{}
	err := filepath.WalkDir(repo, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != repo && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !hygieneFile(path) {
			return nil
		}
		rel, err := filepath.Rel(repo, path)
		if err != nil {
			return err
		}
		sc, err := scanFile(path, filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		out = append(out, sc.out...)
		dp := dirs[filepath.Dir(rel)]
		if dp == nil {
			dp = &dirProviders{declared: map[string]bool{}, used: map[string]Finding{}}
			dirs[filepath.Dir(rel)] = dp
		}
		for k, v := range sc.declared {
			dp.declared[k] = dp.declared[k] || v
		}
		for name, line := range sc.providers {
			if _, ok := dp.used[name]; !ok {
				dp.used[name] = Finding{Rule: RuleProviderVersion, Severity: "warning", File: sc.file, Line: line,
					Message: fmt.Sprintf("provider %q is configured but not in required_providers: declare it with a `version` constraint", name)}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("hygiene: %w", err)
	}
	for _, dp := range dirs {
		for name, f := range dp.used {
			if _, declared := dp.declared[name]; !declared {
				out = append(out, f)
			}
		}
	}
	for _, root := range roots {
		f, err := requiredVersion(repo, root)
		if err != nil {
			return nil, err
		}
		out = append(out, f...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	// One finding per rule and line (an AWS key set on a "secret" attribute is one problem).
	kept := out[:0]
	for i, f := range out {
		if i > 0 && f.File == out[i-1].File && f.Line == out[i-1].Line && f.Rule == out[i-1].Rule {
			continue
		}
		kept = append(kept, f)
	}
	return kept, nil
}

// frame is one open block while scanning.
type frame struct {
	kind   string   // block type or object attribute name
	labels []string // block labels
	line   int
	attrs  map[string]string // attribute name -> raw value
	lines  map[string]int
	nested map[string]*frame // nested blocks by kind (last one)
}

func newFrame(kind string, labels []string, line int) *frame {
	return &frame{kind: kind, labels: labels, line: line, attrs: map[string]string{}, lines: map[string]int{}, nested: map[string]*frame{}}
}

type scanner struct {
	file  string
	out   []Finding
	stack []*frame
	// providers declared in required_providers/required_plugins (name -> has version), and
	// provider blocks seen (name -> line).
	declared  map[string]bool
	providers map[string]int
}

func (s *scanner) add(rule, sev string, line int, format string, args ...any) {
	s.out = append(s.out, Finding{Rule: rule, Severity: sev, File: s.file, Line: line, Message: fmt.Sprintf(format, args...)})
}

// dirProviders gathers the providers of one directory (a module), declared
// and configured across its files.
type dirProviders struct {
	declared map[string]bool
	used     map[string]Finding
}

func scanFile(path, rel string) (*scanner, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s := &scanner{file: rel, declared: map[string]bool{}, providers: map[string]int{}}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	heredoc := ""
	inComment := false
	for n := 1; sc.Scan(); n++ {
		raw := sc.Text()
		s.secrets(raw, n)
		if heredoc != "" {
			if strings.TrimSpace(raw) == heredoc {
				heredoc = ""
			}
			continue
		}
		line, stillIn := stripComments(raw, inComment)
		inComment = stillIn
		if m := heredocRE.FindStringSubmatch(line); m != nil {
			heredoc = m[1]
			line = line[:strings.Index(line, "<<")] + `""`
		}
		s.line(line, n)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", rel, err)
	}
	return s, nil
}

// secrets applies the secret rules to a raw line (heredocs and comments too:
// a key in a comment is still leaked).
func (s *scanner) secrets(raw string, n int) {
	if awsKeyRE.MatchString(raw) {
		s.add(RuleSecret, "error", n, "hard-coded AWS access key ID: remove it, rotate the key, and pass credentials from Vault or OIDC at run time")
	}
	if privateKeyRE.MatchString(raw) {
		s.add(RuleSecret, "error", n, "hard-coded private key: remove it, rotate it, and read it from Vault at run time")
	}
}

// stripComments removes # and // comments outside strings and /* */ blocks.
func stripComments(line string, inBlock bool) (string, bool) {
	var b strings.Builder
	inStr := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		if inBlock {
			if strings.HasPrefix(line[i:], "*/") {
				inBlock = false
				i++
			}
			continue
		}
		if inStr {
			b.WriteByte(c)
			if c == '\\' && i+1 < len(line) {
				b.WriteByte(line[i+1])
				i++
			} else if c == '"' {
				inStr = false
			}
			continue
		}
		switch {
		case c == '"':
			inStr = true
		case c == '#' || strings.HasPrefix(line[i:], "//"):
			return b.String(), false
		case strings.HasPrefix(line[i:], "/*"):
			inBlock = true
			i++
			continue
		}
		b.WriteByte(c)
	}
	return b.String(), inBlock
}

func (s *scanner) top() *frame {
	if len(s.stack) == 0 {
		return nil
	}
	return s.stack[len(s.stack)-1]
}

func (s *scanner) line(line string, n int) {
	t := strings.TrimSpace(line)
	switch {
	case t == "":
		return
	case strings.HasPrefix(t, "}"):
		if len(s.stack) > 0 {
			fr := s.stack[len(s.stack)-1]
			s.stack = s.stack[:len(s.stack)-1]
			s.close(fr)
		}
		return
	}
	if m := inlineObjRE.FindStringSubmatch(line); m != nil {
		fr := newFrame(m[1], nil, n)
		for _, part := range strings.Split(m[2], ",") {
			if a := attrRE.FindStringSubmatch(part); a != nil {
				fr.attrs[a[1]], fr.lines[a[1]] = a[2], n
			}
		}
		s.open(fr)
		s.stack = s.stack[:len(s.stack)-1]
		s.close(fr)
		return
	}
	if m := blockRE.FindStringSubmatch(line); m != nil {
		var labels []string
		for _, l := range labelRE.FindAllStringSubmatch(m[2], -1) {
			labels = append(labels, l[1]+l[2])
		}
		fr := newFrame(m[1], labels, n)
		s.open(fr)
		if m[4] == "}" {
			s.stack = s.stack[:len(s.stack)-1]
			s.close(fr)
		}
		return
	}
	if m := attrRE.FindStringSubmatch(line); m != nil {
		s.attr(m[1], m[2], n)
	}
}

func (s *scanner) open(fr *frame) {
	if p := s.top(); p != nil {
		p.nested[fr.kind] = fr
	}
	s.stack = append(s.stack, fr)
}

func (s *scanner) attr(name, value string, n int) {
	fr := s.top()
	if fr != nil {
		fr.attrs[name], fr.lines[name] = value, n
	}
	lit, ok := literal(value)
	if !ok || lit == "" {
		return
	}
	switch {
	case fr != nil && fr.kind == "variable" && name == "default" && len(fr.labels) == 1 && secretName(fr.labels[0]):
		s.add(RuleSecret, "error", n, "hard-coded secret: variable %q has a literal default; remove the default and pass it at run time (TF_VAR_%s from Vault)", fr.labels[0], fr.labels[0])
	case secretName(name):
		s.add(RuleSecret, "error", n, "hard-coded secret: %q is set to a literal; use a variable marked sensitive, filled from Vault at run time", name)
	}
}

// literal returns the text of a quoted string that is not a pure reference.
func literal(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", false
	}
	inner := v[1 : len(v)-1]
	if strings.HasPrefix(inner, "${") && strings.HasSuffix(inner, "}") && strings.Count(inner, "${") == 1 {
		return "", false
	}
	return inner, true
}

func secretName(name string) bool {
	l := strings.ToLower(name)
	return (strings.Contains(l, "password") || strings.Contains(l, "passwd") || strings.Contains(l, "secret") || strings.Contains(l, "token")) &&
		!notSecretRE.MatchString(l)
}

// close applies the block rules when a block ends.
func (s *scanner) close(fr *frame) {
	parent := s.top()
	switch {
	case parent != nil && (parent.kind == "required_providers" || parent.kind == "required_plugins"):
		_, hasVersion := fr.attrs["version"]
		s.declared[fr.kind] = hasVersion
		if !hasVersion {
			what := "provider"
			if parent.kind == "required_plugins" {
				what = "Packer plugin"
			}
			s.add(RuleProviderVersion, "warning", fr.line, "%s %q has no version constraint: add `version = \"~> X.Y\"` so a new major release cannot change plans unreviewed", what, fr.kind)
		}
	case fr.kind == "provider" && len(fr.labels) == 1 && parent == nil:
		if _, ok := s.providers[fr.labels[0]]; !ok {
			s.providers[fr.labels[0]] = fr.line
		}
		if _, ok := fr.attrs["version"]; ok {
			s.declared[fr.labels[0]] = true
		}
	case fr.kind == "module" && len(fr.labels) == 1 && parent == nil:
		s.module(fr)
	}
	if fr.kind == "source" || fr.kind == "source_ami_filter" || fr.kind == "data" {
		s.mostRecent(fr)
	}
}

// module checks that a module source is pinned: a registry source needs
// version, a git or HTTP source a ref; local paths are fine.
func (s *scanner) module(fr *frame) {
	src, ok := literal(fr.attrs["source"])
	if !ok || strings.HasPrefix(src, "./") || strings.HasPrefix(src, "../") {
		return
	}
	name := fr.labels[0]
	switch {
	case strings.HasPrefix(src, "git::") || strings.HasPrefix(src, "github.com/") || strings.HasPrefix(src, "bitbucket.org/") ||
		strings.HasPrefix(src, "git@") || strings.HasPrefix(src, "hg::"):
		if !strings.Contains(src, "ref=") {
			s.add(RuleModuleVersion, "warning", fr.lines["source"], "module %q: source is not pinned: add `?ref=<tag or commit>` to it", name)
		}
	case registryRE.MatchString(src):
		if _, ok := fr.attrs["version"]; !ok {
			s.add(RuleModuleVersion, "warning", fr.line, "module %q: registry source without `version`: add `version = \"X.Y.Z\"`", name)
		}
	}
}

// mostRecent flags a Packer source (or AMI filter, or aws_ami data source)
// that takes the most recent image without restricting owners.
func (s *scanner) mostRecent(fr *frame) {
	for _, f := range append([]*frame{fr}, fr.nested["source_ami_filter"]) {
		if f == nil || strings.TrimSpace(f.attrs["most_recent"]) != "true" {
			continue
		}
		if _, ok := f.attrs["owners"]; ok {
			continue
		}
		if f != fr && f.kind == "source_ami_filter" && fr.kind == "source" {
			continue // reported when the filter block itself closed
		}
		s.add(RuleMostRecent, "warning", f.lines["most_recent"], "`most_recent = true` without `owners`: anyone can publish an image that matches; add `owners = [\"<account id>\"]`")
	}
}

// requiredVersion checks that root (relative to repo) declares Terraform's
// required_version in a terraform block of one of its .tf files.
func requiredVersion(repo, root string) ([]Finding, error) {
	dir := filepath.Join(repo, root)
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil || len(files) == 0 {
		return nil, err
	}
	sort.Strings(files)
	found := false
	at, atLine := files[0], 1
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for i, l := range strings.Split(string(b), "\n") {
			t, _ := stripComments(l, false)
			if strings.HasPrefix(strings.TrimSpace(t), "required_version") {
				found = true
			}
			if strings.HasPrefix(strings.TrimSpace(t), "terraform {") && atLine == 1 && at == files[0] {
				at, atLine = f, i+1
			}
		}
	}
	if found {
		return nil, nil
	}
	rel, _ := filepath.Rel(repo, at)
	return []Finding{{Rule: RuleRequiredVersion, Severity: "warning", File: filepath.ToSlash(rel), Line: atLine,
		Message: "root " + rootLabel(root) + " does not set `required_version` in a terraform block: pin the Terraform version it was written for"}}, nil
}

func rootLabel(root string) string {
	return filepath.ToSlash(filepath.Clean(root))
}
