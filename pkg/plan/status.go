package plan

import "strings"

const statusPrefix = "> <!-- repave:status --> "

// WithStatus sets the status line of a comment body (e.g. "**Applied** in
// <run>"), replacing an earlier one. It goes after the marker and digest
// lines, so the marker stays the first line.
func WithStatus(body, status string) string {
	lines := strings.Split(body, "\n")
	out := make([]string, 0, len(lines)+2)
	at := 0
	for i, l := range lines {
		if strings.HasPrefix(l, statusPrefix) {
			continue
		}
		out = append(out, l)
		if i == 0 || strings.HasPrefix(l, digestPrefix) {
			at = len(out)
		}
	}
	status = strings.ReplaceAll(status, "\n", " ")
	out = append(out[:at], append([]string{statusPrefix + status, ""}, out[at:]...)...)
	return strings.Join(out, "\n")
}
