package vaultinputs

import (
	"github.com/repave-dev/repave/pkg/runner"
	"github.com/repave-dev/repave/pkg/secrets"
)

// Scrubber returns the run's one scrubber (the session's: Vault's values) and
// installs it on a, so that every text the runtime writes passes it. The
// plan's sensitive values are added to it as the run learns them.
func Scrubber(a *runner.Runtime, s *secrets.Session) *secrets.Scrubber {
	sc := s.Scrubber()
	a.SetScrubber(sc.Scrub)
	return sc
}

// Masker returns a hook that registers values (a plan's sensitive values)
// with the runner's masker, in the forms the log could show them.
func Masker(a *runner.Runtime) func([]any) {
	return func(values []any) {
		for _, f := range secrets.MaskForms(values) {
			a.Mask(f)
		}
	}
}
