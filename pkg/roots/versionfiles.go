package roots

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
)

var (
	terraformBlockSchema  = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "terraform"}}}
	requiredVersionSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "required_version"}}}
)

// ReadVersions reads what the root in dir says about its engine and
// version: its .terraform-version and .opentofu-version files, whether it
// has *.tofu files, and the required_version of its terraform blocks (in
// .tf, .tofu and their .json forms; every constraint must hold, so they are
// joined).
func ReadVersions(dir string) (RootVersions, error) {
	var rv RootVersions
	for name, dst := range map[string]**string{".terraform-version": &rv.TerraformFile, ".opentofu-version": &rv.OpenTofuFile} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		switch {
		case err == nil:
			s := string(b)
			*dst = &s
		case !errors.Is(err, fs.ErrNotExist):
			return rv, err
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return rv, err
	}
	var constraints []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !isConfigFile(name) {
			continue
		}
		if strings.HasSuffix(name, ".tofu") || strings.HasSuffix(name, ".tofu.json") {
			rv.TofuFiles = true
		}
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return rv, err
		}
		c, err := requiredVersions(name, src)
		if err != nil {
			return rv, err
		}
		constraints = append(constraints, c...)
	}
	sort.Strings(constraints)
	rv.RequiredVersion = strings.Join(constraints, ", ")
	return rv, nil
}

func isConfigFile(name string) bool {
	for _, ext := range []string{".tf", ".tofu", ".tf.json", ".tofu.json"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// requiredVersions are the literal required_version strings of a file's
// terraform blocks.
func requiredVersions(name string, src []byte) ([]string, error) {
	if !strings.Contains(string(src), "required_version") {
		return nil, nil
	}
	var file *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(name, ".json") {
		file, diags = hcljson.Parse(src, name)
	} else {
		file, diags = hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("reading required_version: %s", diags.Error())
	}
	content, _, _ := file.Body.PartialContent(terraformBlockSchema)
	var out []string
	for _, b := range content.Blocks {
		inner, _, _ := b.Body.PartialContent(requiredVersionSchema)
		attr := inner.Attributes["required_version"]
		if attr == nil {
			continue
		}
		v, d := attr.Expr.Value(nil)
		if d.HasErrors() || v.IsNull() || !v.IsKnown() || !v.Type().Equals(cty.String) {
			return nil, fmt.Errorf("%s line %d: required_version must be a literal string", name, attr.Range.Start.Line)
		}
		if s := strings.TrimSpace(v.AsString()); s != "" {
			out = append(out, s)
		}
	}
	return out, nil
}
