package audit

import tfjson "github.com/hashicorp/terraform-json"

// WithoutValues drops what ties an event to a resource.
func WithoutValues(ev Event) Event {
	ev.refs = nil
	return ev
}

// CheckHygiene is checkHygiene, for tests.
func CheckHygiene(req Request, audited []RootReport, repo *RootReport) error {
	return checkHygiene(req, audited, repo)
}

// ScanSource applies the hygiene rules to one file's text, for fuzzing.
func ScanSource(name string, src []byte) (findings []Finding, suppressions int) {
	s := scanSource(name, src)
	return s.out, len(s.suppressions)
}

// ExpandLogs is expandLogs, for tests.
func ExpandLogs(repo string, lines []string) ([]string, error) { return expandLogs(repo, lines) }

// PlaceEvents is placeEvents, for tests.
func PlaceEvents(roots []RootReport, indexes []StateIndex, repo *RootReport, events []Event, p Principals) {
	placeEvents(roots, indexes, repo, events, p)
}

// Changes is changes, for tests.
func Changes(rcs []*tfjson.ResourceChange, sensitive []string) []ResourceChange {
	return changes(rcs, sensitive)
}

// ParseMarker is parseMarker, for tests.
func ParseMarker(body string) (root, workspace string, ok bool) { return parseMarker(body) }
