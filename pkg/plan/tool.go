package plan

import (
	"fmt"
	"strings"

	"github.com/repave-dev/repave/pkg/markdown"
)

// toolFields are the marker's tool, version and destroy fields, each only
// when set, with a leading space.
func (m Marker) toolFields() string {
	var b strings.Builder
	if m.Tool != "" {
		b.WriteString(" tool=" + markdown.CommentField(m.Tool))
	}
	if m.Version != "" {
		b.WriteString(" tool-version=" + markdown.CommentField(m.Version))
	}
	if m.Destroy {
		b.WriteString(" destroy=true")
	}
	return b.String()
}

func (m *Marker) parseToolField(key, val string) {
	switch key {
	case "tool":
		m.Tool = val
	case "tool-version":
		m.Version = val
	case "destroy":
		m.Destroy = val == "true"
	}
}

// ToolName is the product name of a marker's tool: "OpenTofu" for tofu,
// "Terraform" otherwise.
func ToolName(tool string) string {
	if tool == "tofu" {
		return "OpenTofu"
	}
	return "Terraform"
}

// defaultTitle is the comment's heading: which tool at which version planned
// what. A marker without a tool (an older repave) keeps the old heading.
func defaultTitle(m Marker, root, ws string) string {
	if m.Tool == "" && !m.Destroy {
		return fmt.Sprintf("Terraform plan for %s (workspace %s)", markdown.CodeSpan(root), markdown.CodeSpan(ws))
	}
	engine := ToolName(m.Tool)
	if m.Version != "" {
		engine += " " + m.Version
	}
	if m.Destroy {
		return fmt.Sprintf("%s destroy plan for the deleted root %s (workspace %s)", engine, markdown.CodeSpan(root), markdown.CodeSpan(ws))
	}
	return fmt.Sprintf("%s plan for %s (workspace %s)", engine, markdown.CodeSpan(root), markdown.CodeSpan(ws))
}
