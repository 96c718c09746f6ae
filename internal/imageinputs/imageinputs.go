// Package imageinputs reads the image inputs that plan-infra,
// apply-on-merge and audit-check share (`images`, `registry-dir`), so the
// three accept the same lines with the same errors.
package imageinputs

import (
	"github.com/repave-dev/repave/pkg/images"
	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/runner"
)

// Read reads `images` (one bucket@channel or bucket@channel=variable per
// line) and `registry-dir`; a bad line is an *runner.InputError. The
// request resolves nothing yet: review.PlanRoot reads the registry of the commit
// it plans.
func Read(a *runner.Runtime) (review.ImageRequest, error) {
	req := review.ImageRequest{RegistryDir: a.String("registry-dir", images.DefaultDir)}
	for _, l := range a.List("images") {
		ref, err := images.ParseRef(l)
		if err != nil {
			return req, &runner.InputError{Input: "images", Value: l, Reason: "is not an image reference",
				Want: "one bucket@channel or bucket@channel=variable per line, e.g. web@prod=image_id"}
		}
		req.Refs = append(req.Refs, ref)
	}
	return req, nil
}
