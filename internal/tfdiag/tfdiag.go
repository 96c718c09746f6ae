// Package tfdiag turns Terraform's diagnostics into the runner's
// annotations: the glue between pkg/tf (which knows Terraform) and
// pkg/runner (which knows the runner, not Terraform).
package tfdiag

import (
	"errors"
	"path/filepath"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/repave-dev/repave/pkg/runner"
	"github.com/repave-dev/repave/pkg/tf"
)

// Annotations turns Terraform's JSON diagnostics (from
// `terraform validate -json`, or the diagnostics of `plan -json`) into
// annotations. rootDir is the Terraform root's directory relative to the
// repository (the workspace), so that File is
// filepath.Join(rootDir, range.filename), cleaned and with '/'. The summary
// becomes the title and the detail the message (the summary when there is no
// detail).
func Annotations(diags []tfjson.Diagnostic, rootDir string) []runner.Annotation {
	out := make([]runner.Annotation, 0, len(diags))
	for _, d := range diags {
		a := runner.Annotation{Level: "warning", Title: d.Summary, Message: d.Detail}
		if d.Severity == tfjson.DiagnosticSeverityError {
			a.Level = "error"
		}
		if a.Message == "" {
			a.Message = d.Summary
		}
		if rg := d.Range; rg != nil && rg.Filename != "" {
			file := rg.Filename
			if !filepath.IsAbs(file) {
				file = filepath.Join(rootDir, file)
			}
			a.File = filepath.ToSlash(filepath.Clean(file))
			a.Line, a.EndLine = rg.Start.Line, rg.End.Line
			a.Col, a.EndColumn = rg.Start.Column, rg.End.Column
		}
		out = append(out, a)
	}
	return out
}

// Report annotates the run with the diagnostics err carries (a
// *tf.DiagnosticsError anywhere in its chain), if any, for the root at
// rootDir.
func Report(a *runner.Runtime, err error, rootDir string) {
	var de *tf.DiagnosticsError
	if errors.As(err, &de) {
		for _, an := range Annotations(de.Diagnostics, rootDir) {
			a.Annotate(an)
		}
	}
}
