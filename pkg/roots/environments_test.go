package roots

import (
	"errors"
	"strings"
	"testing"
)

func TestEnvironmentsMapRootsToTheFirstMatchingLine(t *testing.T) {
	t.Parallel()
	e, err := ParseEnvironments(strings.Split(`
# production first: the first matching line wins
prod/** = production
prod-eu/*=production-eu
  staging/** =  staging 
** = development`, "\n"))
	if err != nil {
		t.Fatal(err)
	}
	for root, want := range map[string]string{
		"prod":        "production",
		"prod/web":    "production",
		"prod/eu/web": "production",
		"prod-eu/web": "production-eu",
		"prod-eu/a/b": "development", // `*` stays within one directory name
		"staging/app": "staging",
		"./staging/x": "staging",
		"sandbox":     "development",
		".":           "development",
	} {
		if got := e.For(root); got != want {
			t.Errorf("For(%q) = %q, want %q", root, got, want)
		}
	}
	none, _ := ParseEnvironments([]string{"prod/** = production"})
	if got := none.For("dev/web"); got != "" {
		t.Errorf("an unmatched root gets %q, want \"\" (the caller's default)", got)
	}
	if empty, _ := ParseEnvironments([]string{"", "  "}); !empty.Empty() {
		t.Error("blank lines make a mapping")
	}
}

func TestEnvironmentsRefuseBadLines(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, reason string }{
		{"prod/** production", "is not `glob = environment`"},
		{"= production", "has no glob"},
		{"!prod/** = production", "has no glob"},
		{"prod/** =", "names no environment"},
		{"prod/[ = production", "is not a valid glob"},
		{"../x = production", "is not a path inside the repository"},
		{"prod/** = " + strings.Repeat("x", 256), "GitHub does not accept"},
		{"prod/** = a\x01b", "GitHub does not accept"},
	} {
		_, err := ParseEnvironments([]string{"ok/** = fine", tc.in})
		var pe *PatternError
		if !errors.As(err, &pe) || pe.Line != 2 || !strings.Contains(pe.Reason, tc.reason) {
			t.Errorf("%q: got %v, want line 2 %q", tc.in, err, tc.reason)
		}
	}
}

func FuzzParseEnvironments(f *testing.F) {
	f.Add("prod/** = production\n** = dev")
	f.Add("a=b=c")
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseEnvironments(strings.Split(s, "\n"))
		if err == nil {
			_ = e.For("prod/web")
		}
	})
}
