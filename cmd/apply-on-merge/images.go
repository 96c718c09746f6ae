package main

import (
	"github.com/repave-dev/repave/internal/imageinputs"
	"github.com/repave-dev/repave/pkg/deploy"
	"github.com/repave-dev/repave/pkg/runner"
)

// readImages reads `images` and `registry-dir` as plan-infra does. The
// re-plan resolves them from the registry of the commit being applied (or
// rolled back to), and checks them against the versions the reviewed plan
// showed. The old version of each image is what the root runs now (the
// prior state), as on the pull request when the base branch's registry
// matches what was deployed, so the Images section renders the same.
func readImages(a *runner.Runtime, req *deploy.Request) error {
	img, err := imageinputs.Read(a)
	req.Plan.Images = img
	return err
}
