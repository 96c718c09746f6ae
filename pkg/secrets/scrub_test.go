package secrets_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/secrets"
)

func TestScrubber(t *testing.T) {
	t.Parallel()
	pem := "-----BEGIN KEY-----\nMIIBOgIBAAJBAKj34GkxFhD9\n}\n-----END KEY-----"
	s := secrets.NewScrubber([]string{"hunter2-long", `quo"te\back`, pem, "", "ab"})
	tests := []struct{ in, want string }{
		{"password=hunter2-long;", "password=(sensitive);"},
		{"the key:\n" + pem + "\n", "the key:\n(sensitive)\n"},
		{"one line: MIIBOgIBAAJBAKj34GkxFhD9 leaked", "one line: (sensitive) leaked"},
		{"short lines and values stay: { } ab-cd", "short lines and values stay: { } ab-cd"},
	}
	for _, tt := range tests {
		if got := s.Scrub(tt.in); got != tt.want {
			t.Errorf("Scrub(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// In JSON a value is escaped: the escaped form is scrubbed too, and the JSON stays valid.
	b, _ := json.Marshal(map[string]string{"a": `quo"te\back`, "b": pem})
	got := s.Scrub(string(b))
	if strings.Contains(got, "back") || strings.Contains(got, "MIIBOg") {
		t.Errorf("escaped values survived: %s", got)
	}
	var v map[string]string
	if err := json.Unmarshal([]byte(got), &v); err != nil {
		t.Errorf("scrubbed JSON is invalid: %v\n%s", err, got)
	}
	var nilScrubber *secrets.Scrubber
	if nilScrubber.Scrub("x") != "x" {
		t.Error("a nil scrubber must pass text through")
	}
}
