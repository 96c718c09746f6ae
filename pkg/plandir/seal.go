package plandir

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"filippo.io/age"
)

// SealedPlan is the binary plan encrypted with age to the recipients given
// to plan-infra (plan-encryption-recipient): the one form of the binary plan
// that may leave the job, since plan.tfplan holds every variable value, Vault
// values included, in clear.
const SealedPlan = BinaryPlan + ".age"

// ParseRecipient parses one age recipient: an X25519 recipient (`age1…`) or
// a post-quantum hybrid one (`age1pq1…`). The error never quotes the text,
// which may be an identity (the secret half) pasted by mistake.
func ParseRecipient(s string) (age.Recipient, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(strings.ToUpper(s), "AGE-SECRET-KEY-") || strings.HasPrefix(strings.ToUpper(s), "AGE-PLUGIN-") {
		return nil, errors.New("is an age identity, the secret half of the key: give its public recipient (`age-keygen -y` prints it) and keep the identity out of the workflow")
	}
	var r age.Recipient
	var err error
	switch {
	case strings.HasPrefix(s, "age1pq1"):
		r, err = age.ParseHybridRecipient(s)
	case strings.HasPrefix(s, "age1"):
		r, err = age.ParseX25519Recipient(s)
	default:
		return nil, errors.New("is not an age recipient")
	}
	if err != nil { // age's own error quotes the text
		return nil, errors.New("is not a valid age recipient (wrong length or checksum: copy it whole)")
	}
	return r, nil
}

// Seal writes SealedPlan: the directory's binary plan encrypted to every
// recipient (any one of their identities opens it), atomically and readable
// by this user only.
func (d Dir) Seal(recipients []age.Recipient) error {
	if len(recipients) == 0 {
		return errors.New("no recipient to seal the plan to")
	}
	plan, err := os.Open(d.File(BinaryPlan))
	if err != nil {
		return fmt.Errorf("plan-dir %s: %w", d.Path, err)
	}
	defer plan.Close()
	tmp, err := os.CreateTemp(d.Path, "."+SealedPlan+".*") // mode 0600
	if err != nil {
		return fmt.Errorf("plan-dir %s: %w", d.Path, err)
	}
	defer os.Remove(tmp.Name())
	w, err := age.Encrypt(tmp, recipients...)
	if err == nil {
		_, err = io.Copy(w, plan)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("plan-dir %s: sealing %s: %w", d.Path, BinaryPlan, err)
	}
	return os.Rename(tmp.Name(), d.File(SealedPlan))
}
