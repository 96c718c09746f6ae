package runner

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"regexp"
	"strings"
)

var outputName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// SetOutput sets the step output name to value (scrubbed). On a runner it
// appends `name<<DELIM`, the value and `DELIM` to the file named by
// GITHUB_OUTPUT, with a fresh random DELIM that does not occur in the value:
// go-githubactions' SetOutput uses a fixed delimiter, so a value containing
// it would end early. Outside a runner (GITHUB_OUTPUT unset) it prints
// `output <name>=<value>` to stdout.
//
// The value arrives exactly as given on Linux and macOS runners; on Windows
// runners a "\r\n" inside the value is read back as a line break too.
func (r *Runtime) SetOutput(name, value string) error {
	if !outputName.MatchString(name) {
		return fmt.Errorf("output name %q: use letters, digits, '_' and '-', not starting with a digit", name)
	}
	value = r.scrubbed(value)
	path := r.getenv("GITHUB_OUTPUT")
	if path == "" {
		_, err := fmt.Fprintf(r.stdout, "output %s=%s\n", name, value)
		return err
	}
	delim, err := delimiter(value)
	if err != nil {
		return err
	}
	return appendFile(path, name+"<<"+delim+"\n"+value+"\n"+delim+"\n")
}

// delimiter returns a random heredoc delimiter that does not occur in value.
func delimiter(value string) (string, error) {
	for {
		b := make([]byte, 16)
		if _, err := rand.Read(b); err != nil {
			return "", fmt.Errorf("generating an output delimiter: %w", err)
		}
		d := "ghadelimiter_" + hex.EncodeToString(b)
		if !strings.Contains(value, d) {
			return d, nil
		}
	}
}

// appendFile appends text to path in one write.
func appendFile(path, text string) (err error) {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	_, err = f.WriteString(text)
	return err
}

// Mask tells the runner to hide value in the log from now on. For a
// multi-line value it also masks each non-empty line, because the runner
// matches masks line by line. Masks are not scrubbed: they are how the runner
// learns the secret.
func (r *Runtime) Mask(value string) {
	if strings.TrimSpace(value) == "" {
		return
	}
	r.action.AddMask(value)
	if !strings.ContainsAny(value, "\r\n") {
		return
	}
	for _, l := range strings.FieldsFunc(value, func(c rune) bool { return c == '\n' || c == '\r' }) {
		if strings.TrimSpace(l) != "" {
			r.action.AddMask(l)
		}
	}
}

// Group folds the log lines fn writes under title. The group is closed even
// when fn returns an error or panics (the panic continues after closing).
func (r *Runtime) Group(title string, fn func() error) error {
	r.action.Group(r.scrubbed(title))
	defer r.action.EndGroup()
	return fn()
}

// Infof writes a plain log line (scrubbed). Text that the runner would take
// for a workflow command (a line starting with "::" or "##[", such as
// Terraform output quoting a PR author's "::add-mask::x") is written between
// ::stop-commands:: and its random end token, so it is shown, not obeyed.
func (r *Runtime) Infof(format string, a ...any) {
	text := r.scrubbed(fmt.Sprintf(format, a...))
	if !looksLikeCommand(text) {
		fmt.Fprintln(r.stdout, text)
		return
	}
	token, err := delimiter(text)
	if err != nil {
		token = "repave-stop-commands"
	}
	fmt.Fprintf(r.stdout, "::stop-commands::%s\n%s\n::%s::\n", token, text, token)
}

// looksLikeCommand reports whether a line of text would be read as a
// workflow command by the runner, which ignores leading white space.
func looksLikeCommand(text string) bool {
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimLeft(l, " \t\r\v\f")
		if strings.HasPrefix(l, "::") || strings.HasPrefix(l, "##[") {
			return true
		}
	}
	return false
}

// Debugf writes a line shown only when step debug logging is on (scrubbed).
func (r *Runtime) Debugf(format string, a ...any) {
	r.action.Debugf("%s", r.scrubbed(fmt.Sprintf(format, a...)))
}

// Warningf writes a warning annotation without a file position (scrubbed).
func (r *Runtime) Warningf(format string, a ...any) {
	r.action.Warningf("%s", r.scrubbed(fmt.Sprintf(format, a...)))
}

// SetOutputs sets each output of pairs (name, value) in order, stopping at
// the first that fails.
func (r *Runtime) SetOutputs(pairs [][2]string) error {
	for _, o := range pairs {
		if err := r.SetOutput(o[0], o[1]); err != nil {
			return err
		}
	}
	return nil
}
