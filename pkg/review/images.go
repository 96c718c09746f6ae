package review

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/repave-dev/repave/pkg/images"
	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/plandir"
	"github.com/repave-dev/repave/pkg/tf"

	tfjson "github.com/hashicorp/terraform-json"
)

// ImageRequest lists the root's image references (`web@prod`,
// `web@prod=web_image`), resolved from the registry in the checkout.
type ImageRequest struct {
	Refs []images.Ref
	// RegistryDir is the registry directory relative to the repository root
	// (the working directory); "" means images.DefaultDir.
	RegistryDir string
	// BaseRevision is the git revision whose registry says what each channel
	// pointed at before this change (e.g. origin/main for a pull request into
	// main). When it cannot be read, the old image is taken from the plan: the
	// value the new artifact id replaces in the prior state.
	BaseRevision string

	dir string // the registry directory resolveImages read
}

// resolveImages resolves every reference to its artifact id, as Terraform
// variables, and the image changes known before planning. The registry is
// read from the work tree that holds root (images.DirFor): the commit being
// planned, applied or rolled back to; BaseRevision's from checkout.
func resolveImages(ctx context.Context, req *ImageRequest, root, checkout string, given []tf.Var) ([]tf.Var, []plan.ImageChange, error) {
	if len(req.Refs) == 0 {
		return nil, nil, nil
	}
	base := req.RegistryDir
	if base == "" {
		base = images.DefaultDir
	}
	req.dir = images.DirFor(ctx, root, base)
	taken := map[string]string{}
	for _, v := range given {
		taken[v.Name] = "vars"
	}
	resolved, err := images.ResolveAll(req.dir, req.Refs, taken)
	if err != nil {
		return nil, nil, err
	}
	var vars []tf.Var
	var changes []plan.ImageChange
	for _, res := range resolved {
		ref := res.Ref
		vars = append(vars, tf.Var{Name: ref.Variable, Value: res.ArtifactID})
		c := plan.ImageChange{Bucket: ref.Bucket, Channel: ref.Channel, Variable: ref.Variable,
			NewVersion: res.Version.Version, NewID: res.ArtifactID, GitSHA: res.Version.GitSHA}
		if req.BaseRevision != "" {
			base, err := images.LoadAtRevision(ctx, checkout, req.BaseRevision, base, ref.Bucket)
			if err == nil && base != nil {
				if old, err := images.ResolveIn(base, ref); err == nil {
					c.OldVersion, c.OldID = old.Version.Version, old.ArtifactID
				}
			}
		}
		changes = append(changes, c)
	}
	return vars, changes, nil
}

// finishImages fills in what only the plan knows: the resources each image
// change replaces and, when the base registry was not readable, the old
// artifact id (from the prior state) and its version (from the registry).
func finishImages(p *tfjson.Plan, req ImageRequest, changes []plan.ImageChange) []plan.ImageChange {
	dir := req.dir
	if dir == "" {
		dir = images.DefaultDir
	}
	out := make([]plan.ImageChange, len(changes))
	for i, c := range changes {
		if c.OldID == "" {
			if c.OldID = plan.PriorImageID(p, c.NewID); c.OldID == "" {
				c.OldID, c.OldVersion = c.NewID, c.NewVersion // nothing in the root changes
			} else if reg, err := images.Load(dir, c.Bucket); err == nil {
				c.OldVersion = versionOf(reg, c.OldID)
			}
		}
		if c.Changed() {
			c.Replaces = plan.ImageTargets(p, c.NewID)
		}
		out[i] = c
	}
	return out
}

// versionOf returns the version of reg whose artifacts include id, "" when none.
func versionOf(reg *images.Registry, id string) string {
	for _, v := range reg.Versions {
		for _, a := range v.Artifacts {
			if a == id {
				return v.Version
			}
		}
	}
	return ""
}

// ImagesFile is the plan directory's record of the image changes, so that
// comment-plan-on-pr renders the same Images section as plan-infra.
const ImagesFile = "images.json"

// writeImages records the image changes in the plan directory (none: no file).
func writeImages(dir plandir.Dir, changes []plan.ImageChange) error {
	if len(changes) == 0 {
		return nil
	}
	b, err := json.MarshalIndent(changes, "", "  ")
	if err != nil {
		return err
	}
	return dir.WriteFile(ImagesFile, b)
}

// readImages reads the image changes of a plan directory; none without the file.
func readImages(dir plandir.Dir) ([]plan.ImageChange, error) {
	b, err := os.ReadFile(dir.File(ImagesFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var changes []plan.ImageChange
	if err := json.Unmarshal(b, &changes); err != nil {
		return nil, fmt.Errorf("plan-dir %s: %s is not valid: %w", dir.Path, ImagesFile, err)
	}
	return changes, nil
}

// scrubImages scrubs the texts of the image changes (an old artifact id taken
// from the prior state can be a secret's value).
func scrubImages(changes []plan.ImageChange, scrub func(string) string) []plan.ImageChange {
	for i := range changes {
		c := &changes[i]
		for _, f := range []*string{&c.Bucket, &c.Channel, &c.Variable, &c.OldVersion, &c.NewVersion, &c.OldID, &c.NewID, &c.GitSHA} {
			*f = scrub(*f)
		}
		for j := range c.Replaces {
			c.Replaces[j] = scrub(c.Replaces[j])
		}
	}
	return changes
}
