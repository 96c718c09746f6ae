package review

import (
	"context"
	"fmt"
	"strings"

	"github.com/repave-dev/repave/pkg/images"
	"github.com/repave-dev/repave/pkg/plan"
)

// ImageChangedError: an image of the root no longer resolves to the version
// reviewers saw (the channel moved, or that version was revoked), or the
// apply was not given an image the reviewed plan set.
type ImageChangedError struct {
	Image, Variable string
	// Reviewed is the version (and artifact id) of the reviewed plan; Now
	// what the registry at the commit resolves, "" when it does not resolve.
	Reviewed, ReviewedID string
	Now, NowID           string
	// Revoked: the reviewed version is revoked now. Missing: the apply has
	// no such image reference. Reason is the registry's error otherwise.
	Revoked, Missing bool
	Reason           string
	File             string
	PR               int
}

func (e *ImageChangedError) Error() string {
	var b strings.Builder
	on := ""
	if e.PR > 0 {
		on = fmt.Sprintf(" on pull request #%d", e.PR)
	}
	reviewed := "reviewed version " + e.Reviewed
	if e.ReviewedID != "" {
		reviewed += " (" + e.ReviewedID + ")"
	}
	fmt.Fprintf(&b, "not applied: image %s (variable %s): %s%s", e.Image, e.Variable, reviewed, on)
	switch {
	case e.Missing:
		fmt.Fprintf(&b, ", but apply-on-merge has no image %s: give its images input the same lines as plan-infra's", e.Image)
	case e.Revoked && e.Now != "":
		fmt.Fprintf(&b, " is revoked in %s, and the channel now points at %s", e.File, versionID(e.Now, e.NowID))
	case e.Revoked:
		fmt.Fprintf(&b, " is revoked in %s", e.File)
	case e.Now != "":
		fmt.Fprintf(&b, ", now %s in %s: the channel moved since the plan was reviewed", versionID(e.Now, e.NowID), e.File)
	default:
		fmt.Fprintf(&b, ", but it no longer resolves: %s", e.Reason)
	}
	b.WriteString(".\nPlan the change again on a new pull request (or re-run the PR's workflow) so reviewers see the image that will be deployed.")
	return b.String()
}

func versionID(v, id string) string {
	if id == "" {
		return v
	}
	return v + " (" + id + ")"
}

// CheckReviewedImages compares the versions req's references resolve to now,
// in the work tree that holds root, with those of the reviewed plan (the
// Images section of its comment, plan.ParseImages). It refuses a reviewed
// image the apply does not set, a channel that moved and a version revoked
// since review; references the review did not show are left to the
// fingerprint check. pr names the review in the error.
func CheckReviewedImages(ctx context.Context, root string, req ImageRequest, reviewed []plan.ImageChange, pr int) error {
	dir := images.DirFor(ctx, root, req.RegistryDir)
	for _, rc := range reviewed {
		var ref *images.Ref
		for i := range req.Refs {
			if r := req.Refs[i]; r.Bucket == rc.Bucket && r.Channel == rc.Channel && r.Variable == rc.Variable {
				ref = &req.Refs[i]
			}
		}
		e := &ImageChangedError{Image: rc.Bucket + "@" + rc.Channel, Variable: rc.Variable, Reviewed: rc.NewVersion, PR: pr}
		if ref == nil {
			e.Missing = true
			return e
		}
		reg, err := images.Load(dir, ref.Bucket)
		if err != nil {
			e.Reason = err.Error()
			return e
		}
		e.File = reg.Path()
		if v := reg.Find(rc.NewVersion); v != nil {
			if id, ok := v.Artifacts[ref.Artifact]; ok {
				e.ReviewedID = id
			} else if len(v.Artifacts) == 1 {
				for _, id := range v.Artifacts {
					e.ReviewedID = id
				}
			}
			e.Revoked = v.Revoked
		}
		now, err := images.ResolveIn(reg, *ref)
		if err == nil {
			e.Now, e.NowID = now.Version.Version, now.ArtifactID
		} else {
			e.Reason = err.Error()
		}
		if e.Revoked || e.Now != rc.NewVersion {
			return e
		}
	}
	return nil
}
