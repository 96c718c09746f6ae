package main

import (
	"github.com/repave-dev/repave/pkg/actions"
	"github.com/repave-dev/repave/pkg/images"
	"github.com/repave-dev/repave/pkg/review"
)

// imageRequest reads the `images` input (one bucket@channel or
// bucket@channel=variable per line) and `registry-dir`. The old version of
// each image comes from the base branch's registry (origin/<base> on a pull
// request), when the checkout has it.
func imageRequest(a *actions.Runtime, ev *actions.Event) (review.ImageRequest, error) {
	req := review.ImageRequest{RegistryDir: a.String("registry-dir", images.DefaultDir)}
	for _, l := range a.List("images") {
		ref, err := images.ParseRef(l)
		if err != nil {
			return req, &actions.InputError{Input: "images", Value: l, Reason: "is not an image reference",
				Want: "one bucket@channel or bucket@channel=variable per line, e.g. web@prod=image_id"}
		}
		req.Refs = append(req.Refs, ref)
	}
	if ev.BaseRef != "" {
		req.BaseRevision = "origin/" + ev.BaseRef
	}
	return req, nil
}
