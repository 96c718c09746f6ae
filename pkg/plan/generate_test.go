package plan

import (
	"encoding/json"
	"fmt"
)

// generatePlan returns the JSON of a plan with n resource changes shaped like Terraform's:
// in turn a create, an update, a replace (forced by triggers_replace) and a delete, each
// with a map of attributes, nested tags and a list. Every tenth resource has a sensitive
// password attribute. pad is added to every string value to make the plan bigger.
func generatePlan(n int, pad string) []byte {
	attrs := func(i, version int) map[string]any {
		return map[string]any{
			"id":               fmt.Sprintf("id-%06d", i),
			"input":            map[string]any{"image": fmt.Sprintf("ami-%08d", version), "size": "large" + pad, "replicas": version % 5},
			"tags":             map[string]any{"env": "prod", "team": "platform", "cost-center": fmt.Sprint(1000 + i%7), "note": "ünïcödé ✓" + pad},
			"ports":            []any{80, 443, 8000 + version},
			"triggers_replace": []any{fmt.Sprintf("ami-%08d", version)},
			"password":         fmt.Sprintf("pw-%06d-secret", i),
		}
	}
	sens := func(i int) any {
		if i%10 == 0 {
			return map[string]any{"password": true}
		}
		return map[string]any{}
	}
	var changes []any
	for i := 0; i < n; i++ {
		addr := fmt.Sprintf("module.app_%02d.terraform_data.r[%d]", i%50, i)
		var actions []string
		var before, after, unknown any
		var replacePaths any
		reason := ""
		switch i % 4 {
		case 0:
			actions, before, after, unknown = []string{"create"}, nil, attrs(i, 2), map[string]any{"id": true}
		case 1:
			actions, before, after, unknown = []string{"update"}, attrs(i, 1), attrs(i, 1), map[string]any{}
			after.(map[string]any)["input"] = map[string]any{"image": "ami-00000001", "size": "xlarge" + pad, "replicas": 3}
		case 2:
			actions, before, after, unknown = []string{"delete", "create"}, attrs(i, 1), attrs(i, 2), map[string]any{"id": true}
			replacePaths, reason = []any{[]any{"triggers_replace"}}, "replace_because_cannot_update"
		case 3:
			actions, before, after, unknown = []string{"delete"}, attrs(i, 1), nil, map[string]any{}
			reason = "delete_because_no_resource_config"
		}
		rc := map[string]any{
			"address": addr, "mode": "managed", "type": "terraform_data", "name": "r",
			"provider_name": "terraform.io/builtin/terraform",
			"change": map[string]any{
				"actions": actions, "before": before, "after": after, "after_unknown": unknown,
				"before_sensitive": sens(i), "after_sensitive": sens(i), "replace_paths": replacePaths,
			},
		}
		if reason != "" {
			rc["action_reason"] = reason
		}
		changes = append(changes, rc)
	}
	data, err := json.Marshal(map[string]any{
		"format_version":    "1.2",
		"terraform_version": "1.11.4",
		"planned_values":    map[string]any{"root_module": map[string]any{}},
		"resource_changes":  changes,
		"output_changes": map[string]any{
			"endpoint": map[string]any{"actions": []string{"update"}, "before": "https://a", "after": "https://b"},
		},
		"timestamp": "2025-01-01T00:00:00Z",
	})
	if err != nil {
		panic(err)
	}
	return data
}
