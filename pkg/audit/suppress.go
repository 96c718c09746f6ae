package audit

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// SuppressPrefix starts an inline suppression, in the convention of tfsec,
// trivy and checkov: `# repave:ignore <rule> <reason>` (or `//`, or
// `/* */`). In the JSON syntax, a `"//": "repave:ignore <rule> <reason>"`
// key suppresses in the object that holds it.
const SuppressPrefix = "repave:ignore"

// suppression is one repave:ignore: rule at lines from..to of file.
type suppression struct {
	file, rule, reason string
	from, to           int
}

// suppressed reports whether a suppression covers f, and why.
func suppressed(list []suppression, f Finding) (string, bool) {
	for _, s := range list {
		if s.file == f.File && s.rule == f.Rule && f.Line >= s.from && f.Line <= s.to {
			return s.reason, true
		}
	}
	return "", false
}

// parseSuppression reads the text of a comment; ok is false when it is not
// a suppression at all.
func parseSuppression(text string) (rule, reason string, ok bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(text), SuppressPrefix)
	if !ok || rest != "" && rest[0] != ' ' && rest[0] != '\t' && rest[0] != ':' {
		return "", "", false
	}
	rest = strings.TrimPrefix(rest, ":")
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return "", "", true
	}
	return fields[0], strings.Join(fields[1:], " "), true
}

// commentText strips a comment token's markers.
func commentText(b []byte) string {
	t := strings.TrimSpace(string(b))
	switch {
	case strings.HasPrefix(t, "#"):
		t = t[1:]
	case strings.HasPrefix(t, "//"):
		t = t[2:]
	case strings.HasPrefix(t, "/*"):
		t = strings.TrimSuffix(t[2:], "*/")
	}
	return strings.TrimSpace(t)
}

// suppressions finds the repave:ignore comments of a file and what each
// covers: a comment after code covers its line (and the whole block when a
// block starts there); a comment on a line of its own covers the next line,
// the whole block that starts there (as tfsec's), else the whole block it
// sits in (as checkov's), else the next line. One that names no known rule
// or gives no reason is reported and covers nothing.
func suppressions(rel string, src []byte, tree *node, s *fileScan) []suppression {
	var blocks []*node
	tree.walk(func(n, _ *node) {
		if n.block {
			blocks = append(blocks, n)
		}
	})
	startsAt := func(line int) *node {
		for _, b := range blocks {
			if b.line == line {
				return b
			}
		}
		return nil
	}
	inside := func(line int) *node {
		var best *node
		for _, b := range blocks {
			if b.line < line && line <= b.end && (best == nil || b.end-b.line < best.end-best.line) {
				best = b
			}
		}
		return best
	}
	var out []suppression
	add := func(text string, line, from, to int) {
		rule, reason, ok := parseSuppression(text)
		if !ok {
			return
		}
		if !known(rule) || reason == "" {
			s.add(RuleSuppression, "warning", line, "`%s` needs a rule (one of %s) and a reason: `# %s <rule> <why it is safe>`; it suppresses nothing",
				SuppressPrefix, strings.Join(Rules, ", "), SuppressPrefix)
			return
		}
		out = append(out, suppression{file: rel, rule: rule, reason: reason, from: from, to: to})
	}
	if strings.HasSuffix(rel, ".json") {
		var walk func(n *node, from, to int)
		walk = func(n *node, from, to int) {
			for _, k := range n.kids {
				if k.name == "//" && k.str {
					add(k.lit, k.line, from, to)
				}
				walk(k, k.line, k.end)
			}
		}
		walk(tree, tree.line, tree.end)
		return out
	}
	tokens, _ := hclsyntax.LexConfig(src, rel, hcl.InitialPos)
	lastCode := 0
	for i, t := range tokens {
		switch t.Type {
		case hclsyntax.TokenNewline, hclsyntax.TokenEOF:
			continue
		case hclsyntax.TokenComment:
		default:
			lastCode = t.Range.End.Line
			continue
		}
		line := t.Range.Start.Line
		from, to := line, line
		if lastCode == line { // after code on the same line
			if b := startsAt(line); b != nil {
				to = b.end
			}
		} else {
			next := 0
			for _, u := range tokens[i+1:] {
				if u.Type != hclsyntax.TokenComment && u.Type != hclsyntax.TokenNewline && u.Type != hclsyntax.TokenEOF {
					next = u.Range.Start.Line
					break
				}
			}
			switch b, in := startsAt(next), inside(line); {
			case b != nil:
				from, to = b.line, b.end
			case in != nil:
				from, to = in.line, in.end
			case next > 0:
				from, to = next, next
			}
		}
		add(commentText(t.Bytes), line, from, to)
	}
	return out
}

func known(rule string) bool {
	for _, r := range Rules {
		if r == rule {
			return true
		}
	}
	return false
}
