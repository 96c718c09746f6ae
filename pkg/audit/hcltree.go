package audit

import (
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
)

// node is one block, attribute or object key of a configuration file, the
// same whether the file is in HCL's native syntax or its JSON syntax, so
// that each hygiene rule is written once.
type node struct {
	name      string   // block type, attribute name or object key
	labels    []string // block labels
	block     bool
	line, end int    // the lines it spans
	lit       string // its value, when it is a literal
	isLit     bool
	str       bool // the literal is a string
	kids      []*node
}

// kid returns the first child called name, or nil.
func (n *node) kid(name string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// walk calls fn on n and everything below it, parents first.
func (n *node) walk(fn func(n, parent *node)) {
	var rec func(n, parent *node)
	rec = func(n, parent *node) {
		fn(n, parent)
		for _, k := range n.kids {
			rec(k, n)
		}
	}
	rec(n, nil)
}

// blockLabels are how many labels each top-level block type has, in
// Terraform and Packer: the JSON syntax nests them as object keys.
var blockLabels = map[string]int{
	"resource": 2, "data": 2, "ephemeral": 2, "module": 1, "provider": 1, "variable": 1, "output": 1,
	"check": 1, "source": 2, "local": 1,
}

// parseTree parses src by its file name: *.json in HCL's JSON syntax, the
// rest in the native syntax. vars files (tfvars, pkrvars) hold attributes
// only. The root node holds the file's top-level blocks and attributes.
func parseTree(name string, src []byte) (*node, hcl.Diagnostics) {
	root := &node{name: "", line: 1, end: strings.Count(string(src), "\n") + 1}
	if strings.HasSuffix(name, ".json") {
		f, diags := hcljson.Parse(src, name)
		if f == nil || diags.HasErrors() {
			return root, diags
		}
		attrs, d := f.Body.JustAttributes()
		diags = append(diags, d...)
		vars := isVarsFile(name)
		for _, a := range sortedAttrs(attrs) {
			if vars || a.Name == "//" {
				root.kids = append(root.kids, exprNode(a.Name, a.NameRange, a.Expr))
				continue
			}
			root.kids = append(root.kids, jsonBlocks(a.Name, nil, blockLabels[a.Name], a.NameRange, a.Expr)...)
		}
		return root, diags
	}
	f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	if f == nil {
		return root, diags
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return root, diags
	}
	root.kids = bodyNodes(body)
	return root, diags
}

func isVarsFile(name string) bool {
	for _, s := range []string{".tfvars", ".tfvars.json", ".pkrvars.hcl", ".pkrvars.json"} {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

func sortedAttrs(attrs hcl.Attributes) []*hcl.Attribute {
	out := make([]*hcl.Attribute, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Range.Start.Byte < out[j].Range.Start.Byte })
	return out
}

// bodyNodes turns a native body into nodes, in the order they are written.
func bodyNodes(body *hclsyntax.Body) []*node {
	var out []*node
	for _, a := range body.Attributes {
		out = append(out, exprNode(a.Name, a.NameRange, a.Expr))
	}
	for _, b := range body.Blocks {
		n := &node{name: b.Type, labels: b.Labels, block: true, line: b.TypeRange.Start.Line, end: b.Body.SrcRange.End.Line}
		n.kids = bodyNodes(b.Body)
		out = append(out, n)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].line < out[j].line })
	return out
}

// exprNode turns an attribute or object item into a node: objects and
// tuples into children, literals into values; anything else (a reference,
// a call, an interpolation) is neither.
func exprNode(name string, at hcl.Range, e hcl.Expression) *node {
	r := e.Range()
	n := &node{name: name, line: at.Start.Line, end: r.End.Line}
	if pairs, diags := hcl.ExprMap(e); !diags.HasErrors() && isCollection(e) {
		for _, p := range pairs {
			k, d := p.Key.Value(nil)
			if d.HasErrors() || !k.IsKnown() || k.IsNull() || !k.Type().Equals(cty.String) {
				continue
			}
			n.kids = append(n.kids, exprNode(k.AsString(), p.Key.Range(), p.Value))
		}
		return n
	}
	if items, diags := hcl.ExprList(e); !diags.HasErrors() && isCollection(e) {
		for _, it := range items {
			n.kids = append(n.kids, exprNode("", it.Range(), it))
		}
		return n
	}
	v, diags := e.Value(nil)
	if diags.HasErrors() || !v.IsWhollyKnown() || v.IsNull() {
		return n
	}
	switch v.Type() {
	case cty.String:
		n.lit, n.isLit, n.str = v.AsString(), true, true
	case cty.Bool:
		n.lit, n.isLit = map[bool]string{true: "true", false: "false"}[v.True()], true
	case cty.Number:
		n.lit, n.isLit = v.AsBigFloat().Text('f', -1), true
	}
	return n
}

// isCollection reports whether e is written as an object or a list (in
// either syntax), not an expression that evaluates to one.
func isCollection(e hcl.Expression) bool {
	switch e.(type) {
	case *hclsyntax.ObjectConsExpr, *hclsyntax.TupleConsExpr:
		return true
	case hclsyntax.Expression:
		return false
	}
	return true // a JSON value: ExprMap and ExprList accept only objects and arrays
}

// jsonBlocks reads blocks of type typ in the JSON syntax: labels nested
// as object keys, and arrays for several blocks of one name.
func jsonBlocks(typ string, labels []string, more int, at hcl.Range, e hcl.Expression) []*node {
	if items, diags := hcl.ExprList(e); !diags.HasErrors() {
		var out []*node
		for _, it := range items {
			out = append(out, jsonBlocks(typ, labels, more, at, it)...)
		}
		return out
	}
	pairs, diags := hcl.ExprMap(e)
	if diags.HasErrors() {
		return nil
	}
	if more > 0 {
		var out []*node
		for _, p := range pairs {
			k, d := p.Key.Value(nil)
			if d.HasErrors() || !k.Type().Equals(cty.String) {
				continue
			}
			out = append(out, jsonBlocks(typ, append(append([]string(nil), labels...), k.AsString()), more-1, p.Key.Range(), p.Value)...)
		}
		return out
	}
	n := exprNode(typ, at, e)
	n.labels, n.block = labels, true
	return []*node{n}
}
