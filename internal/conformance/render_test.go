package conformance

import (
	"regexp"
	"sort"
	"strings"
)

// A rendering, reduced to what the suite compares: per resource, its action and the
// multiset of changed leaves (sign, attribute, value), in one form for both renderers.
type rendering map[string]*resourceView

type resourceView struct {
	action string
	leaves []string
}

func (r rendering) add(addr, action string) *resourceView {
	v := &resourceView{action: action}
	r[addr] = v
	return v
}

func (r rendering) sorted() {
	for _, v := range r {
		sort.Strings(v.leaves)
	}
}

// actionOf names the action of a resource heading in either renderer's words.
func actionOf(words string) string {
	switch {
	case strings.HasPrefix(words, "will be created"):
		return "create"
	case strings.HasPrefix(words, "will be updated in place"), strings.HasPrefix(words, "will be updated in-place"):
		return "update"
	case strings.HasPrefix(words, "will be destroyed"):
		return "delete"
	case strings.HasPrefix(words, "must be replaced"), strings.HasPrefix(words, "will be replaced, as requested"):
		return "replace"
	case strings.HasPrefix(words, "will be read during apply"):
		return "read"
	case strings.HasPrefix(words, "will no longer be managed by Terraform"), strings.HasPrefix(words, "will be removed from state (forget)"):
		return "forget"
	case strings.HasPrefix(words, "will be imported"):
		return "import"
	case strings.HasPrefix(words, "has moved to"):
		return "move"
	}
	return "?" + words
}

var heading = regexp.MustCompile(`^# (.+?) (will be |must be |has moved to |will no longer be managed)(.*)$`)

// leaf is the normalised form of one signed line, or "" for structure (openers,
// closers, block headers) and comments.
func leaf(sign byte, content string) string {
	c := strings.TrimSpace(content)
	c = strings.TrimSuffix(c, " # forces replacement")
	c = strings.TrimSuffix(c, " # whitespace changes")
	c = strings.TrimSuffix(c, ",")
	if c == "" || strings.HasPrefix(c, "#") || strings.HasPrefix(c, "resource ") || strings.HasPrefix(c, "data ") {
		return ""
	}
	switch c {
	case "{", "}", "[", "]", "(", ")", "EOT", "})", "])":
		return ""
	}
	key, val, ok := strings.Cut(c, " = ")
	if !ok {
		key, val = "", c
	}
	for _, open := range []string{"{", "[", "(", "<<-EOT", "jsonencode("} {
		if strings.HasSuffix(val, open) && (ok || val == open || strings.HasSuffix(val, " "+open)) {
			return ""
		}
	}
	key = strings.Trim(strings.TrimSpace(key), `"`)
	val = strings.ReplaceAll(strings.TrimSpace(val), " -> ", " → ")
	if strings.HasSuffix(val, " → (known after apply)") {
		val = "(known after apply)" // repave shows what the apply will do, not the prior value
	}
	if sign == '-' {
		val = strings.TrimSuffix(val, " → null")
	}
	val = strings.ReplaceAll(val, "(sensitive value changed)", "(sensitive value)")
	return string(sign) + " " + key + " = " + val
}

// parseShow reads the resource and output changes of `terraform show <planfile>`.
func parseShow(text string) rendering {
	out := rendering{}
	lines := strings.Split(text, "\n")
	i := 0
	for i < len(lines) && !strings.HasPrefix(lines[i], "Terraform will perform the following actions:") && !strings.HasPrefix(lines[i], "Changes to Outputs:") {
		i++
	}
	var cur *resourceView
	outputs := false
	type opened struct {
		col, start int
		key        string
	}
	var open []opened
	for ; i < len(lines); i++ {
		l := lines[i]
		switch {
		case strings.HasPrefix(l, "Changes to Outputs:"):
			cur, outputs = out.add("outputs", "outputs"), true
			continue
		case strings.HasPrefix(l, "Plan: "), strings.HasPrefix(l, "Warning:"), strings.HasPrefix(l, "╷"):
			cur = nil
			continue
		case !outputs && strings.HasPrefix(strings.TrimLeft(l, " "), "# ") && len(l)-len(strings.TrimLeft(l, " ")) <= 2:
			if m := heading.FindStringSubmatch(strings.TrimLeft(l, " ")); m != nil {
				cur = out.add(m[1], actionOf(m[2]+m[3]))
			}
			continue
		}
		if cur == nil {
			continue
		}
		t := strings.TrimLeft(l, " ")
		col := len(l) - len(t)
		if closesValue(t) {
			// Terraform writes the prior value of an attribute the apply computes and
			// closes it with "-> (known after apply)"; repave writes only what the
			// apply will do: "(known after apply)".
			if n := len(open); n > 0 && open[n-1].col+2 == col {
				o := open[n-1]
				open = open[:n-1]
				if strings.HasSuffix(t, "-> (known after apply)") {
					cur.leaves = append(cur.leaves[:o.start], "~ "+o.key+" = (known after apply)")
				}
			}
			continue
		}
		if len(t) < 2 || !strings.ContainsRune("+-~", rune(t[0])) || t[1] != ' ' {
			continue
		}
		if lf := leaf(t[0], t[2:]); lf != "" {
			cur.leaves = append(cur.leaves, lf)
		} else if key, _, ok := strings.Cut(strings.TrimSpace(t[2:]), " = "); ok && t[0] == '~' {
			open = append(open, opened{col: col, start: len(cur.leaves), key: strings.Trim(strings.TrimSpace(key), `"`)})
		}
	}
	out.sorted()
	return out
}

// closesValue reports whether a line closes a multi-line value.
func closesValue(t string) bool {
	for _, c := range []string{"}", "]", ")", "EOT"} {
		if strings.HasPrefix(t, c) {
			return true
		}
	}
	return false
}

// parseMarkdown reads the resource and output changes of repave's comment.
func parseMarkdown(md string) rendering {
	out := rendering{}
	var cur *resourceView
	inDiff, first, skipHeredoc := false, false, false
	for _, l := range strings.Split(md, "\n") {
		switch {
		case strings.HasPrefix(l, "**Outputs**"):
			cur = out.add("outputs", "outputs")
			continue
		case !inDiff && strings.HasPrefix(l, "```") && strings.HasSuffix(l, "diff"):
			inDiff, first = true, true
			continue
		case inDiff && strings.HasPrefix(l, "```"):
			inDiff = false
			continue
		case !inDiff || l == "":
			continue
		}
		if first {
			first = false
			if m := heading.FindStringSubmatch(l); m != nil {
				cur = out.add(m[1], actionOf(m[2]+m[3]))
				continue
			}
		}
		if cur == nil || len(l) < 2 {
			continue
		}
		sign, content := l[0], l[2:]
		c := strings.TrimSpace(content)
		if skipHeredoc {
			if strings.HasPrefix(c, "EOT") {
				skipHeredoc = false
			}
			continue
		}
		if (sign == '+' || sign == '-') && strings.HasSuffix(c, "<<-EOT") {
			skipHeredoc = true // Terraform writes the lines of a whole heredoc unsigned
			continue
		}
		if sign == ' ' || sign == '#' {
			continue
		}
		if lf := leaf(sign, content); lf != "" {
			cur.leaves = append(cur.leaves, lf)
		}
	}
	out.sorted()
	return out
}
