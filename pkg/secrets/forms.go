package secrets

import (
	"encoding/base64"
	"encoding/json"
	"html"
	"math"
	"math/big"
	"net/url"
	"strconv"
	"strings"

	"github.com/repave-dev/repave/pkg/markdown"
)

// Forms returns the textual forms a secret string takes in what repave
// writes: the raw value; JSON-escaped (with and without HTML escaping, as
// jsonencode and plan JSON write it); Go-quoted (strconv.Quote and its ASCII
// form, as the plan diff writes it); Markdown-escaped (table cells, plain
// text, code spans) and HTML-escaped forms of each of those; base64 (std and
// URL, padded and not, as base64encode writes it); URL-encoded (query and
// path, as urlencode writes it); upper and lower case (upper(), lower()); and
// each line of a multi-line value (a PEM key's lines) in the same forms.
func Forms(v string) []string {
	set := map[string]struct{}{}
	add := func(f string) {
		if f != "" {
			set[f] = struct{}{}
		}
	}
	textForms(v, add)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		add(enc.EncodeToString([]byte(v)))
	}
	add(url.QueryEscape(v))
	add(url.PathEscape(v))
	add(strings.ToUpper(v))
	add(strings.ToLower(v))
	if strings.ContainsAny(v, "\r\n") {
		for _, l := range strings.FieldsFunc(v, func(c rune) bool { return c == '\n' || c == '\r' }) {
			if l = strings.TrimSpace(l); len(l) >= MinScrubLen {
				textForms(l, add)
			}
		}
	}
	out := make([]string, 0, len(set))
	for f := range set {
		out = append(out, f)
	}
	return out
}

// textForms adds the escaped forms of v: every quoting, then every Markdown
// or HTML escaping of each quoting.
func textForms(v string, add func(string)) {
	once := []string{v, jsonInner(v, true), jsonInner(v, false), inner(strconv.Quote(v)), inner(strconv.QuoteToASCII(v))}
	quoted := once
	for _, q := range once[1:] {
		// A value inside jsonencode() in plan JSON, or shown quoted in a
		// diff, is escaped twice.
		quoted = append(quoted, jsonInner(`"`+q+`"`, true), jsonInner(`"`+q+`"`, false), inner(strconv.Quote(`"`+q+`"`)))
	}
	for _, q := range quoted {
		add(q)
		add(html.EscapeString(q))
		for _, m := range markdown.Forms(q) {
			add(m)
			add(html.EscapeString(m))
		}
	}
}

func jsonInner(v string, escapeHTML bool) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(escapeHTML)
	if enc.Encode(v) != nil {
		return ""
	}
	return inner(strings.TrimRight(b.String(), "\n"))
}

func inner(q string) string {
	if len(q) >= 2 {
		return q[1 : len(q)-1]
	}
	return q
}

// NumberForms returns every spelling of a number that Terraform, JSON and Go
// write: 73519246, 73519246.0, 7.3519246e+07, 7.3519246e7, 7.3519246E+07 and
// the text it was given in.
func NumberForms(n json.Number) []string {
	set := map[string]struct{}{n.String(): {}}
	add := func(s string) { set[s] = struct{}{} }
	if f, err := strconv.ParseFloat(n.String(), 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		add(strconv.FormatFloat(f, 'f', -1, 64))
		add(strconv.FormatFloat(f, 'g', -1, 64))
		// Every exponent spelling: 7.3519246e+07, 7.3519246e7, 7.3519246E+7, …
		e := strconv.FormatFloat(f, 'e', -1, 64)
		if i := strings.IndexByte(e, 'e'); i > 0 {
			mant, exp := e[:i], e[i+1:]
			sign := ""
			if exp[0] == '-' || exp[0] == '+' {
				sign, exp = exp[:1], exp[1:]
			}
			bare := strings.TrimLeft(exp, "0")
			if bare == "" {
				bare = "0"
			}
			mants := []string{mant}
			if !strings.Contains(mant, ".") {
				mants = append(mants, mant+".0")
			}
			signs := []string{sign}
			if sign == "+" {
				signs = append(signs, "")
			}
			for _, m := range mants {
				for _, E := range []string{"e", "E"} {
					for _, sg := range signs {
						for _, x := range []string{exp, bare} {
							add(m + E + sg + x)
						}
					}
				}
			}
		}
		if f == math.Trunc(f) {
			i := strconv.FormatFloat(f, 'f', -1, 64)
			add(i + ".0")
			add(i + ".00")
		}
	}
	if r, ok := new(big.Rat).SetString(n.String()); ok && r.IsInt() {
		add(r.Num().String())
	}
	out := make([]string, 0, len(set))
	for f := range set {
		out = append(out, f)
	}
	return out
}

// MaskForms returns what to register with the runner's masker for values
// (strings, numbers, nested lists and maps; booleans and short values are
// left out): each string and each line of it, its JSON- and Go-quoted forms,
// and every spelling of each number. The runner masks the base64 and URL
// forms of a mask itself.
func MaskForms(values []any) []string {
	set := map[string]struct{}{}
	var out []string
	add := func(f string) {
		if len([]rune(strings.TrimSpace(f))) < MinScrubLen || f == Redacted {
			return
		}
		if _, ok := set[f]; !ok {
			set[f] = struct{}{}
			out = append(out, f)
		}
	}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			if len([]rune(strings.TrimSpace(x))) < MinScrubLen {
				return
			}
			add(x)
			add(jsonInner(x, true))
			add(jsonInner(x, false))
			add(inner(strconv.Quote(x)))
		case json.Number:
			for _, f := range NumberForms(x) {
				add(f)
			}
		case float64:
			walk(json.Number(strconv.FormatFloat(x, 'f', -1, 64)))
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	for _, v := range values {
		walk(v)
	}
	return out
}
