package vault_test

import "strings"

// maskedValues are the values of the ::add-mask:: commands in a step log.
func maskedValues(log string) map[string]bool {
	out := map[string]bool{}
	for _, l := range strings.Split(log, "\n") {
		if v, ok := strings.CutPrefix(l, "::add-mask::"); ok {
			out[unescape(v)] = true
		}
	}
	return out
}

// withoutMasks is the log without its ::add-mask:: lines: the runner reads
// those to learn the secrets and never shows them.
func withoutMasks(log string) string {
	var b strings.Builder
	for _, l := range strings.Split(log, "\n") {
		if !strings.HasPrefix(l, "::add-mask::") {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// unescape undoes the workflow-command data escaping.
func unescape(s string) string {
	return strings.NewReplacer("%0D", "\r", "%0A", "\n", "%25", "%").Replace(s)
}
