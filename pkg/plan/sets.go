package plan

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"
)

// Terraform's plan JSON writes sets, lists and tuples alike as arrays and does not say
// which is which. Terraform itself tells from the provider's schema, and so does repave:
// a Schema, made from the schemas (`terraform providers schema -json`) by SchemaOf,
// names the attributes and nested blocks that are sets and those that are lists.
//
//   - a set's elements are matched by value: an element in both is unchanged, whatever
//     its position, and the others are shown removed or added, never one element
//     "changing" into another;
//   - a list's elements are matched by the longest common subsequence; between two
//     matches removed and added objects are paired as changes in place, anything else
//     is removed or added;
//   - any other array (a tuple, such as the values of a dynamic attribute like
//     terraform_data's input) is compared position by position when its length stays,
//     and by the longest common subsequence when it changes, as Terraform does.

// Schema is what the diff needs of the provider schemas, per resource type
// ("managed.<type>" or "data.<type>"): its set-valued and list-valued paths, such as
// "ingress" or "rule.*.ports" ("*": any element of a list, set or map). It is pure data,
// written to the plan directory beside plan.json.
type Schema struct {
	Sets  map[string][]string `json:"sets,omitempty"`
	Lists map[string][]string `json:"lists,omitempty"`
}

// collections are the set- and list-valued paths of one resource type.
type collections struct{ sets, lists []string }

// SchemaOf reads the set- and list-valued paths of every resource and data source type
// out of the provider schemas.
func SchemaOf(ps *tfjson.ProviderSchemas) *Schema {
	if ps == nil {
		return nil
	}
	out := &Schema{Sets: map[string][]string{}, Lists: map[string][]string{}}
	add := func(key string, s *tfjson.Schema) {
		if s == nil || s.Block == nil {
			return
		}
		var c collections
		walkBlock(s.Block, "", &c)
		merge(out.Sets, key, c.sets)
		merge(out.Lists, key, c.lists)
	}
	for _, p := range ps.Schemas {
		if p == nil {
			continue
		}
		for typ, s := range p.ResourceSchemas {
			add("managed."+typ, s)
		}
		for typ, s := range p.DataSourceSchemas {
			add("data."+typ, s)
		}
	}
	if len(out.Sets) == 0 && len(out.Lists) == 0 {
		return nil
	}
	return out
}

