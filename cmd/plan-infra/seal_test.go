package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
)

// With plan-encryption-recipient, the plan directory also holds the binary
// plan encrypted to that age recipient: only the matching identity opens it,
// and it is exactly plan.tfplan.
func TestPlanInfraSealsTheBinaryPlanToTheRecipient(t *testing.T) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	other, _ := age.GenerateX25519Identity()
	r := runAction(t, map[string]string{"working-directory": "infra/web", "vars": "image_id=img-0002",
		"plan-encryption-recipient": "# the plan readers\n" + id.Recipient().String() + "\n" + other.Recipient().String()})
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	dir := r.Outputs["plan-dir"]
	plain, err := os.ReadFile(filepath.Join(dir, "plan.tfplan"))
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := os.ReadFile(filepath.Join(dir, "plan.tfplan.age"))
	if err != nil {
		t.Fatalf("no sealed plan: %v\n%s", err, r.Log)
	}
	if bytes.Contains(sealed, []byte("example-only-password")) || bytes.Contains(sealed, plain[:64]) {
		t.Error("the sealed plan holds plan text in clear")
	}
	for _, who := range []*age.X25519Identity{id, other} {
		rd, err := age.Decrypt(bytes.NewReader(sealed), who)
		if err != nil {
			t.Fatalf("the recipient's identity cannot open the sealed plan: %v", err)
		}
		got, _ := io.ReadAll(rd)
		if !bytes.Equal(got, plain) {
			t.Error("the sealed plan is not plan.tfplan")
		}
	}
	stranger, _ := age.GenerateX25519Identity()
	if _, err := age.Decrypt(bytes.NewReader(sealed), stranger); err == nil {
		t.Error("another identity opened the sealed plan")
	}
	if st, _ := os.Stat(filepath.Join(dir, "plan.tfplan.age")); st.Mode().Perm() != 0o600 {
		t.Errorf("plan.tfplan.age mode %v, want 0600", st.Mode().Perm())
	}
	if !strings.Contains(r.Log, "plan.tfplan.age") {
		t.Errorf("the log should say where the sealed plan is:\n%s", r.Log)
	}
}

// Without the input, no sealed plan is written (and the workflow uploads no
// binary plan at all).
func TestPlanInfraSealsNothingByDefault(t *testing.T) {
	r := runAction(t, map[string]string{"working-directory": "infra/web", "vars": "image_id=img-0002"})
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	if _, err := os.Stat(filepath.Join(r.Outputs["plan-dir"], "plan.tfplan.age")); err == nil {
		t.Error("a sealed plan was written without plan-encryption-recipient")
	}
}

// A bad recipient is refused before anything is planned, with one error
// naming the input and the line; a pasted identity (the secret half) is
// never echoed, and is masked.
func TestPlanInfraRejectsBadRecipients(t *testing.T) {
	id, _ := age.GenerateX25519Identity()
	for name, tc := range map[string]struct{ value, want string }{
		"not a recipient": {"age1notakey", `::error title=Invalid input::input "plan-encryption-recipient" line 1`},
		"ssh key":         {"ssh-ed25519 AAAAC3Nza", `::error title=Invalid input::input "plan-encryption-recipient" line 1`},
		"identity pasted": {"\n" + id.String(), `::error title=Invalid input::input "plan-encryption-recipient" line 2`},
	} {
		t.Run(name, func(t *testing.T) {
			r := runAction(t, map[string]string{"working-directory": "infra/web", "plan-encryption-recipient": tc.value})
			if r.Code != 1 || !r.OneError(tc.want) {
				t.Fatalf("exit %d, want 1 and one error %q:\n%s", r.Code, tc.want, r.Log)
			}
			if strings.Contains(r.Log, "terraform plan") {
				t.Error("planned despite the bad input")
			}
			for _, l := range strings.Split(r.Log, "\n") {
				if strings.Contains(l, id.String()) && !strings.HasPrefix(l, "::add-mask::") {
					t.Errorf("the pasted identity was shown: %q", l)
				}
			}
		})
	}
}
