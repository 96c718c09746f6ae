package plan

import (
	"encoding/json"
	"strings"
	"testing"
)

// textPlan is a plan with one update of terraform_data.t from before to after
// (the input's attributes).
func textPlan(t *testing.T, before, after map[string]any) []byte {
	t.Helper()
	b, _ := json.Marshal(before)
	a, _ := json.Marshal(after)
	return []byte(`{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{"root_module":{}},
"resource_changes":[{"address":"terraform_data.t","mode":"managed","type":"terraform_data","name":"t",
 "provider_name":"terraform.io/builtin/terraform",
 "change":{"actions":["update"],"before":{"input":` + string(b) + `},"after":{"input":` + string(a) + `},
  "after_unknown":{},"before_sensitive":{},"after_sensitive":{}}}]}`)
}

func diffBody(t *testing.T, data []byte) string {
	t.Helper()
	p, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	md := Render(p, goldenOptions)
	start := strings.Index(md, "```diff\n")
	end := strings.LastIndex(md, "```\n")
	if start < 0 || end < start {
		t.Fatalf("no diff block in:\n%s", md)
	}
	return md[start+len("```diff\n") : end]
}

func TestRenderJSONStringAsJSONDiff(t *testing.T) {
	t.Parallel()
	before := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`
	after := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"*"}]}`
	got := diffBody(t, textPlan(t, map[string]any{"policy": before}, map[string]any{"policy": after}))
	want := `# terraform_data.t will be updated in place
~ input = {
~   policy = jsonencode(
~     {
~       Statement = [
~         {
~           Action = "s3:GetObject" → [
+             "s3:GetObject",
+             "s3:PutObject",
            ]
            # (2 unchanged attributes hidden)
          },
        ]
        # (1 unchanged attribute hidden)
      }
    )
  }
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestRenderJSONStringCreatedAndReformatted(t *testing.T) {
	t.Parallel()
	got := diffBody(t, textPlan(t,
		map[string]any{"a": `{"k": 1, "j": [1,2]}`, "b": "x"},
		map[string]any{"a": `{"j":[1,2],"k":1}`, "b": `{"new":true}`}))
	want := `# terraform_data.t will be updated in place
~ input = {
~   a = jsonencode( # whitespace changes
      {
        j = [
          1,
          2,
        ]
        k = 1
      }
    )
-   b = "x"
+   b = jsonencode(
+     {
+       new = true
+     }
+   )
  }
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestRenderMultiLineStringAsHeredocLineDiff(t *testing.T) {
	t.Parallel()
	got := diffBody(t, textPlan(t,
		map[string]any{"user_data": "#!/bin/sh\necho old\nexit 0\n"},
		map[string]any{"user_data": "#!/bin/sh\necho new\nexit 0\n", "motd": "hello\nworld"}))
	want := `# terraform_data.t will be updated in place
~ input = {
+   motd      = <<-EOT
+       hello
+       world
+   EOT
~   user_data = <<-EOT
        #!/bin/sh
-       echo old
+       echo new
        exit 0
    EOT
  }
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestRenderJSONStringScrubbed: a sensitive value inside a JSON or multi-line string
// never appears once it is decoded or split.
func TestRenderJSONStringScrubbed(t *testing.T) {
	t.Parallel()
	data := []byte(`{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{"root_module":{}},
"variables":{"pw":{"value":"hunter2-secret"}},
"configuration":{"root_module":{"variables":{"pw":{"sensitive":true}}}},
"resource_changes":[{"address":"terraform_data.t","mode":"managed","type":"terraform_data","name":"t",
 "provider_name":"terraform.io/builtin/terraform",
 "change":{"actions":["update"],"before":{"input":{"p":"{\"a\":\"x\"}","u":"a\nb"}},
  "after":{"input":{"p":"{\"a\":\"hunter2-secret\"}","u":"a\nhunter2-secret"}},
  "after_unknown":{},"before_sensitive":{},"after_sensitive":{}}}]}`)
	p, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if md := Render(p, goldenOptions); strings.Contains(md, "hunter2") {
		t.Errorf("the secret is in:\n%s", md)
	}
}
