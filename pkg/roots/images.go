package roots

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"

	"github.com/repave-dev/repave/pkg/images"
)

// Consumers says which roots consume which image buckets: a root consumes
// a bucket when it declares a variable that an `images:` line maps the
// bucket to (web@prod sets image_id; web@prod=web_image sets web_image).
// A change to the bucket's registry file then changes the root, so a
// promotion pull request is planned and, once merged, applied.
type Consumers struct {
	// RegistryDir is the registry directory relative to the repository root.
	RegistryDir string
	// Variables maps each bucket to the variables the images set.
	Variables map[string][]string
}

// NewConsumers maps the buckets of refs to their variables; registryDir ""
// is images.DefaultDir.
func NewConsumers(registryDir string, refs []images.Ref) Consumers {
	if registryDir == "" {
		registryDir = images.DefaultDir
	}
	c := Consumers{RegistryDir: path.Clean(filepath.ToSlash(registryDir)), Variables: map[string][]string{}}
	for _, r := range refs {
		if !slices.Contains(c.Variables[r.Bucket], r.Variable) {
			c.Variables[r.Bucket] = append(c.Variables[r.Bucket], r.Variable)
		}
	}
	return c
}

// variables returns the variables whose images the changed files move: the
// variables of each bucket whose registry file (<dir>/<bucket>.json) changed.
func (c Consumers) variables(files []string) map[string]bool {
	vars := map[string]bool{}
	for _, f := range files {
		f = strings.TrimPrefix(path.Clean("/"+strings.TrimSpace(f)), "/")
		if path.Dir(f) != c.RegistryDir || path.Ext(f) != ".json" {
			continue
		}
		for _, v := range c.Variables[strings.TrimSuffix(path.Base(f), ".json")] {
			vars[v] = true
		}
	}
	return vars
}

// consuming returns the roots (relative to dir) that declare one of vars.
func consuming(dir string, roots []string, vars map[string]bool) (out, warns []string) {
	if len(vars) == 0 {
		return nil, nil
	}
	for _, r := range roots {
		declared, w := Declared(filepath.Join(dir, filepath.FromSlash(r)))
		warns = append(warns, w...)
		for _, v := range declared {
			if vars[v] {
				out = append(out, r)
				break
			}
		}
	}
	return out, warns
}

var variableSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "variable", LabelNames: []string{"name"}}}}

// Declared returns the variables declared by the configuration in dir (its
// .tf and .tf.json files, not those of subdirectories), sorted; warnings
// name files that could not be read completely.
func Declared(dir string) (vars, warns []string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, []string{err.Error()}
	}
	for _, e := range entries {
		name := e.Name()
		json := strings.HasSuffix(name, ".tf.json")
		if e.IsDir() || !json && !strings.HasSuffix(name, ".tf") {
			continue
		}
		f := filepath.Join(dir, name)
		src, err := os.ReadFile(f)
		if err != nil {
			warns = append(warns, err.Error())
			continue
		}
		if !json && !bytes.Contains(src, []byte("variable")) {
			continue
		}
		var file *hcl.File
		var diags hcl.Diagnostics
		if json {
			file, diags = hcljson.Parse(src, f)
		} else {
			file, diags = hclsyntax.ParseConfig(src, f, hcl.InitialPos)
		}
		if diags.HasErrors() {
			warns = append(warns, diags.Error())
		}
		if file == nil || file.Body == nil {
			continue
		}
		content, _, _ := file.Body.PartialContent(variableSchema)
		for _, b := range content.Blocks {
			vars = append(vars, b.Labels[0])
		}
	}
	sort.Strings(vars)
	return slices.Compact(vars), warns
}
