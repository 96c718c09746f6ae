package plan

import (
	"strings"
	"testing"
)

// numberPlan is a plan whose one update changes a number from 1 to lit, written
// as Terraform writes it.
func numberPlan(lit string) []byte {
	return []byte(`{"format_version":"1.2","terraform_version":"1.9.8",
"planned_values":{"root_module":{}},
"resource_changes":[{"address":"terraform_data.n","mode":"managed","type":"terraform_data","name":"n",
 "provider_name":"terraform.io/builtin/terraform",
 "change":{"actions":["update"],
  "before":{"id":"x","input":{"n":1,"keep":"k"}},
  "after":{"id":"x","input":{"n":` + lit + `,"keep":"k"}},
  "after_unknown":{},"before_sensitive":{},"after_sensitive":{}}}],
"output_changes":{"big":{"actions":["create"],"before":null,"after":` + lit + `,"after_unknown":false,"before_sensitive":false,"after_sensitive":false}}}`)
}

// TestNumbersAsWritten: every number reaches every output exactly as the plan JSON
// writes it: the comment and summary (Render), plan.json (Redact) and what is rendered
// again from plan.json, never a float64 form such as 1.2096e+06.
func TestNumbersAsWritten(t *testing.T) {
	t.Parallel()
	for _, lit := range []string{"1209600", "9007199254740993", "1e-7", "0.0000001", "-0", "1.5", "123456789012345678901234567890"} {
		t.Run(lit, func(t *testing.T) {
			t.Parallel()
			p, err := Parse(numberPlan(lit))
			if err != nil {
				t.Fatal(err)
			}
			md := Render(p, goldenOptions)
			for _, want := range []string{"~   n = 1 → " + lit + "\n", "+ big = " + lit + "\n"} {
				if !strings.Contains(md, want) {
					t.Errorf("Render: missing %q in:\n%s", want, md)
				}
			}
			red, err := Redact(p, RedactOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(red), `"n":`+lit+`}`) {
				t.Errorf("Redact: the number is not written as %s:\n%s", lit, red)
			}
			rp, err := Parse(red)
			if err != nil {
				t.Fatal(err)
			}
			if again := Render(rp, goldenOptions); again != md {
				t.Errorf("rendered from plan.json differs:\n%s\nfrom the plan:\n%s", again, md)
			}
		})
	}
}

// TestFingerprintNumbers: the canonical form of a number that a float64 holds exactly
// is unchanged (fingerprints of such plans stay what they were), and numbers a float64
// cannot tell apart still get different fingerprints.
func TestFingerprintNumbers(t *testing.T) {
	t.Parallel()
	fp := func(lit string) string {
		t.Helper()
		p, err := Parse(numberPlan(lit))
		if err != nil {
			t.Fatal(err)
		}
		f, err := Fingerprint(p)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	for _, tc := range []struct{ a, b string }{
		{"1209600", "1209600.0"},
		{"1e-7", "0.0000001"},
		{"1209600", "1.2096e6"},
	} {
		if fp(tc.a) != fp(tc.b) {
			t.Errorf("%s and %s are the same number but fingerprint differently", tc.a, tc.b)
		}
	}
	for _, tc := range []struct{ a, b string }{
		{"9007199254740993", "9007199254740992"},
		{"1209600", "1209601"},
		{"123456789012345678901234567890", "123456789012345678901234567891"},
	} {
		if fp(tc.a) == fp(tc.b) {
			t.Errorf("%s and %s are different numbers but fingerprint the same", tc.a, tc.b)
		}
	}
	for lit, want := range map[string]string{"1209600": "1.2096e+06", "1e-7": "1e-07", "9007199254740993": "9007199254740993", "-0": "-0"} {
		if got := canonicalNumber(lit); got != want {
			t.Errorf("canonicalNumber(%s) = %s, want %s (the form fingerprints were made with)", lit, got, want)
		}
	}
}
