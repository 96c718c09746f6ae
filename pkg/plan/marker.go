package plan

import (
	"fmt"
	"path"
	"strings"

	"github.com/repave-dev/repave/pkg/markdown"
)

const markerPrefix = "<!-- repave:plan "

// Marker is the first line of every sticky plan comment:
//
//	<!-- repave:plan root=<dir> workspace=<ws> fingerprint=<hex> sha=<head sha> tool=<tool> tool-version=<v> destroy=true -->
//
// It finds the comment of a (PR, root, workspace) and records which plan was reviewed,
// made by which tool at which version (tool, version and destroy are written when set).
type Marker struct {
	Root, Workspace, Fingerprint, SHA string
	// Tool (terraform or tofu) and Version made the plan; Destroy: it destroys a
	// root the change deleted. Empty for comments of an older repave.
	Tool, Version string
	Destroy       bool
}

// String writes the marker line (without a newline). Values are percent-escaped where
// they could break the line or the HTML comment: spaces become %20, and '%', '<', '>',
// '"' and control characters are escaped too.
func (m Marker) String() string {
	return fmt.Sprintf("%sroot=%s workspace=%s fingerprint=%s sha=%s%s -->",
		markerPrefix, markdown.CommentField(m.Root), markdown.CommentField(m.Workspace),
		markdown.CommentField(m.Fingerprint), markdown.CommentField(m.SHA), m.toolFields())
}

// ParseMarker reads the marker from the first line of a comment body. It tolerates \r\n
// line endings, surrounding spaces and fields it does not know; it reports false when the
// first line is not a repave plan marker.
func ParseMarker(body string) (Marker, bool) {
	line, _, _ := strings.Cut(body, "\n")
	line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
	if !strings.HasPrefix(line, markerPrefix) || !strings.HasSuffix(line, "-->") {
		return Marker{}, false
	}
	fields := strings.Fields(strings.TrimSuffix(line[len(markerPrefix):], "-->"))
	var m Marker
	for _, f := range fields {
		key, raw, ok := strings.Cut(f, "=")
		if !ok {
			continue
		}
		val, err := markdown.ParseCommentField(raw)
		if err != nil {
			return Marker{}, false
		}
		switch key {
		case "root":
			m.Root = val
		case "workspace":
			m.Workspace = val
		case "fingerprint":
			m.Fingerprint = val
		case "sha":
			m.SHA = val
		default:
			m.parseToolField(key, val) // tool.go
		}
	}
	return m, true
}

// SameTarget reports whether two markers are about the same root and workspace, so belong
// to the same sticky comment. Roots are compared as clean slash paths ("./infra/" is
// "infra"), and an empty workspace is "default".
func (m Marker) SameTarget(o Marker) bool {
	return cleanRoot(m.Root) == cleanRoot(o.Root) && cleanWorkspace(m.Workspace) == cleanWorkspace(o.Workspace)
}

func cleanRoot(r string) string {
	if r == "" {
		return "."
	}
	return path.Clean(strings.ReplaceAll(r, "\\", "/"))
}

func cleanWorkspace(w string) string {
	if w == "" {
		return "default"
	}
	return w
}
