package audit

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// ExpandRoots turns the working-directories lines (directories or globs,
// relative to repo; `*` within a path segment, `**` across segments) into the
// sorted, distinct directories that hold .tf files. A line that matches no
// such directory is an error naming it.
func ExpandRoots(repo string, lines []string) ([]string, error) {
	var dirs []string
	err := filepath.WalkDir(repo, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if path != repo && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		tf, _ := filepath.Glob(filepath.Join(path, "*.tf"))
		if len(tf) > 0 {
			rel, _ := filepath.Rel(repo, path)
			dirs = append(dirs, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		pat := filepath.ToSlash(filepath.Clean(l))
		re, err := globRE(pat)
		if err != nil {
			return nil, &InputError{Input: "working-directories", Line: i + 1, Value: l, Reason: "is not a valid glob (" + err.Error() + ")",
				Want: "a directory or a glob such as infra/* or infra/**/prod"}
		}
		n := 0
		for _, d := range dirs {
			if re.MatchString(d) {
				n++
				if !seen[d] {
					seen[d] = true
					out = append(out, d)
				}
			}
		}
		if n == 0 {
			return nil, &InputError{Input: "working-directories", Line: i + 1, Value: l, Reason: "matches no directory with .tf files",
				Want: "paths relative to the repository root, after actions/checkout (globs such as infra/* allowed)"}
		}
	}
	if len(out) == 0 {
		return nil, &InputError{Input: "working-directories", Reason: "is empty", Want: "list the Terraform roots to audit, one per line (globs such as infra/* allowed)"}
	}
	sort.Strings(out)
	return out, nil
}

// globRE turns a slash-separated glob into an anchored regular expression.
func globRE(pat string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(pat); i++ {
		c := pat[i]
		switch {
		case strings.HasPrefix(pat[i:], "**/"):
			b.WriteString("(?:.*/)?")
			i += 2
		case strings.HasPrefix(pat[i:], "**"):
			b.WriteString(".*")
			i++
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		case c == '[':
			j := strings.IndexByte(pat[i:], ']')
			if j < 0 {
				return nil, fmt.Errorf("unclosed [")
			}
			b.WriteString(pat[i : i+j+1])
			i += j
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return regexp.Compile(b.String())
}
