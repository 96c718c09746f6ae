package plan

import (
	"sort"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"
)

// Terraform's plan JSON writes a set as an array and does not say it is one. Terraform
// itself tells from the provider's schema, and so does repave: Sets, made from the
// schemas (`terraform providers schema -json`) by SetsOf, name the attributes and nested
// blocks that are sets, and the diff matches their elements by value: an element in both
// is unchanged, whatever its position, and the others are shown removed or added, never
// one element "changing" into another.

// Sets are the set-valued paths of each resource type: "managed.<type>" or
// "data.<type>" to paths such as "ingress" or "rule.*.ports" ("*": any element of a
// list, set or map). It is pure data, written to the plan directory beside plan.json.
type Sets map[string][]string

// SetsOf reads the set-valued paths of every resource and data source type out of the
// provider schemas.
func SetsOf(ps *tfjson.ProviderSchemas) Sets {
	if ps == nil {
		return nil
	}
	out := Sets{}
	add := func(key string, s *tfjson.Schema) {
		if s == nil || s.Block == nil {
			return
		}
		var paths []string
		walkBlock(s.Block, "", &paths)
		if len(paths) == 0 {
			return
		}
		seen := map[string]bool{}
		for _, p := range out[key] {
			seen[p] = true
		}
		for _, p := range paths {
			if !seen[p] {
				seen[p] = true
				out[key] = append(out[key], p)
			}
		}
		sort.Strings(out[key])
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
	if len(out) == 0 {
		return nil
	}
	return out
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

func walkBlock(b *tfjson.SchemaBlock, prefix string, paths *[]string) {
	for name, a := range b.Attributes {
		if a == nil {
			continue
		}
		p := join(prefix, name)
		if a.AttributeNestedType != nil {
			walkNested(a.AttributeNestedType.NestingMode, a.AttributeNestedType.Attributes, p, paths)
			continue
		}
		walkType(a.AttributeType, p, paths)
	}
	for name, nb := range b.NestedBlocks {
		if nb == nil || nb.Block == nil {
			continue
		}
		p := join(prefix, name)
		switch nb.NestingMode {
		case tfjson.SchemaNestingModeSet:
			*paths = append(*paths, p)
			walkBlock(nb.Block, p+".*", paths)
		case tfjson.SchemaNestingModeList, tfjson.SchemaNestingModeMap:
			walkBlock(nb.Block, p+".*", paths)
		default:
			walkBlock(nb.Block, p, paths)
		}
	}
}

func walkNested(mode tfjson.SchemaNestingMode, attrs map[string]*tfjson.SchemaAttribute, p string, paths *[]string) {
	inner := &tfjson.SchemaBlock{Attributes: attrs}
	switch mode {
	case tfjson.SchemaNestingModeSet:
		*paths = append(*paths, p)
		walkBlock(inner, p+".*", paths)
	case tfjson.SchemaNestingModeList, tfjson.SchemaNestingModeMap:
		walkBlock(inner, p+".*", paths)
	default:
		walkBlock(inner, p, paths)
	}
}

func walkType(t cty.Type, p string, paths *[]string) {
	switch {
	case t == cty.NilType:
	case t.IsSetType():
		*paths = append(*paths, p)
		walkType(t.ElementType(), p+".*", paths)
	case t.IsListType() || t.IsMapType():
		walkType(t.ElementType(), p+".*", paths)
	case t.IsObjectType():
		for name, at := range t.AttributeTypes() {
			walkType(at, join(p, name), paths)
		}
	case t.IsTupleType():
		for _, et := range t.TupleElementTypes() {
			walkType(et, p+".*", paths)
		}
	}
}

// setPaths are the set-valued paths of one resource, for the differ.
type setPaths map[string]bool

func (s Sets) of(mode tfjson.ResourceMode, typ string) setPaths {
	key := "managed." + typ
	if mode == tfjson.DataResourceMode {
		key = "data." + typ
	}
	paths := s[key]
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
// (counted, hidden), the others removed or added, in their order in the plan.
func (d *differ) set(depth int, b, a side, bl, al []any) {
	matchedA := make([]bool, len(al))
	var removed []int
	hidden := 0
	for i := range bl {
		found := false
		for j := range al {
			if !matchedA[j] && same(b.key(i), a.key(j)) {
				matchedA[j], found = true, true
				break
			}
		}
		if found {
			hidden++
		} else {
			removed = append(removed, i)
		}
	}
	for _, i := range removed {
		d.value('-', depth, "", b.key(i), ",")
	}
	for j := range al {
		if !matchedA[j] {
			d.value('+', depth, "", a.key(j), ",")
		}
	}
	if hidden > 0 {
		d.emit(' ', depth, "# ("+strconv.Itoa(hidden)+" unchanged "+plural(hidden, "element", "elements")+" hidden)")
	}
}
