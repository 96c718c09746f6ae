package audit_test

import (
	"strings"
	"testing"
	"time"

	"github.com/repave-dev/repave/pkg/audit"
)

// cloudsReport audits three roots (and one that shares a security group
// with the AWS root) against the fixtures of the three clouds.
func cloudsReport(t *testing.T) *audit.Report {
	t.Helper()
	var events []audit.Event
	for _, f := range []string{"cloudtrail/noise-and-changes.json", "gcp/admin-activity.json", "azure/activity-log-list.json", "azure/PT1H.json"} {
		ev, err := audit.ParseEvents(f, readLog(t, f))
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, ev...)
	}
	p, err := audit.ParsePrincipals([]string{
		"arn:aws:iam::123456789012:role/ci/repave-deploy",
		"deploy@acme-prod.iam.gserviceaccount.com",
		"6f1b2c3d-0000-4000-8000-00000000abcd",
	})
	if err != nil {
		t.Fatal(err)
	}
	ci := cloudIndex()
	gcp, azure := audit.StateIndex{}, audit.StateIndex{}
	for k, v := range ci {
		if strings.HasPrefix(v, "google_") {
			gcp[k] = v
		} else {
			azure[k] = v
		}
	}
	aws := audit.StateIndex{"i-0aaaaaaaaaaaaaaa1": "aws_instance.web", "sg-0ccccccccccccccc1": "aws_security_group.web",
		"subnet-0bbbbbbbbbbbbbbb1": "aws_subnet.a", "acme-assets": "aws_s3_bucket.assets"}
	// infra/network also holds the security group (imported twice): the
	// sorted first root gets its events, every run.
	network := audit.StateIndex{"sg-0ccccccccccccccc1": "aws_security_group.shared", "vpc-0eeeeeeeeeeeeeee1": "aws_vpc.main"}
	names := []string{"infra/aws", "infra/azure", "infra/gcp", "infra/network"}
	roots := make([]audit.RootReport, len(names))
	for i, n := range names {
		roots[i] = audit.RootReport{Root: n, Workspace: "default"}
	}
	repo := audit.RootReport{Root: audit.RepositoryRoot, Workspace: "default"}
	audit.PlaceEvents(roots, []audit.StateIndex{aws, azure, gcp, network}, &repo, events, p)
	return &audit.Report{GeneratedAt: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC), Roots: append(roots, repo)}
}

func TestThreeCloudsReportHoldsExactlyTheHumanChangesEveryRun(t *testing.T) {
	t.Parallel()
	first := audit.Summary(cloudsReport(t), nil, nil)
	golden(t, "clouds-summary.md", first)
	for run := 2; run <= 20; run++ {
		if got := audit.Summary(cloudsReport(t), nil, nil); got != first {
			t.Fatalf("run %d rendered another report:\n%s", run, got)
		}
	}
	rep := cloudsReport(t)
	var changes, attempts []string
	for _, r := range rep.Roots {
		for _, m := range r.Manual {
			changes = append(changes, r.Root+": "+m.Name+" by "+m.Principal)
		}
		for _, m := range r.Attempts {
			attempts = append(attempts, r.Root+": "+m.Name+" by "+m.Principal)
		}
	}
	wantChanges := []string{
		"infra/aws: ModifyInstanceAttribute by arn:aws:iam::123456789012:user/alice",
		"infra/aws: AuthorizeSecurityGroupIngress by arn:aws:iam::123456789012:user/bob",
		"infra/aws: RunInstances by arn:aws:iam::123456789012:user/dave",
		"infra/aws: PutBucketPolicy by arn:aws:iam::123456789012:user/erin",
		"infra/azure: Microsoft.Compute/virtualMachines/write by alice@acme.onmicrosoft.com",
		"infra/azure: MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/SECURITYRULES/WRITE by carol@acme.onmicrosoft.com",
		"infra/gcp: v1.compute.instances.setMachineType by alice@acme.com",
		"infra/gcp: v1.compute.firewalls.patch by bob@acme.com",
		"infra/gcp: storage.setIamPermissions by erin@acme.com",
	}
	wantAttempts := []string{
		"infra/aws: RunInstances by arn:aws:iam::123456789012:user/mallory",
		"infra/aws: TerminateInstances by arn:aws:iam::123456789012:user/carol",
		"infra/azure: Microsoft.Network/networkSecurityGroups/delete by mallory@acme.onmicrosoft.com",
		"infra/azure: MICROSOFT.COMPUTE/VIRTUALMACHINES/DELETE by carol@acme.onmicrosoft.com",
		"infra/gcp: v1.compute.firewalls.delete by mallory@acme.com",
	}
	if got, want := strings.Join(changes, "\n"), strings.Join(wantChanges, "\n"); got != want {
		t.Errorf("manual changes:\n%s\nwant exactly:\n%s", got, want)
	}
	if got, want := strings.Join(attempts, "\n"), strings.Join(wantAttempts, "\n"); got != want {
		t.Errorf("denied or failed attempts:\n%s\nwant:\n%s", got, want)
	}
}
