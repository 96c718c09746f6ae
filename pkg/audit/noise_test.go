package audit_test

import (
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/audit"
)

// lines renders changes as "Name by principal on address", one a line.
func lines(list []audit.ManualChange) string {
	var out []string
	for _, m := range list {
		s := m.Name + " by " + m.Principal
		if m.Address != "" {
			s += " on " + m.Address
		}
		if m.ErrorCode != "" {
			s += " (" + m.ErrorCode + ")"
		}
		out = append(out, s)
	}
	return strings.Join(out, "\n")
}

func TestManualChangesLeaveNoiseOutAndFailuresApart(t *testing.T) {
	t.Parallel()
	events, err := audit.ParseEvents("noise-and-changes.json", readTrail(t, "noise-and-changes.json"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := audit.ParsePrincipals([]string{"arn:aws:iam::123456789012:role/ci/repave-deploy"})
	if err != nil {
		t.Fatal(err)
	}
	idx := audit.StateIndex{"i-0aaaaaaaaaaaaaaa1": "aws_instance.web", "sg-0ccccccccccccccc1": "aws_security_group.web",
		"acme-assets": "aws_s3_bucket.assets"}
	// Which resource a RunInstances is tied to is TestAttribution's.
	for i := range events {
		if events[i].Name == "RunInstances" {
			events[i] = audit.WithoutValues(events[i])
		}
	}
	changes, attempts := audit.ManualChanges(events, p, idx)
	want := strings.Join([]string{
		"ModifyInstanceAttribute by arn:aws:iam::123456789012:user/alice on aws_instance.web",
		"AuthorizeSecurityGroupIngress by arn:aws:iam::123456789012:user/bob on aws_security_group.web",
		"RunInstances by arn:aws:iam::123456789012:user/dave",
		"PutBucketPolicy by arn:aws:iam::123456789012:user/erin on aws_s3_bucket.assets",
	}, "\n")
	if got := lines(changes); got != want {
		t.Errorf("manual changes:\n%s\nwant exactly the human changes:\n%s", got, want)
	}
	wantAttempts := strings.Join([]string{
		"RunInstances by arn:aws:iam::123456789012:user/mallory (Client.UnauthorizedOperation)",
		"TerminateInstances by arn:aws:iam::123456789012:user/carol on aws_instance.web (OperationNotPermitted)",
	}, "\n")
	if got := lines(attempts); got != wantAttempts {
		t.Errorf("denied or failed attempts:\n%s\nwant:\n%s", got, wantAttempts)
	}
}

func TestNoiseCatalogue(t *testing.T) {
	t.Parallel()
	f := false
	cases := []struct {
		name string
		ev   audit.Event
		want string // "" when it is a change
	}{
		{"ssm heartbeat", audit.Event{Source: "ssm.amazonaws.com", Name: "UpdateInstanceInformation"}, "heartbeat"},
		{"identity center sign-in", audit.Event{Source: "signin.amazonaws.com", Name: "UserAuthentication"}, "sign-in"},
		{"sso authenticate", audit.Event{Source: "sso.amazonaws.com", Name: "Authenticate"}, "sign-in"},
		{"console sign-in by type", audit.Event{Source: "signin.amazonaws.com", Name: "Whatever", EventType: "AwsConsoleSignIn"}, "sign-in"},
		{"session manager", audit.Event{Source: "ssm.amazonaws.com", Name: "StartSession"}, "heartbeat"},
		{"instance connect", audit.Event{Source: "ec2-instance-connect.amazonaws.com", Name: "SendSSHPublicKey"}, "heartbeat"},
		{"cloudwatch agent", audit.Event{Source: "monitoring.amazonaws.com", Name: "PutMetricData"}, "heartbeat"},
		{"data event by flag", audit.Event{Source: "s3.amazonaws.com", Name: "PutObject", Management: &f}, "data"},
		{"data event by category", audit.Event{Source: "s3.amazonaws.com", Name: "PutObject", Category: "Data"}, "data"},
		{"read by flag", audit.Event{Source: "ec2.amazonaws.com", Name: "ModifyThing", ReadOnly: true}, "read"},
		{"read by name", audit.Event{Source: "ec2.amazonaws.com", Name: "DescribeInstances"}, "read"},
		{"service event", audit.Event{Source: "kms.amazonaws.com", Name: "RotateKey", EventType: "AwsServiceEvent"}, "service"},
		{"a change", audit.Event{Source: "ec2.amazonaws.com", Name: "ModifyInstanceAttribute"}, ""},
		{"sso admin is a change", audit.Event{Source: "sso.amazonaws.com", Name: "CreatePermissionSet"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := audit.Noise(c.ev); got != c.want {
				t.Errorf("Noise = %q, want %q", got, c.want)
			}
		})
	}
}

func TestAttributionIsDeterministic(t *testing.T) {
	t.Parallel()
	data := readTrail(t, "noise-and-changes.json")
	p, _ := audit.ParsePrincipals([]string{"arn:aws:iam::123456789012:role/ci/repave-deploy"})
	idx := audit.StateIndex{"i-0aaaaaaaaaaaaaaa1": "aws_instance.web", "sg-0ccccccccccccccc1": "aws_security_group.web",
		"subnet-0bbbbbbbbbbbbbbb1": "aws_subnet.a", "vpc-0eeeeeeeeeeeeeee1": "aws_vpc.main", "acme-assets": "aws_s3_bucket.assets",
		"ami-0fedcba9876543210": "data.aws_ami.web"}
	want := strings.Join([]string{
		"ModifyInstanceAttribute by arn:aws:iam::123456789012:user/alice on aws_instance.web",
		"AuthorizeSecurityGroupIngress by arn:aws:iam::123456789012:user/bob on aws_security_group.web",
		// The instance it made is in no state: the request's identifiers
		// next, shallowest first (subnetId before groupSet.items[0].groupId).
		"RunInstances by arn:aws:iam::123456789012:user/dave on aws_subnet.a",
		"PutBucketPolicy by arn:aws:iam::123456789012:user/erin on aws_s3_bucket.assets",
	}, "\n")
	for run := range 20 {
		events, err := audit.ParseEvents("noise-and-changes.json", data)
		if err != nil {
			t.Fatal(err)
		}
		changes, _ := audit.ManualChanges(events, p, idx)
		if got := lines(changes); got != want {
			t.Fatalf("run %d:\n%s\nwant:\n%s", run+1, got, want)
		}
	}
	// Once the instance RunInstances made is in state, the event is its.
	idx["i-0ddddddddddddddd1"] = "aws_instance.extra"
	events, _ := audit.ParseEvents("noise-and-changes.json", data)
	changes, _ := audit.ManualChanges(events, p, idx)
	if !strings.Contains(lines(changes), "RunInstances by arn:aws:iam::123456789012:user/dave on aws_instance.extra") {
		t.Errorf("a created instance in state should own its RunInstances:\n%s", lines(changes))
	}
}