func merge(m map[string][]string, key string, paths []string) {
	if len(paths) == 0 {
		return
	}
	seen := map[string]bool{}
	for _, p := range m[key] {
		seen[p] = true
	}
	for _, p := range paths {
		if !seen[p] {
			seen[p] = true
			m[key] = append(m[key], p)
		}
	}
	sort.Strings(m[key])
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

func walkBlock(b *tfjson.SchemaBlock, prefix string, c *collections) {
	for name, a := range b.Attributes {
		if a == nil {
			continue
		}
		p := join(prefix, name)
		if a.AttributeNestedType != nil {
			walkNested(a.AttributeNestedType.NestingMode, a.AttributeNestedType.Attributes, p, c)
			continue
		}
		walkType(a.AttributeType, p, c)
	}
	for name, nb := range b.NestedBlocks {
		if nb == nil || nb.Block == nil {
			continue
		}
		p := join(prefix, name)
		switch nb.NestingMode {
		case tfjson.SchemaNestingModeSet:
			c.sets = append(c.sets, p)
			walkBlock(nb.Block, p+".*", c)
		case tfjson.SchemaNestingModeList:
			c.lists = append(c.lists, p)
			walkBlock(nb.Block, p+".*", c)
		case tfjson.SchemaNestingModeMap:
			walkBlock(nb.Block, p+".*", c)
		default:
			walkBlock(nb.Block, p, c)
		}
	}
}

func walkNested(mode tfjson.SchemaNestingMode, attrs map[string]*tfjson.SchemaAttribute, p string, c *collections) {
	inner := &tfjson.SchemaBlock{Attributes: attrs}
	switch mode {
	case tfjson.SchemaNestingModeSet:
		c.sets = append(c.sets, p)
		walkBlock(inner, p+".*", c)
	case tfjson.SchemaNestingModeList:
		c.lists = append(c.lists, p)
		walkBlock(inner, p+".*", c)
	case tfjson.SchemaNestingModeMap:
		walkBlock(inner, p+".*", c)
	default:
		walkBlock(inner, p, c)
	}
}

func walkType(t cty.Type, p string, c *collections) {
	switch {
	case t == cty.NilType:
	case t.IsSetType():
		c.sets = append(c.sets, p)
		walkType(t.ElementType(), p+".*", c)
	case t.IsListType():
		c.lists = append(c.lists, p)
		walkType(t.ElementType(), p+".*", c)
	case t.IsMapType():
		walkType(t.ElementType(), p+".*", c)
	case t.IsObjectType():
		for name, at := range t.AttributeTypes() {
			walkType(at, join(p, name), c)
		}
	case t.IsTupleType():
		for _, et := range t.TupleElementTypes() {
			walkType(et, p+".*", c)
		}
	}
}

// setPaths are paths of one resource type (its sets, or its lists), for the differ.
type setPaths map[string]bool

// of returns the set- and list-valued paths of one resource type.
func (s *Schema) of(mode tfjson.ResourceMode, typ string) (sets, lists setPaths) {
	if s == nil {
		return nil, nil
	}
	key := "managed." + typ
	if mode == tfjson.DataResourceMode {
		key = "data." + typ
	}
	return pathSet(s.Sets[key]), pathSet(s.Lists[key])
}

func pathSet(paths []string) setPaths {
	if len(paths) == 0 {
		return nil
	}
	out := make(setPaths, len(paths))
	for _, p := range paths {
		out[p] = true
	}
	return out
}

// has reports whether the value at path (attribute names and element indexes) is a set.
func (s setPaths) has(path []any) bool {
	if len(s) == 0 || len(path) == 0 {
		return false
	}
	var b strings.Builder
	for i, step := range path {
		if i > 0 {
			b.WriteByte('.')
		}
		switch v := step.(type) {
		case string:
			b.WriteString(v)
		case int:
			b.WriteByte('*')
		default:
			b.WriteString(strconv.Quote("?"))
		}
	}
	return s[b.String()]
}

// set writes the changes between two sets: elements equal in both are unchanged
// (counted, hidden), the others removed or added, in their order in the plan. Elements
// are matched by their JSON encoding (with their sensitivity), so large sets cost
// linear time; an element with an unknown part matches nothing, as same() says.
func (d *differ) set(depth int, b, a side, bl, al []any, path []any) {
	keyOf := func(s side) (string, bool) {
		if anyTrue(s.unknown) {
			return "", false
		}
		v, err := json.Marshal(s.v)
		if err != nil {
			return "", false
		}
		if s.isSensitive() {
			return "sensitive\x00" + string(v), true
		}
		return string(v), true
	}
	after := make(map[string][]int, len(al))
	for j := range al {
		if k, ok := keyOf(a.key(j)); ok {
			after[k] = append(after[k], j)
		}
	}
	matchedA := make([]bool, len(al))
	var removed []int
	hidden := 0
	for i := range bl {
		k, ok := keyOf(b.key(i))
		if js := after[k]; ok && len(js) > 0 {
			matchedA[js[0]] = true
			after[k] = js[1:]
			hidden++
			continue
		}
		removed = append(removed, i)
	}
	for _, i := range removed {
		d.removed(depth, b, i, path)
	}
	for j := range al {
		if !matchedA[j] {
			d.added(depth, a, j, path)
		}
	}
	if hidden > 0 {
		d.emit(' ', depth, "# ("+strconv.Itoa(hidden)+" unchanged "+plural(hidden, "element", "elements")+" hidden)")
	}
}
