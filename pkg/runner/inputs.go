package runner

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/repave-dev/repave/pkg/input"
)

// InputError reports an input whose value is missing or not in the accepted
// form: the one input-error type, defined in pkg/input so that feature
// packages (which may not import pkg/runner) return it too.
type InputError = input.Error

// envName is the spelling our composite actions use in `env:`:
// INPUT_ + upper case, with '-' and ' ' turned into '_'.
func envName(name string) string {
	return "INPUT_" + strings.ToUpper(strings.NewReplacer("-", "_", " ", "_").Replace(name))
}

// raw returns the input untrimmed: INPUT_WORKING_DIRECTORY first, then the
// runner's own INPUT_WORKING-DIRECTORY.
func (r *Runtime) raw(name string) string {
	if v := r.getenv(envName(name)); strings.TrimSpace(v) != "" {
		return v
	}
	// The runner's spelling: spaces to '_', '-' kept. (Not via go-githubactions'
	// GetInput: it trims, and Pairs needs the lines as written to number them.)
	runner := "INPUT_" + strings.ToUpper(strings.ReplaceAll(name, " ", "_"))
	return r.getenv(runner)
}

// String returns the input name, trimmed, or def when it is empty.
func (r *Runtime) String(name, def string) string {
	if v := strings.TrimSpace(r.raw(name)); v != "" {
		return v
	}
	return def
}

// Required returns the input name, trimmed, or an *InputError when it is
// empty.
func (r *Runtime) Required(name string) (string, error) {
	return r.RequiredHint(name, "")
}

// RequiredHint is Required with a hint on where the value usually comes from,
// added to the error, e.g. "to the plan-dir output of plan-infra".
func (r *Runtime) RequiredHint(name, hint string) (string, error) {
	if v := r.String(name, ""); v != "" {
		return v, nil
	}
	want := fmt.Sprintf("set `%s:` in the step's `with:`", name)
	if hint != "" {
		want += " (e.g. " + hint + ")"
	}
	return "", &InputError{Input: name, Reason: "is required", Want: want}
}

// Secret returns the input name, trimmed, after masking it in the log, and
// hides its value in any later InputError about it.
func (r *Runtime) Secret(name string) string {
	r.mu.Lock()
	if r.secretInputs == nil {
		r.secretInputs = map[string]bool{}
	}
	r.secretInputs[name] = true
	r.mu.Unlock()
	v := r.String(name, "")
	r.Mask(v)
	return v
}

var secretWords = []string{"token", "secret", "password", "passphrase", "credential", "key"}

// isSecret reports whether errors about input name must not show its value:
// it was read with Secret, or its name looks like it holds a secret.
func (r *Runtime) isSecret(name string) bool {
	r.mu.Lock()
	marked := r.secretInputs[name]
	r.mu.Unlock()
	if marked {
		return true
	}
	return looksSecret(name)
}

// looksSecret reports whether a name suggests its value is a secret.
func looksSecret(name string) bool {
	lower := strings.ToLower(name)
	for _, w := range secretWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

func (r *Runtime) invalid(name, value, reason, want string) *InputError {
	return &InputError{Input: name, Value: value, Reason: reason, Want: want, Secret: r.isSecret(name)}
}

// Bool parses the input as a boolean. It accepts exactly what GitHub's own
// toolkit (core.getBooleanInput) accepts, the YAML 1.2 core schema booleans:
// true, True, TRUE, false, False, FALSE. Anything else (yes, on, 1, tRuE) is
// an error rather than a guess, so a workflow means the same to our actions
// as to JavaScript ones. Empty gives def.
func (r *Runtime) Bool(name string, def bool) (bool, error) {
	v := r.String(name, "")
	switch v {
	case "":
		return def, nil
	case "true", "True", "TRUE":
		return true, nil
	case "false", "False", "FALSE":
		return false, nil
	}
	return def, r.invalid(name, v, "is not a boolean", "true or false")
}

const durationWant = "a Go duration such as 300s or 5m"

// Duration parses the input as a Go duration ("300s", "5m", "1h30m") or a
// bare integer number of seconds ("300"). Negative values are rejected. Empty
// gives def.
func (r *Runtime) Duration(name string, def time.Duration) (time.Duration, error) {
	v := r.String(name, "")
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		secs, ierr := strconv.ParseInt(v, 10, 64)
		if ierr != nil || secs > int64(maxDuration/time.Second) || secs < -int64(maxDuration/time.Second) {
			return def, r.invalid(name, v, "is not a duration", durationWant)
		}
		d = time.Duration(secs) * time.Second
	}
	if d < 0 {
		return def, r.invalid(name, v, "is negative", durationWant)
	}
	return d, nil
}

const maxDuration = time.Duration(1<<63 - 1)

// Int parses the input as a base-10 integer. Empty gives def.
func (r *Runtime) Int(name string, def int) (int, error) {
	v := r.String(name, "")
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return def, r.invalid(name, v, "is not an integer", "a whole number such as 10")
	}
	return n, nil
}

// Enum returns the input if it is one of allowed, compared without regard to
// case and returned in the spelling of allowed. Empty gives def.
func (r *Runtime) Enum(name, def string, allowed ...string) (string, error) {
	v := r.String(name, "")
	if v == "" {
		return def, nil
	}
	for _, a := range allowed {
		if strings.EqualFold(v, a) {
			return a, nil
		}
	}
	return def, r.invalid(name, v, "is not an accepted value", "one of "+strings.Join(allowed, ", "))
}

// List splits a multi-line input into items: one per line, trimmed; blank
// lines and lines starting with '#' are skipped. Empty gives nil.
func (r *Runtime) List(name string) []string {
	var items []string
	for _, l := range lines(r.raw(name)) {
		items = append(items, l.text)
	}
	return items
}

// Pair is one name=value line of a multi-line input.
type Pair struct{ Name, Value string }

var pairName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

const pairWant = "one name=value per line, such as region=eu-west-1"

// Pairs parses a multi-line input of `name=value` lines, split at the first
// '='; name and value are trimmed, the value may be empty or contain '='.
// Blank lines and lines starting with '#' are skipped. The name must match
// [A-Za-z_][A-Za-z0-9_-]*. Errors name the line, counted from 1 in the input
// as written.
func (r *Runtime) Pairs(name string) ([]Pair, error) {
	var pairs []Pair
	for _, l := range lines(r.raw(name)) {
		k, v, ok := strings.Cut(l.text, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok {
			e := r.invalid(name, l.text, "is not name=value", pairWant)
			e.Line, e.Secret = l.n, e.Secret || looksSecret(l.text)
			return nil, e
		}
		if !pairName.MatchString(k) {
			e := r.invalid(name, l.text, fmt.Sprintf("has an invalid name %q (letters, digits, '_' and '-', not starting with a digit)", k), pairWant)
			e.Line, e.Secret = l.n, e.Secret || looksSecret(k)
			return nil, e
		}
		pairs = append(pairs, Pair{Name: k, Value: v})
	}
	return pairs, nil
}

type line struct {
	n    int // 1-based
	text string
}

// lines returns the trimmed, non-blank, non-comment lines of s with their
// line numbers.
func lines(s string) []line {
	var out []line
	for i, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		out = append(out, line{n: i + 1, text: l})
	}
	return out
}
