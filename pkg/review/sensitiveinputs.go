package review

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// sensitiveInputs are the values given to the variables the root declares
// sensitive (by vars, var files, TF_VAR_ in the secret environment, or their
// defaults): what can be masked before Terraform prints anything, even when
// the plan fails and no plan JSON says what is sensitive.
func sensitiveInputs(req PlanRequest) []any {
	names, defaults := sensitiveVariables(req.Root)
	if len(names) == 0 {
		return nil
	}
	var out []any
	add := func(v string) {
		out = append(out, v)
		if _, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
			out = append(out, json.Number(strings.TrimSpace(v)))
		}
	}
	out = append(out, defaults...)
	for _, v := range req.Vars {
		if names[v.Name] {
			add(v.Value)
		}
	}
	for k, v := range req.Env {
		if name, ok := strings.CutPrefix(k, "TF_VAR_"); ok && names[name] {
			add(v)
		}
	}
	for _, f := range req.VarFiles {
		if !filepath.IsAbs(f) {
			f = filepath.Join(req.Root, f)
		}
		out = append(out, varFileValues(f, names)...)
	}
	return out
}

// sensitiveVariables reads the root's variable blocks: the names declared
// sensitive, and the leaves of their literal defaults.
func sensitiveVariables(root string) (map[string]bool, []any) {
	names := map[string]bool{}
	var defaults []any
	files, _ := filepath.Glob(filepath.Join(root, "*.tf"))
	jsonFiles, _ := filepath.Glob(filepath.Join(root, "*.tf.json"))
	p := hclparse.NewParser()
	schema := &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "variable", LabelNames: []string{"name"}}}}
	for _, f := range append(files, jsonFiles...) {
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

// varFileValues reads the values a .tfvars (or .tfvars.json) file gives to names.
func varFileValues(path string, names map[string]bool) []any {
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
