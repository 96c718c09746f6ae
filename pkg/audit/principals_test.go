package audit_test

import (
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/audit"
)

func TestPrincipalsMatchLiterallyWithIAMWildcards(t *testing.T) {
	t.Parallel()
	p, err := audit.ParsePrincipals([]string{
		"arn:aws:iam::123456789012:role/ci+deploy", // + is legal in IAM names
		"arn:aws:iam::123456789012:user/bot.?",     // ? is one character
		"arn:aws:iam::*:role/org/terraform-*",      // * anywhere, sessions too
		"re:arn:aws:sts::123456789012:assumed-role/atlantis/run-[0-9]+",
		"Deploy@acme-prod.iam.gserviceaccount.com", // GCP, case-insensitive
		"pipeline@acme.onmicrosoft.com",            // Azure UPN
		"6f1b2c3d-0000-4000-8000-00000000abcd",     // Azure object id
	})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		ev   audit.Event
		want bool
	}{
		{audit.Event{Principal: "arn:aws:iam::123456789012:role/ci+deploy"}, true},
		{audit.Event{Principal: "arn:aws:sts::123456789012:assumed-role/ci+deploy/GitHubActions"}, true},
		{audit.Event{Principal: "arn:aws:iam::123456789012:role/ciideploy"}, false},
		{audit.Event{Principal: "arn:aws:iam::123456789012:user/bot.1"}, true},
		{audit.Event{Principal: "arn:aws:iam::123456789012:user/botx1"}, false},
		{audit.Event{Principal: "arn:aws:iam::123456789012:user/bot.12"}, false},
		{audit.Event{Principal: "arn:aws:sts::999999999999:assumed-role/terraform-apply/s1", Issuer: "arn:aws:iam::999999999999:role/org/terraform-apply"}, true},
		{audit.Event{Principal: "arn:aws:sts::999999999999:assumed-role/terraform-apply/s1"}, true},
		{audit.Event{Principal: "arn:aws:sts::123456789012:assumed-role/atlantis/run-17"}, true},
		// Anchored: a chosen session name cannot make a human's ARN match.
		{audit.Event{Principal: "arn:aws:sts::123456789012:assumed-role/admin/arn:aws:sts::123456789012:assumed-role/atlantis/run-1"}, false},
		{audit.Event{Principal: "arn:aws:sts::123456789012:assumed-role/atlantis/run-17x"}, false},
		{audit.Event{Cloud: audit.CloudGCP, Principal: "deploy@acme-prod.iam.gserviceaccount.com"}, true},
		{audit.Event{Cloud: audit.CloudGCP, Principal: "alice@acme.com"}, false},
		{audit.Event{Cloud: audit.CloudAzure, Principal: "pipeline@acme.onmicrosoft.com"}, true},
		{audit.Event{Cloud: audit.CloudAzure, Principal: "alice@acme.onmicrosoft.com", PrincipalID: "11111111-0000-4000-8000-000000000000"}, false},
		{audit.Event{Cloud: audit.CloudAzure, Principal: "6F1B2C3D-0000-4000-8000-00000000ABCD"}, true},
		{audit.Event{Cloud: audit.CloudAzure, Principal: "sp-name", PrincipalID: "6f1b2c3d-0000-4000-8000-00000000abcd"}, true},
	}
	for _, c := range cases {
		if got := p.Automation(c.ev); got != c.want {
			t.Errorf("Automation(%s %s %s) = %v, want %v", c.ev.Principal, c.ev.Issuer, c.ev.PrincipalID, got, c.want)
		}
	}
}

func TestPrincipalsRejectUnprefixedRegexps(t *testing.T) {
	t.Parallel()
	for _, l := range []string{"^arn:aws:iam::1:role/x$", "assumed-role/terraform-", "re:role/(unclosed", "arn:aws:iam"} {
		_, err := audit.ParsePrincipals([]string{"arn:aws:iam::1:role/ok", l})
		if err == nil || !strings.Contains(err.Error(), "line 2") {
			t.Errorf("%q: err = %v, want an error naming line 2", l, err)
		}
	}
}
