package audit_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/audit"
)

func readTrail(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixture.Repo(t), "testdata", "audit", "cloudtrail", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseEventsBothFormats(t *testing.T) {
	t.Parallel()
	lookup, err := audit.ParseEvents("lookup-events.json", readTrail(t, "lookup-events.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(lookup) != 5 {
		t.Fatalf("%d events, want 5", len(lookup))
	}
	first := lookup[0]
	if first.Name != "ModifyInstanceAttribute" || first.Principal != "arn:aws:iam::123456789012:user/alice" ||
		first.ReadOnly || !first.FromConsole || first.Time.Format("15:04:05") != "10:02:11" || first.Source != "ec2.amazonaws.com" {
		t.Errorf("first event = %+v", first)
	}
	if !lookup[1].ReadOnly {
		t.Error("DescribeInstances should be read-only")
	}
	if lookup[2].Issuer != "arn:aws:iam::123456789012:role/ci/repave-deploy" {
		t.Errorf("issuer of the pipeline's session = %q", lookup[2].Issuer)
	}
	records, err := audit.ParseEvents("s3-export.json", readTrail(t, "s3-export.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 5 || records[0].Name != "ModifyDBInstance" || records[3].ReadOnly != true {
		t.Errorf("records = %+v", records)
	}
}

func TestParseEventsErrors(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, in, want string }{
		{"not json", "nope", "document 1, is not JSON"},
		{"other json", `{"Items": []}`, `neither "Records"`},
		{"a number", `42`, "neither a JSON object nor a list"},
		{"second document broken", `{"Records":[]} {"Records":`, "document 2, is not JSON"},
		{"fake gzip", "\x1f\x8bnot really", "starts like gzip but is not"},
		{"lookup without record", `{"Events":[{"EventId":"e1","EventName":"X"}]}`, "no CloudTrailEvent"},
		{"lookup record not json", `{"Events":[{"EventId":"e1","CloudTrailEvent":"{"}]}`, "CloudTrailEvent is not a CloudTrail record"},
		{"record without name", `{"Records":[{"eventTime":"2026-01-01T00:00:00Z"}]}`, "record 1: no eventName"},
		{"bad time", `{"Records":[{"eventName":"X","eventTime":"yesterday"}]}`, "not an RFC 3339 time"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := audit.ParseEvents("f.json", []byte(c.in))
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "f.json") {
				t.Errorf("err = %v, want it to name f.json and say %q", err, c.want)
			}
		})
	}
	for _, empty := range []string{`{"Records":[]}`, `[]`, ``, "\n"} {
		if ev, err := audit.ParseEvents("empty", []byte(empty)); err != nil || len(ev) != 0 {
			t.Errorf("empty log %q: %v, %v", empty, ev, err)
		}
	}
}

func TestPrincipals(t *testing.T) {
	t.Parallel()
	p, err := audit.ParsePrincipals([]string{
		"arn:aws:iam::123456789012:role/ci/repave-deploy",
		"re:arn:aws:sts::123456789012:assumed-role/terraform-[a-z]+/.*",
		"arn:aws:sts::123456789012:assumed-role/atlantis/*",
		"",
		"# a comment",
	})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		principal, issuer string
		want              bool
	}{
		{"arn:aws:sts::123456789012:assumed-role/repave-deploy/GitHubActions", "", true},
		{"arn:aws:sts::123456789012:assumed-role/repave-deploy/a/b", "", false},
		{"arn:aws:sts::999999999999:assumed-role/repave-deploy/GitHubActions", "", false},
		{"arn:aws:sts::123456789012:assumed-role/other/x", "arn:aws:iam::123456789012:role/ci/repave-deploy", true},
		{"arn:aws:iam::123456789012:role/ci/repave-deploy", "", true},
		{"arn:aws:sts::123456789012:assumed-role/terraform-apply/i-0abc", "", true},
		{"arn:aws:iam::123456789012:user/alice", "", false},
		{"arn:aws:sts::123456789012:assumed-role/atlantis/run-17", "", true},
		{"arn:aws:sts::123456789012:assumed-role/atlantis-x/run-17", "", false},
	}
	for _, c := range cases {
		if got := p.Automation(audit.Event{Principal: c.principal, Issuer: c.issuer}); got != c.want {
			t.Errorf("Automation(%s, %s) = %v, want %v", c.principal, c.issuer, got, c.want)
		}
	}
	_, err = audit.ParsePrincipals([]string{"arn:aws:iam::1:role/ok", "role/(unclosed"})
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("bad regexp: err = %v, want it to name line 2", err)
	}
}

