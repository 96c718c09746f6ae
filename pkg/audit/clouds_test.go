package audit_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/audit"
)

func readLog(t *testing.T, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixture.Repo(t), "testdata", "audit", rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const (
	gcpInstance = "projects/acme-prod/zones/us-central1-a/instances/web-1"
	azureRG     = "/subscriptions/0a1b2c3d-0000-4000-8000-000000000001/resourceGroups/rg-web"
)

func cloudIndex() audit.StateIndex {
	return audit.StateIndex{
		gcpInstance: "google_compute_instance.web",
		"projects/acme-prod/global/firewalls/allow-ssh": "google_compute_firewall.ssh",
		"acme-prod-assets": "google_storage_bucket.assets",
		strings.ToLower(azureRG + "/providers/Microsoft.Compute/virtualMachines/vm-web-1"):      "azurerm_linux_virtual_machine.web",
		strings.ToLower(azureRG + "/providers/Microsoft.Network/networkSecurityGroups/nsg-web"): "azurerm_network_security_group.web",
	}
}

func TestGCPAdminActivityBothExports(t *testing.T) {
	t.Parallel()
	p, err := audit.ParsePrincipals([]string{"deploy@acme-prod.iam.gserviceaccount.com"})
	if err != nil {
		t.Fatal(err)
	}
	wantChanges := strings.Join([]string{
		"v1.compute.instances.setMachineType by alice@acme.com on google_compute_instance.web",
		"v1.compute.firewalls.patch by bob@acme.com on google_compute_firewall.ssh",
		"storage.setIamPermissions by erin@acme.com on google_storage_bucket.assets",
	}, "\n")
	wantAttempts := "v1.compute.firewalls.delete by mallory@acme.com on google_compute_firewall.ssh (PERMISSION_DENIED)"
	for _, f := range []string{"gcp/admin-activity.json", "gcp/sink-export.jsonl"} {
		t.Run(f, func(t *testing.T) {
			t.Parallel()
			events, err := audit.ParseEvents(f, readLog(t, f))
			if err != nil {
				t.Fatal(err)
			}
			changes, attempts := audit.ManualChanges(events, p, cloudIndex())
			if got := lines(changes); got != wantChanges {
				t.Errorf("changes:\n%s\nwant:\n%s", got, wantChanges)
			}
			if got := lines(attempts); got != wantAttempts {
				t.Errorf("attempts:\n%s\nwant:\n%s", got, wantAttempts)
			}
			if len(changes) == 3 && (!changes[1].Console || changes[0].Console || changes[0].Cloud != audit.CloudGCP) {
				t.Errorf("the patch came from the console, the rest from gcloud: %+v", changes)
			}
		})
	}
}

func TestAzureActivityLogBothShapes(t *testing.T) {
	t.Parallel()
	p, err := audit.ParsePrincipals([]string{"6f1b2c3d-0000-4000-8000-00000000abcd"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ file, changes, attempts string }{
		{"azure/activity-log-list.json",
			"Microsoft.Compute/virtualMachines/write by alice@acme.onmicrosoft.com on azurerm_linux_virtual_machine.web",
			"Microsoft.Network/networkSecurityGroups/delete by mallory@acme.onmicrosoft.com on azurerm_network_security_group.web (Forbidden)"},
		{"azure/PT1H.json",
			// A rule made by hand is tied to its security group.
			"MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/SECURITYRULES/WRITE by carol@acme.onmicrosoft.com on azurerm_network_security_group.web",
			"MICROSOFT.COMPUTE/VIRTUALMACHINES/DELETE by carol@acme.onmicrosoft.com on azurerm_linux_virtual_machine.web (Failed.Conflict)"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			t.Parallel()
			events, err := audit.ParseEvents(c.file, readLog(t, c.file))
			if err != nil {
				t.Fatal(err)
			}
			changes, attempts := audit.ManualChanges(events, p, cloudIndex())
			if got := lines(changes); got != c.changes {
				t.Errorf("changes:\n%s\nwant:\n%s", got, c.changes)
			}
			if got := lines(attempts); got != c.attempts {
				t.Errorf("attempts:\n%s\nwant:\n%s", got, c.attempts)
			}
		})
	}
	events, _ := audit.ParseEvents("az", readLog(t, "azure/activity-log-list.json"))
	changes, _ := audit.ManualChanges(events, p, cloudIndex())
	if len(changes) != 1 || !changes[0].Console {
		t.Errorf("alice's write came from the Azure portal: %+v", changes)
	}
}

func TestAllThreeCloudsInOneFile(t *testing.T) {
	t.Parallel()
	var all []byte
	for _, f := range []string{"cloudtrail/noise-and-changes.json", "gcp/sink-export.jsonl", "azure/PT1H.json", "azure/activity-log-list.json", "gcp/admin-activity.json"} {
		all = append(all, readLog(t, f)...)
	}
	events, err := audit.ParseEvents("mixed", gz(t, all))
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, e := range events {
		count[e.Cloud]++
	}
	if count[audit.CloudAWS] != 18 || count[audit.CloudGCP] != 20 || count[audit.CloudAzure] != 12 {
		t.Errorf("events per cloud: %v", count)
	}
}
