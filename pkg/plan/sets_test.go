package plan

import (
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"
)

const setPlan = `{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{"root_module":{}},
"resource_changes":[{"address":"set_group.web","mode":"managed","type":"set_group","name":"web",
 "provider_name":"repave.dev/test/set",
 "change":{"actions":["update"],
  "before":{"id":"web","tags":["a","b"],"ingress":[
   {"from_port":22,"to_port":22,"protocol":"tcp","cidr_blocks":["10.0.0.0/8"]},
   {"from_port":80,"to_port":80,"protocol":"tcp","cidr_blocks":["0.0.0.0/0"]},
   {"from_port":8080,"to_port":8080,"protocol":"tcp","cidr_blocks":["0.0.0.0/0"]}]},
  "after":{"id":"web","tags":["b","c"],"ingress":[
   {"from_port":443,"to_port":443,"protocol":"tcp","cidr_blocks":["0.0.0.0/0"]},
   {"from_port":80,"to_port":80,"protocol":"tcp","cidr_blocks":["0.0.0.0/0"]},
   {"from_port":22,"to_port":22,"protocol":"tcp","cidr_blocks":["10.0.0.0/8"]}]},
  "after_unknown":{},"before_sensitive":{},"after_sensitive":{}}}]}`

func TestSchemaOf(t *testing.T) {
	t.Parallel()
	ps := &tfjson.ProviderSchemas{Schemas: map[string]*tfjson.ProviderSchema{
		"repave.dev/test/set": {ResourceSchemas: map[string]*tfjson.Schema{"set_group": {Block: &tfjson.SchemaBlock{
			Attributes: map[string]*tfjson.SchemaAttribute{
				"tags":  {AttributeType: cty.Set(cty.String)},
				"ports": {AttributeType: cty.List(cty.Set(cty.Number))},
				"name":  {AttributeType: cty.String},
				"rules": {AttributeNestedType: &tfjson.SchemaNestedAttributeType{NestingMode: tfjson.SchemaNestingModeSet,
					Attributes: map[string]*tfjson.SchemaAttribute{"cidrs": {AttributeType: cty.Set(cty.String)}}}},
			},
			NestedBlocks: map[string]*tfjson.SchemaBlockType{
				"ingress": {NestingMode: tfjson.SchemaNestingModeSet, Block: &tfjson.SchemaBlock{
					Attributes: map[string]*tfjson.SchemaAttribute{"cidr_blocks": {AttributeType: cty.List(cty.String)}}}},
				"lifecycle": {NestingMode: tfjson.SchemaNestingModeList, Block: &tfjson.SchemaBlock{
					Attributes: map[string]*tfjson.SchemaAttribute{"keep": {AttributeType: cty.Set(cty.String)}}}},
			},
		}}},
			DataSourceSchemas: map[string]*tfjson.Schema{"set_ids": {Block: &tfjson.SchemaBlock{
				Attributes: map[string]*tfjson.SchemaAttribute{"ids": {AttributeType: cty.Set(cty.String)}}}}},
		},
	}}
	got := SchemaOf(ps)
	for _, tc := range []struct {
		m    map[string][]string
		key  string
		want string
	}{
		{got.Sets, "managed.set_group", "ingress lifecycle.*.keep ports.* rules rules.*.cidrs tags"},
		{got.Sets, "data.set_ids", "ids"},
		{got.Lists, "managed.set_group", "ingress.*.cidr_blocks lifecycle ports"},
	} {
		if g := strings.Join(tc.m[tc.key], " "); g != tc.want {
			t.Errorf("SchemaOf %s = %q, want %q", tc.key, g, tc.want)
		}
	}
	if len(got.Sets) != 2 || len(got.Lists) != 1 {
		t.Errorf("SchemaOf = %+v", got)
	}
}

// TestRenderSetsMatchByValue: with the schema saying ingress and tags are sets, an
// element in both plans is unchanged wherever it sits; the others are removed or added,
// never one rule "changing" into another.
func TestRenderSetsMatchByValue(t *testing.T) {
	t.Parallel()
	p, err := Parse([]byte(setPlan))
	if err != nil {
		t.Fatal(err)
	}
	opts := goldenOptions
	opts.Schema = &Schema{Sets: map[string][]string{"managed.set_group": {"ingress", "tags"}}}
	got := Render(p, opts)
	want := "```diff\n" + `# set_group.web will be updated in place
~ ingress = [
-   {
-     cidr_blocks = [
-       "0.0.0.0/0",
-     ]
-     from_port   = 8080
-     protocol    = "tcp"
-     to_port     = 8080
-   },
+   {
+     cidr_blocks = [
+       "0.0.0.0/0",
+     ]
+     from_port   = 443
+     protocol    = "tcp"
+     to_port     = 443
+   },
    # (2 unchanged elements hidden)
  ]
~ tags    = [
-   "a",
+   "c",
    # (1 unchanged element hidden)
  ]
  # (1 unchanged attribute hidden)
` + "```\n"
	if !strings.Contains(got, want) {
		t.Errorf("got:\n%s\nwant the diff:\n%s", got, want)
	}
	// Without the schema the rules are a tuple, compared by position: 22 "changes" into 443.
	if list := Render(p, goldenOptions); !strings.Contains(list, "from_port   = 22 → 443\n") {
		t.Errorf("without sets, expected the positional diff:\n%s", list)
	}
}
