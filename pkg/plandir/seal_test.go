package plandir_test

import (
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/repave-dev/repave/pkg/plandir"
)

func TestParseRecipient(t *testing.T) {
	t.Parallel()
	x, _ := age.GenerateX25519Identity()
	pq, err := age.GenerateHybridIdentity()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, in, err string
	}{
		{"x25519", x.Recipient().String(), ""},
		{"x25519 with spaces", "  " + x.Recipient().String() + " ", ""},
		{"hybrid", pq.Recipient().String(), ""},
		{"identity", x.String(), "is an age identity"},
		{"identity lower case", strings.ToLower(x.String()), "is an age identity"},
		{"plugin identity", "AGE-PLUGIN-YUBIKEY-1XYZ", "is an age identity"},
		{"ssh", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5", "is not an age recipient"},
		{"truncated", x.Recipient().String()[:20], "is not a valid age recipient"},
		{"empty", "", "is not an age recipient"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r, err := plandir.ParseRecipient(tc.in)
			if tc.err == "" {
				if err != nil || r == nil {
					t.Fatalf("ParseRecipient: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("err = %v, want one containing %q", err, tc.err)
			}
			if tc.in != "" && strings.Contains(err.Error(), strings.TrimSpace(tc.in)) {
				t.Errorf("the error quotes the input: %v", err)
			}
		})
	}
}
