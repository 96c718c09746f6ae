// Package declared reads which variables Terraform or Packer files declare
// sensitive, and the values variables files give them, so that a run can hide
// those values before the tool prints anything (also when it fails, before
// any plan says what is sensitive).
package declared

import (
	"encoding/json"
	"os"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// Sensitive reads the variable blocks of Terraform or Packer files
// (HCL, or JSON when the name ends in .json): the names declared
// `sensitive = true`, and the leaves of their literal defaults. Files that do
// not parse are skipped: the tool itself reports them.
func Sensitive(files []string) (map[string]bool, []any) {
	names := map[string]bool{}
	var defaults []any
	p := hclparse.NewParser()
	schema := &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "variable", LabelNames: []string{"name"}}}}
	for _, f := range files {
		var file *hcl.File
		if strings.HasSuffix(f, ".json") {
			file, _ = p.ParseJSONFile(f)
		} else {
			file, _ = p.ParseHCLFile(f)
		}
		if file == nil {
			continue
		}
		content, _, _ := file.Body.PartialContent(schema)
		if content == nil {
			continue
		}
		for _, b := range content.Blocks {
			attrs, _ := b.Body.JustAttributes()
			s, ok := attrs["sensitive"]
			if !ok {
				continue
			}
			if v, d := s.Expr.Value(nil); d.HasErrors() || v.Type() != cty.Bool || !v.True() {
				continue
			}
			names[b.Labels[0]] = true
			if d, ok := attrs["default"]; ok {
				if v, diags := d.Expr.Value(nil); !diags.HasErrors() {
					defaults = append(defaults, ctyLeaves(v)...)
				}
			}
		}
	}
	return names, defaults
}

// VarFile reads the values a variables file (.tfvars, .pkrvars.hcl, or
// JSON) gives to names.
func VarFile(path string, names map[string]bool) []any {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	p := hclparse.NewParser()
	var file *hcl.File
	if strings.HasSuffix(path, ".json") {
		file, _ = p.ParseJSON(src, path)
	} else {
		file, _ = p.ParseHCL(src, path)
	}
	if file == nil {
		return nil
	}
	attrs, _ := file.Body.JustAttributes()
	var out []any
	for name, a := range attrs {
		if !names[name] {
			continue
		}
		if v, d := a.Expr.Value(nil); !d.HasErrors() {
			out = append(out, ctyLeaves(v)...)
		}
	}
	return out
}

// ctyLeaves returns the leaves of a literal value as JSON decodes them.
func ctyLeaves(v cty.Value) []any {
	if !v.IsWhollyKnown() || v.IsNull() {
		return nil
	}
	b, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	var x any
	if dec.Decode(&x) != nil {
		return nil
	}
	var out []any
	var walk func(any)
	walk = func(x any) {
		switch y := x.(type) {
		case map[string]any:
			for _, e := range y {
				walk(e)
			}
		case []any:
			for _, e := range y {
				walk(e)
			}
		case nil:
		default:
			out = append(out, y)
		}
	}
	walk(x)
	return out
}
