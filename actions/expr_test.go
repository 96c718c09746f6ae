package actions_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"unicode"
)

// evalExpr evaluates a GitHub Actions expression of the subset the reusable
// workflow uses for Vault wiring — property paths, 'strings', true/false/
// null, ==, !=, !, &&, || and parentheses — over ctx (dotted path → value;
// a missing path is null). As on GitHub, && and || return an operand (the
// first falsy / truthy one, else the last), == on strings ignores case, and
// ” null false are falsy. value is "${{ expr }}" (or a bare `if:` text).
func evalExpr(value string, ctx map[string]any) (any, error) {
	v := strings.TrimSpace(value)
	if strings.Contains(v, "${{") {
		if !strings.HasPrefix(v, "${{") || !strings.HasSuffix(v, "}}") || strings.Count(v, "${{") != 1 {
			return value, nil // text around an expression: not used for Vault wiring
		}
		v = strings.TrimSuffix(strings.TrimPrefix(v, "${{"), "}}")
	}
	p := &exprParser{src: v, ctx: ctx}
	out, err := p.or()
	if err == nil && strings.TrimSpace(p.src[p.pos:]) != "" {
		err = fmt.Errorf("unexpected %q", p.src[p.pos:])
	}
	return out, err
}

type exprParser struct {
	src string
	pos int
	ctx map[string]any
}

func (p *exprParser) skip() {
	for p.pos < len(p.src) && p.src[p.pos] == ' ' {
		p.pos++
	}
}

func (p *exprParser) eat(tok string) bool {
	p.skip()
	if strings.HasPrefix(p.src[p.pos:], tok) {
		p.pos += len(tok)
		return true
	}
	return false
}

func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	}
	return true
}

func (p *exprParser) or() (any, error) {
	l, err := p.and()
	for err == nil && p.eat("||") {
		var r any
		if r, err = p.and(); truthy(l) {
			continue
		}
		l = r
	}
	return l, err
}

func (p *exprParser) and() (any, error) {
	l, err := p.eq()
	for err == nil && p.eat("&&") {
		var r any
		if r, err = p.eq(); !truthy(l) {
			continue
		}
		l = r
	}
	return l, err
}

func (p *exprParser) eq() (any, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for _, op := range []string{"==", "!="} {
		if p.eat(op) {
			r, err := p.unary()
			ls, lok := l.(string)
			rs, rok := r.(string)
			same := l == r || lok && rok && strings.EqualFold(ls, rs) || !(lok && rok) && looseEqual(l, r)
			return same == (op == "=="), err
		}
	}
	return l, nil
}

func (p *exprParser) unary() (any, error) {
	if p.eat("!") {
		v, err := p.unary()
		return !truthy(v), err
	}
	if p.eat("(") {
		v, err := p.or()
		if err == nil && !p.eat(")") {
			err = fmt.Errorf("missing ) in %q", p.src)
		}
		return v, err
	}
	p.skip()
	if p.pos < len(p.src) && p.src[p.pos] == '\'' {
		end := strings.IndexByte(p.src[p.pos+1:], '\'')
		if end < 0 {
			return nil, fmt.Errorf("unterminated string in %q", p.src)
		}
		s := p.src[p.pos+1 : p.pos+1+end]
		p.pos += end + 2
		return s, nil
	}
	start := p.pos
	for p.pos < len(p.src) {
		c := rune(p.src[p.pos])
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '.' && c != '_' && c != '-' {
			break
		}
		p.pos++
	}
	word := p.src[start:p.pos]
	if p.pos < len(p.src) && p.src[p.pos] == '(' {
		// The status functions, as for a job whose needs all succeeded
		// (ctx "cancelled()" etc. override).
		status := map[string]bool{"always": true, "success": true, "cancelled": false, "failure": false}
		if v, ok := status[word]; ok && strings.HasPrefix(p.src[p.pos:], "()") {
			p.pos += 2
			if o, set := p.ctx[word+"()"]; set {
				return o, nil
			}
			return v, nil
		}
		return nil, fmt.Errorf("function %s() is not supported by this test's evaluator", word)
	}
	switch word {
	case "":
		return nil, fmt.Errorf("expected a value at %q", p.src[start:])
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	}
	return p.ctx[word], nil
}

// looseEqual is GitHub's == between values of different types: both are
// coerced to numbers (null and the empty string are 0, false 0, true 1,
// other strings their number or NaN), so null equals the empty string.
func looseEqual(l, r any) bool {
	num := func(v any) float64 {
		switch x := v.(type) {
		case nil:
			return 0
		case bool:
			if x {
				return 1
			}
			return 0
		case string:
			if strings.TrimSpace(x) == "" {
				return 0
			}
			var f float64
			if _, err := fmt.Sscan(x, &f); err == nil {
				return f
			}
		}
		return math.NaN()
	}
	return num(l) == num(r)
}

func TestEvalExpr(t *testing.T) {
	t.Parallel()
	ctx := map[string]any{"a": "x", "e": "", "t": true, "inputs.plan-secrets": "P"}
	for _, tc := range []struct {
		in   string
		want any
	}{
		{"${{ a }}", "x"},
		{"${{ missing }}", nil},
		{"${{ a && e || 'c' }}", "c"}, // the fall-through
		{"${{ e || a }}", "x"},
		{"${{ a && 'b' }}", "b"},
		{"${{ e && 'b' }}", ""},
		{"${{ a == 'X' }}", true},
		{"${{ a != 'x' }}", false},
		{"${{ !e }}", true},
		{"${{ (e || a) && inputs.plan-secrets }}", "P"},
		{"a == 'x' && t", true},
		{"literal", nil},
		{"pre ${{ a }}", "pre ${{ a }}"},
		{"${{ missing == '' }}", true}, // GitHub coerces null and '' to 0
		{"${{ missing != '' }}", false},
		{"${{ t == 'x' }}", false},
		{"${{ !cancelled() && a == 'x' }}", true},
		{"${{ always() }}", true},
	} {
		got, err := evalExpr(tc.in, ctx)
		if err != nil || got != tc.want {
			t.Errorf("evalExpr(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"${{ fromJSON(a) }}", "${{ (a }}", "${{ 'x }}", "${{ a b }}"} {
		if _, err := evalExpr(bad, ctx); err == nil {
			t.Errorf("evalExpr(%q): want an error", bad)
		}
	}
}
