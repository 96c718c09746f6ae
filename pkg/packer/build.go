package packer

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Result is a successful build.
type Result struct {
	Output *Output
	// Manifest holds the builds this run recorded in the manifest
	// post-processor's file, nil without one.
	Manifest []ManifestBuild
	// RunUUID is Packer's run UUID, from the manifest ("" without one).
	RunUUID string
	// Artifacts is what Record picked (Options.ArtifactFrom) as the registry's map.
	Artifacts map[string]string
	Started   time.Time
	Duration  time.Duration
}

// Version returns packer's version, such as "1.6.6".
func (r *Runner) Version(ctx context.Context) (string, error) {
	out, err := r.command(ctx, "version").Output()
	if err != nil {
		return "", fmt.Errorf("packer version: %w", err)
	}
	m := regexp.MustCompile(`v?(\d+\.\d+\.\d+)`).FindStringSubmatch(string(out))
	if m == nil {
		return "", fmt.Errorf("packer version: unexpected answer %q", strings.TrimSpace(string(out)))
	}
	return m[1], nil
}

// SupportsInit reports whether a packer version has `packer init` (1.7.0+).
func SupportsInit(version string) bool {
	var major, minor int
	fmt.Sscanf(version, "%d.%d", &major, &minor)
	return major > 1 || (major == 1 && minor >= 7)
}

// Init runs `packer init` to install the template's required plugins.
func (r *Runner) Init(ctx context.Context) error {
	_, err := r.stream(ctx, "init", []string{"init", r.target})
	return err
}

// Validate runs `packer validate` with the build's variables.
func (r *Runner) Validate(ctx context.Context) error {
	_, err := r.stream(ctx, "validate", append(append([]string{"validate", "-machine-readable"}, r.varArgs()...), r.target))
	return err
}

// Build runs `packer build -machine-readable -color=false`, streams the
// progress to Log, and returns the artifacts. A failed build is an *Error.
func (r *Runner) Build(ctx context.Context) (*Result, error) {
	start := time.Now()
	args := append([]string{"build", "-machine-readable", "-color=false"}, r.varArgs()...)
	out, err := r.stream(ctx, "build", append(args, r.target))
	if err != nil {
		return nil, err
	}
	res := &Result{Output: out, Started: start, Duration: time.Since(start)}
	if mp := r.ManifestPath(); mp != "" {
		m, err := ReadManifest(filepath.Join(r.dir, mp))
		if err != nil {
			return nil, err
		}
		if m != nil {
			res.Manifest, res.RunUUID = m.LastRun(), m.LastRunUUID
		}
	}
	if res.Artifacts, err = Record(out, r.o.ArtifactFrom); err != nil {
		return nil, &Error{Command: "build", Template: r.o.Template, Messages: []string{err.Error()}, Err: err}
	}
	if len(res.Artifacts) == 0 {
		return nil, &Error{Command: "build", Template: r.o.Template, Messages: []string{"the build reported no artifacts"}}
	}
	return res, nil
}

// stream runs one packer command (machine-readable where args say so), writing its messages to
// Log as they arrive, and returns what it said. A non-zero exit is an *Error
// carrying Packer's error messages.
func (r *Runner) stream(ctx context.Context, name string, args []string) (*Output, error) {
	cmd := r.command(ctx, args...)
	pr, pw := io.Pipe()
	cmd.Stdout = pw
	cmd.Stderr = pw
	p := NewParser()
	done := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
		for sc.Scan() {
			r.logLine(p, sc.Text())
		}
		_, _ = io.Copy(io.Discard, pr)
		done <- sc.Err()
	}()
	err := cmd.Start()
	if err == nil {
		err = cmd.Wait()
	}
	pw.Close()
	<-done
	out := p.Output()
	if err != nil {
		msgs := out.UIErrors
		if len(msgs) == 0 {
			msgs = []string{err.Error()}
		}
		return out, &Error{Command: name, Template: r.o.Template, Messages: msgs, Err: err}
	}
	return out, nil
}

// logLine writes the human-readable part of one line to Log.
func (r *Runner) logLine(p *Parser, s string) {
	l, ok := p.Feed(s)
	switch {
	case !ok:
		fmt.Fprintln(r.o.Log, s)
	case l.Type == "ui" && len(l.Data) >= 2:
		fmt.Fprintln(r.o.Log, strings.TrimRight(l.Data[1], "\n"))
	}
}
