// Package secrets reads secrets from Vault for one action run: it logs in
// (GitHub OIDC jwt, approle or a given token), reads the requested keys from
// KV v1 or v2, hands the values out as an environment for one subprocess, and
// scrubs them from every text that leaves the process. Closing the session
// revokes the Vault token it logged in with.
//
// It knows nothing of the runner: internal/vaultinputs reads the action
// inputs, masks the values and installs the scrubber.
package secrets

import (
	"fmt"
	"regexp"
	"strings"
)

// Request is one line of the `secrets:` input: read Key of the secret at
// Path and expose it as the environment variable Name.
type Request struct {
	Line int    // 1-based line in the input
	Path string // e.g. secret/data/prod/db (KV v2) or kv/prod/db (KV v1)
	Key  string // e.g. password
	Name string // e.g. TF_VAR_db_password
}

// LineError is a malformed line of the `secrets:` input.
type LineError struct {
	Line   int
	Text   string
	Reason string
}

func (e *LineError) Error() string {
	return fmt.Sprintf("line %d (%q) %s; write one secret per line as `path key | NAME`, e.g. `secret/data/prod/db password | TF_VAR_db_password`", e.Line, e.Text, e.Reason)
}

var (
	envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	nonName = regexp.MustCompile(`[^A-Za-z0-9_]+`)
)

// reservedPrefixes are names the runner or Terraform's automation own; a
// secret under one of them would change how the job itself behaves.
var reservedPrefixes = []string{"GITHUB_", "RUNNER_", "ACTIONS_", "INPUT_", "TF_CLI_ARGS", "TF_LOG", "TF_WORKSPACE", "TF_IN_AUTOMATION", "TF_INPUT", "TF_REATTACH_PROVIDERS"}

// ParseRequests parses the `secrets:` input, the syntax of
// hashicorp/vault-action: one `path key | NAME` per line. `| NAME` may be
// left out; the name is then the key in upper case with every run of other
// characters turned into '_'. Blank lines and lines starting with '#' are
// skipped, and a trailing ';' is allowed.
func ParseRequests(text string) ([]Request, error) {
	var out []Request
	seen := map[string]int{}
	for i, raw := range strings.Split(text, "\n") {
		n := i + 1
		line := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(raw), ";"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		spec, name, hasName := strings.Cut(line, "|")
		fields := strings.Fields(spec)
		switch {
		case len(fields) == 0:
			return nil, &LineError{Line: n, Text: line, Reason: "has no path and key before '|'"}
		case len(fields) == 1:
			return nil, &LineError{Line: n, Text: line, Reason: "has a path but no key (separate them with a space)"}
		case len(fields) > 2:
			return nil, &LineError{Line: n, Text: line, Reason: "has more than a path and a key before '|'"}
		}
		r := Request{Line: n, Path: strings.Trim(fields[0], "/"), Key: fields[1], Name: strings.TrimSpace(name)}
		if hasName && r.Name == "" {
			return nil, &LineError{Line: n, Text: line, Reason: "has '|' but no variable name after it"}
		}
		if !hasName {
			r.Name = strings.ToUpper(strings.Trim(nonName.ReplaceAllString(r.Key, "_"), "_"))
		}
		if !envName.MatchString(r.Name) {
			return nil, &LineError{Line: n, Text: line, Reason: fmt.Sprintf("names the variable %q, which is not a valid environment variable name (letters, digits, '_')", r.Name)}
		}
		for _, p := range reservedPrefixes {
			if strings.HasPrefix(strings.ToUpper(r.Name), p) {
				return nil, &LineError{Line: n, Text: line, Reason: fmt.Sprintf("names the variable %q, but names starting with %s are reserved for the runner or Terraform; choose another name", r.Name, p)}
			}
		}
		if prev, dup := seen[r.Name]; dup {
			return nil, &LineError{Line: n, Text: line, Reason: fmt.Sprintf("sets %s again (line %d already does)", r.Name, prev)}
		}
		seen[r.Name] = n
		out = append(out, r)
	}
	return out, nil
}
