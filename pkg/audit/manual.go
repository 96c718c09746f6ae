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
					if _, taken := idx[v]; !taken { // the first resource in state order keeps it
						idx[v] = r.Address
					}
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

// match returns the address of the resource ev is tied to: its first
// reference (in attribution order, see refs.go) that names a resource of
// idx.
func (idx StateIndex) match(ev Event) string {
	for _, r := range ev.refs {
		if a := idx.lookup(r.value); a != "" {
			return a
		}
	}
	return ""
}

// lookup finds one reference: equal to an id or ARN in state, or, for an
// ARN or a resource path, its last part after "/" or ":".
func (idx StateIndex) lookup(v string) string {
	if a, ok := idx[v]; ok {
		return a
	}
	if i := strings.LastIndexAny(v, "/:"); i >= 0 && i+1 < len(v) {
		if a, ok := idx[v[i+1:]]; ok {
			return a
		}
	}
	return ""
}

// ManualChanges keeps the management writes (see Noise) of principals that
// are not automation, ties each to a resource of idx where its id or ARN
// matches, and orders them by time: those that succeeded are the changes,
// those that failed or were denied the attempts, listed apart.
func ManualChanges(events []Event, p Principals, idx StateIndex) (changes, attempts []ManualChange) {
	for _, ev := range events {
		if Noise(ev) != "" || p.Automation(ev) {
			continue
		}
		m := ManualChange{Event: ev, Console: FromConsole(ev), Address: idx.match(ev)}
		if ev.ErrorCode != "" {
			attempts = append(attempts, m)
		} else {
			changes = append(changes, m)
		}
	}
	sortManual(changes)
	sortManual(attempts)
	return changes, attempts
}

func sortManual(m []ManualChange) {
	sort.SliceStable(m, func(i, j int) bool { return m[i].Time.Before(m[j].Time) })
}
