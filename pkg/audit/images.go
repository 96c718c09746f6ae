package audit

import (
	"context"
	"path/filepath"
	"slices"

	"github.com/repave-dev/repave/pkg/images"
	"github.com/repave-dev/repave/pkg/roots"
	"github.com/repave-dev/repave/pkg/tf"
)

// resolveImages resolves req.Images against the registry of the audited
// checkout, as plan-infra does; a reference that does not resolve (a revoked
// version, an unknown channel) fails the run, naming the image and variable.
func resolveImages(ctx context.Context, req Request) ([]tf.Var, error) {
	if len(req.Images) == 0 {
		return nil, nil
	}
	dir := req.RegistryDir
	if dir == "" {
		dir = images.DefaultDir
	}
	if !filepath.IsAbs(dir) {
		dir = images.DirFor(ctx, req.Repo, dir)
	}
	taken := map[string]string{}
	for _, v := range req.Vars {
		taken[v.Name] = "vars"
	}
	resolved, err := images.ResolveAll(dir, req.Images, taken)
	if err != nil {
		return nil, err
	}
	vars := make([]tf.Var, 0, len(resolved))
	for _, r := range resolved {
		vars = append(vars, tf.Var{Name: r.Variable, Value: r.ArtifactID})
	}
	return vars, nil
}

// withImages adds to vars the image variables the root declares: a root
// consumes an image when it declares its variable (the rule discovery uses),
// and Terraform refuses a value for an undeclared variable.
func withImages(vars, imageVars []tf.Var, root string) []tf.Var {
	if len(imageVars) == 0 {
		return vars
	}
	declared, _ := roots.Declared(root)
	out := slices.Clip(vars)
	for _, v := range imageVars {
		if slices.Contains(declared, v.Name) {
			out = append(out, v)
		}
	}
	return out
}
