package audit

import (
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// ManualChange is a write event by a principal that is not automation.
type ManualChange struct {
	Event
	// Console is true when the change was made in the AWS console.
	Console bool `json:"console"`
	// Address is the Terraform address of the resource in state it touched;
	// "" when it matched none (listed as unmatched).
	Address string `json:"address,omitempty"`
}

// notWrites are event names that never change a resource, whatever readOnly says.
var notWrites = map[string]bool{"ConsoleLogin": true, "LookupEvents": true, "Decrypt": true}

// IsWrite reports whether ev changed something: readOnly false, and not a
// Get/Describe/List/Head call, a console sign-in, an audit-log lookup or a
// KMS decryption.
func IsWrite(ev Event) bool {
	if ev.ReadOnly || notWrites[ev.Name] {
		return false
	}
	for _, p := range []string{"Get", "Describe", "List", "Head"} {
		if strings.HasPrefix(ev.Name, p) {
			return false
		}
	}
	return true
}

// FromConsole reports whether ev came from the AWS console: CloudTrail's
// sessionCredentialFromConsole, or a console user agent.
func FromConsole(ev Event) bool {
	ua := strings.ToLower(ev.UserAgent)
	return ev.FromConsole || strings.Contains(ua, "console.amazonaws.com") ||
		strings.Contains(ua, "console.") && strings.Contains(ua, ".amazonaws.com") ||
		strings.Contains(ua, "signin.amazonaws.com") || strings.Contains(ua, "console/")
}

// StateIndex maps resource ids and ARNs in a Terraform state to addresses.
type StateIndex map[string]string

// IndexState collects the "id" and "arn" of every resource in st (modules
// included).
func IndexState(st *tfjson.State) StateIndex {
	idx := StateIndex{}
	if st == nil || st.Values == nil {
		return idx
	}
	var walk func(m *tfjson.StateModule)
	walk = func(m *tfjson.StateModule) {
		if m == nil {
			return
		}
		for _, r := range m.Resources {
			for _, k := range []string{"id", "arn"} {
				if v, ok := r.AttributeValues[k].(string); ok && len(v) >= 3 {
					idx[v] = r.Address
				}
			}
		}
		for _, c := range m.ChildModules {
			walk(c)
		}
	}
	walk(st.Values.RootModule)
	return idx
}

// match returns the address of the resource ev touched: a value of the event
// equal to an id or ARN in state, or an ARN ending in "/<id>" or ":<id>".
func (idx StateIndex) match(ev Event) string {
	for _, v := range ev.values {
		if a, ok := idx[v]; ok {
			return a
		}
	}
	for _, v := range ev.values {
		if !strings.HasPrefix(v, "arn:") {
			continue
		}
		i := strings.LastIndexAny(v, "/:")
		if a, ok := idx[v[i+1:]]; ok {
			return a
		}
	}
	return ""
}

// ManualChanges keeps the write events of principals that are not automation,
// ties each to a resource of idx where its id or ARN matches, and orders them
// by time.
func ManualChanges(events []Event, p Principals, idx StateIndex) []ManualChange {
	var out []ManualChange
	for _, ev := range events {
		if !IsWrite(ev) || p.Automation(ev) {
			continue
		}
		out = append(out, ManualChange{Event: ev, Console: FromConsole(ev), Address: idx.match(ev)})
	}
	sortManual(out)
	return out
}

func sortManual(m []ManualChange) {
	sort.SliceStable(m, func(i, j int) bool { return m[i].Time.Before(m[j].Time) })
}
