package main

import (
	"github.com/repave-dev/repave/internal/imageinputs"
	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/runner"
)

// imageRequest reads the `images` and `registry-dir` inputs. The old version
// of each image comes from the base branch's registry (origin/<base> on a
// pull request), when the checkout has it.
func imageRequest(a *runner.Runtime, ev *runner.Event) (review.ImageRequest, error) {
	req, err := imageinputs.Read(a)
	if err == nil && ev.BaseRef != "" {
		req.BaseRevision = "origin/" + ev.BaseRef
	}
	return req, err
}
