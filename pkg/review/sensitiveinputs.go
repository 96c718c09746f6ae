package review

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/repave-dev/repave/pkg/secrets/declared"
)

// sensitiveInputs are the values given to the variables the root declares
// sensitive (by vars, var files, TF_VAR_ in the secret environment, or their
// defaults): what can be masked before Terraform prints anything, even when
// the plan fails and no plan JSON says what is sensitive.
func sensitiveInputs(req PlanRequest) []any {
	files, _ := filepath.Glob(filepath.Join(req.RootDir(), "*.tf"))
	jsonFiles, _ := filepath.Glob(filepath.Join(req.RootDir(), "*.tf.json"))
	names, defaults := declared.Sensitive(append(files, jsonFiles...))
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
			f = filepath.Join(req.RootDir(), f)
		}
		out = append(out, declared.VarFile(f, names)...)
	}
	return out
}