func TestManualChangesFromFixtures(t *testing.T) {
	t.Parallel()
	var events []audit.Event
	for _, f := range []string{"lookup-events.json", "s3-export.json"} {
		ev, err := audit.ParseEvents(f, readTrail(t, f))
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, ev...)
	}
	p, _ := audit.ParsePrincipals([]string{"arn:aws:iam::123456789012:role/ci/repave-deploy", "re:.*assumed-role/terraform-.*"})
	idx := audit.StateIndex{"__ID_WEB_1__": "terraform_data.web[1]", "__ID_DB__": "terraform_data.database"}
	got, _ := audit.ManualChanges(events, p, idx)
	var lines []string
	for _, m := range got {
		lines = append(lines, m.Name+" by "+m.Principal+" on "+m.Address+" console="+map[bool]string{true: "yes", false: "no"}[m.Console])
	}
	want := []string{
		"ModifyInstanceAttribute by arn:aws:iam::123456789012:user/alice on terraform_data.web[1] console=yes",
		"AuthorizeSecurityGroupIngress by arn:aws:iam::123456789012:user/bob on  console=no",
		"ModifyDBInstance by arn:aws:iam::123456789012:user/carol on terraform_data.database console=no",
		"PutBucketPolicy by arn:aws:iam::123456789012:user/dave on  console=yes",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("manual changes:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

func FuzzParseEvents(f *testing.F) {
	for _, name := range []string{"cloudtrail/lookup-events.json", "cloudtrail/s3-export.json", "cloudtrail/noise-and-changes.json",
		"gcp/admin-activity.json", "gcp/sink-export.jsonl", "azure/activity-log-list.json", "azure/PT1H.json"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "audit", filepath.FromSlash(name)))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		if len(b) < 4096 {
			f.Add(append(append([]byte(nil), b...), b...))
		}
	}
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte(`{"protoPayload":{"methodName":"m","status":{"code":99}},"operation":{"last":true}}` + "\n" + `{"operationName":{"value":"a/b/write"},"status":"Failed","resourceId":"/subscriptions/x/providers/a/b/c/d/e"}`))
	f.Add([]byte(`{"Events":[{"CloudTrailEvent":"{\"eventName\":\"X\",\"readOnly\":\"false\"}"}]}`))
	f.Add([]byte(`{"Records":[{"eventName":"Put","requestParameters":{"a":[{"b":"c"}]}}]}`))
	p, _ := audit.ParsePrincipals([]string{"arn:aws:iam::1:role/r", "re:x.*", "ci@p.iam.gserviceaccount.com"})
	idx := audit.StateIndex{"x": "a.b", "/subscriptions/x/providers/a/b/c": "azurerm_x.y"}
	f.Fuzz(func(t *testing.T, data []byte) {
		events, err := audit.ParseEvents("fuzz", data)
		if err != nil {
			if events != nil {
				t.Fatal("events and an error")
			}
			return
		}
		changes, attempts := audit.ManualChanges(events, p, idx)
		for _, m := range changes {
			if audit.Noise(m.Event) != "" || m.Name == "" || m.ErrorCode != "" {
				t.Fatalf("kept a noise or failed event as a change: %+v", m)
			}
		}
		for _, m := range attempts {
			if m.ErrorCode == "" {
				t.Fatalf("an attempt without an error: %+v", m)
			}
		}
	})
}
