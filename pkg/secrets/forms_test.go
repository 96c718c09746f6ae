package secrets_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/secrets"
)

// written are the ways repave's outputs spell a string: each must be caught.
func written(v string) map[string]string {
	j, _ := json.Marshal(v)
	return map[string]string{
		"raw":          v,
		"json":         string(j),
		"go-quoted":    strconv.Quote(v),
		"ascii-quoted": strconv.QuoteToASCII(v),
		"table cell":   strings.ReplaceAll(strconv.Quote(v), "|", `\|`),
		"html":         html.EscapeString(v),
		"base64":       base64.StdEncoding.EncodeToString([]byte(v)),
		"base64url":    base64.RawURLEncoding.EncodeToString([]byte(v)),
		"query":        url.QueryEscape(v),
		"path":         url.PathEscape(v),
		"upper":        strings.ToUpper(v),
		"jsonencode":   fmt.Sprintf("%q", string(j)),
	}
}

func TestScrubberCatchesEveryForm(t *testing.T) {
	t.Parallel()
	values := []string{"p\"a|s\\s<w&rd>\u00a0x", "-----BEGIN KEY-----\nMIIBOgIBAAJBAKj34GkxFhD9\n-----END KEY-----", "plain-secret-value"}
	s := secrets.NewScrubber(values)
	for _, v := range values {
		for name, form := range written(v) {
			got := s.Scrub("before " + form + " after")
			if got == "before "+form+" after" || strings.Contains(got, "MIIBOg") {
				t.Errorf("%s form of %q survived: %s", name, v, got)
			}
		}
	}
}

func TestScrubberCatchesEverySpellingOfANumber(t *testing.T) {
	t.Parallel()
	s := secrets.NewScrubber(nil)
	s.Add(json.Number("73519246"), true, false, "true", "null")
	for _, spelled := range []string{"73519246", "7.3519246e+07", "7.3519246e7", "73519246.0", "7.3519246E+07"} {
		if got := s.Scrub("pin=" + spelled + ";"); got != "pin=(sensitive);" {
			t.Errorf("Scrub(%s) = %q", spelled, got)
		}
	}
	if got := s.Scrub("enabled = true, false"); got != "enabled = true, false" {
		t.Errorf("booleans must not be scrubbed as text: %q", got)
	}
}

func TestScrubberAddsLater(t *testing.T) {
	t.Parallel()
	s := secrets.NewScrubber([]string{"vault-value"})
	_ = s.Scrub("warm the replacer")
	s.Add("plan-value", []any{"nested-value", map[string]any{"k": json.Number("12345678")}})
	got := s.Scrub("vault-value plan-value nested-value 12345678")
	if got != "(sensitive) (sensitive) (sensitive) (sensitive)" {
		t.Errorf("got %q", got)
	}
}

func TestScrubJSONKeepsKeysAndStructure(t *testing.T) {
	t.Parallel()
	s := secrets.NewScrubber([]string{"web-secret"})
	s.Add(json.Number("73519246"))
	in := `{"web-secret_server":{"a":"x web-secret y","pin":73519246,"n":7}}`
	b, err := s.ScrubJSON([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"web-secret_server":{"a":"x (sensitive) y","n":7,"pin":"(sensitive)"}}`
	if string(b) != want {
		t.Errorf("ScrubJSON = %s, want %s", b, want)
	}
}

// FuzzScrubber: no form of a secret survives scrubbing, and text holding no
// form of any secret is returned unchanged.
func FuzzScrubber(f *testing.F) {
	f.Add("hunter2-long", "the password is hunter2-long.", "nothing to see here")
	f.Add("p\"a|s\\s<w&rd>", "x", "a | b")
	f.Add("line-one\nline-two", "k", "(sensitive)")
	f.Fuzz(func(t *testing.T, secret, around, clean string) {
		if len([]rune(strings.TrimSpace(secret))) < secrets.MinScrubLen {
			t.Skip()
		}
		s := secrets.NewScrubber([]string{secret})
		for name, form := range written(secret) {
			got := s.Scrub(around + form + around)
			if strings.Contains(got, form) && !strings.Contains(around+around, form) && !strings.Contains(secrets.Redacted, form) {
				t.Fatalf("%s form %q of %q survived: %q", name, form, secret, got)
			}
		}
		for _, n := range s.Needles() {
			if strings.Contains(clean, n) {
				return
			}
		}
		if got := s.Scrub(clean); got != clean {
			t.Fatalf("text without a secret changed: %q → %q", clean, got)
		}
	})
}
