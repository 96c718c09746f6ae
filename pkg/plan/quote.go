package plan

import "strconv"

// quote writes a string value the way Terraform shows it: double-quoted, with newlines,
// quotes and control characters escaped, so a value is always one line.
func quote(s string) string {
	return strconv.Quote(s)
}
