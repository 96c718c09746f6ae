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

// FromConsole reports whether ev came from the cloud's web console:
// CloudTrail's sessionCredentialFromConsole, or a console user agent; a
// browser's user agent for GCP; the Azure portal's application id.
func FromConsole(ev Event) bool {
	ua := strings.ToLower(ev.UserAgent)
	if ev.Cloud == CloudGCP || ev.Cloud == CloudAzure {
		// The Google Cloud console calls from the browser; the Azure portal
		// is its own application (FromConsole set from the token's appid).
		return ev.FromConsole || strings.Contains(ua, "mozilla/")
	}
	return ev.FromConsole || strings.Contains(ua, "console.amazonaws.com") ||
		strings.Contains(ua, "console.") && strings.Contains(ua, ".amazonaws.com") ||
		strings.Contains(ua, "signin.amazonaws.com") || strings.Contains(ua, "console/")
}

// StateIndex maps resource ids and ARNs in a Terraform state to addresses.
type StateIndex map[string]string

// IndexState collects the "id" and "arn" of every resource in st (modules
// included): AWS ids and ARNs, GCP resource ids (projects/p/zones/z/
// instances/vm), Azure resource ids (kept lower-case: Azure ids are
// case-insensitive).
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
					if isAzureID(v) {
						v = strings.ToLower(v)
					}
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
	if isAzureID(v) {
		return idx.azure(v)
	}
	if i := strings.LastIndexAny(v, "/:"); i >= 0 && i+1 < len(v) {
		if a, ok := idx[v[i+1:]]; ok {
			return a
		}
	}
	return ""
}

// isAzureID reports whether v is an Azure resource id.
func isAzureID(v string) bool {
	return len(v) > len("/subscriptions/") && strings.EqualFold(v[:len("/subscriptions/")], "/subscriptions/")
}

// azure looks an Azure resource id up case-insensitively (the Activity Log
// often upper-cases them), then its parents down to the provider's top
// resource (a security rule made by hand is tied to its security group).
func (idx StateIndex) azure(v string) string {
	id := strings.ToLower(strings.TrimRight(v, "/"))
	for {
		if a, ok := idx[id]; ok {
			return a
		}
		p := strings.LastIndex(id, "/providers/")
		if p < 0 {
			return ""
		}
		// /providers/<namespace>/<type>/<name>[/<type>/<name>...]
		rest := strings.Split(id[p+len("/providers/"):], "/")
		if len(rest) <= 3 {
			return ""
		}
		id = id[:strings.LastIndex(id[:strings.LastIndex(id, "/")], "/")]
	}
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
