package tf

import (
	"context"
	"encoding/json"
	"fmt"
)

// Outputs returns the root's output values, leaving out the sensitive ones.
func (r *Runner) Outputs(ctx context.Context) (map[string]json.RawMessage, error) {
	all, err := r.tf.Output(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s output in %s: %w", r.o.Tool.Binary(), r.o.Dir, err)
	}
	out := make(map[string]json.RawMessage, len(all))
	for name, o := range all {
		if !o.Sensitive {
			out[name] = o.Value
		}
	}
	return out, nil
}

// StringList reads output name as a list of strings (or one string); it
// reports false when the output is absent, and an error when it has another type.
func StringList(outputs map[string]json.RawMessage, name string) ([]string, bool, error) {
	raw, ok := outputs[name]
	if !ok {
		return nil, false, nil
	}
	var list []string
	if err := json.Unmarshal(raw, &list); err == nil {
		return list, true, nil
	}
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		return []string{one}, true, nil
	}
	return nil, true, fmt.Errorf("output %q must be a list of strings (URLs), got %s", name, raw)
}
