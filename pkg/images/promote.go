package images

import (
	"fmt"
	"strings"

	"github.com/repave-dev/repave/pkg/markdown"
)

// Promotion describes moving a channel of a bucket to a version, for the
// commit message and the pull request.
type Promotion struct {
	Bucket, Channel string
	Version         Version
	// Previous is the version the channel pointed at before, nil when the
	// channel is new or unknown.
	Previous *Version
	File     string // the registry file, relative to the repository root
	RunURL   string
	// Carried are channel moves of the same version that an earlier run put
	// on the promotion branch (e.g. dev, when this run promotes prod); the
	// updated pull request keeps them.
	Carried []ChannelMove
}

// ChannelMove is one channel moving to the promotion's version.
type ChannelMove struct {
	Channel  string
	Previous *Version // nil when the channel is new
}

// moves returns every channel move of the promotion, this run's first.
func (p Promotion) moves() []ChannelMove {
	var out []ChannelMove
	if p.Channel != "" {
		out = append(out, ChannelMove{Channel: p.Channel, Previous: p.Previous})
	}
	return append(out, p.Carried...)
}

// Branch is the promotion's branch: repave/promote-<bucket>-<version>.
func (p Promotion) Branch() string {
	return "repave/promote-" + p.Bucket + "-" + p.Version.Version
}

// Title is the commit message and pull request title.
func (p Promotion) Title() string {
	moves := p.moves()
	if len(moves) == 0 {
		return fmt.Sprintf("Record image %s %s", p.Bucket, p.Version.Version)
	}
	names := make([]string, len(moves))
	for i, m := range moves {
		names[i] = m.Channel
	}
	return fmt.Sprintf("Promote image %s %s to %s", p.Bucket, p.Version.Version, strings.Join(names, ", "))
}

// Body is the pull request's description: the version, its git SHA and
// artifacts, and what it replaces.
func (p Promotion) Body() string {
	var b strings.Builder
	moves := p.moves()
	fmt.Fprintf(&b, "<!-- repave:promote bucket=%s version=%s -->\n", p.Bucket, p.Version.Version)
	fmt.Fprintf(&b, "## %s\n\n", p.Title())
	fmt.Fprintf(&b, "| | |\n| --- | --- |\n")
	fmt.Fprintf(&b, "| bucket | %s |\n| version | %s |\n", code(p.Bucket), code(p.Version.Version))
	if p.Version.GitSHA != "" {
		fmt.Fprintf(&b, "| git SHA | %s |\n", code(p.Version.GitSHA))
	}
	if !p.Version.BuiltAt.IsZero() {
		fmt.Fprintf(&b, "| built at | %s |\n", p.Version.BuiltAt.UTC().Format("2006-01-02 15:04:05 UTC"))
	}
	if p.Version.PackerRunUUID != "" {
		fmt.Fprintf(&b, "| Packer run | %s |\n", code(p.Version.PackerRunUUID))
	}
	fmt.Fprintf(&b, "| registry file | %s |\n", code(p.File))
	b.WriteString("\n### Artifacts\n\n| platform | artifact |")
	for _, m := range moves {
		fmt.Fprintf(&b, " replaces on %s |", markdown.Cell(markdown.Text(m.Channel)))
	}
	b.WriteString("\n| --- | --- |" + strings.Repeat(" --- |", len(moves)) + "\n")
	for _, k := range sortedKeys(p.Version.Artifacts) {
		fmt.Fprintf(&b, "| %s | %s |", code(k), code(p.Version.Artifacts[k]))
		for _, m := range moves {
			old := "(new)"
			if m.Previous != nil {
				if id, ok := m.Previous.Artifacts[k]; ok {
					old = code(id)
				}
			}
			fmt.Fprintf(&b, " %s |", old)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
	if len(moves) == 0 {
		b.WriteString("No channel moves: this records the version so that it can be promoted later.\n")
	}
	for _, m := range moves {
		if m.Previous == nil {
			fmt.Fprintf(&b, "- Channel %s is new: it starts at %s.\n", markdown.CodeSpan(m.Channel), markdown.CodeSpan(p.Version.Version))
			continue
		}
		fmt.Fprintf(&b, "- Channel %s moves from %s (git %s) to %s: roots that resolve %s replace the instances that run %s; their plans on this pull request show which.\n",
			markdown.CodeSpan(m.Channel), markdown.CodeSpan(m.Previous.Version), markdown.CodeSpan(short(m.Previous.GitSHA)), markdown.CodeSpan(p.Version.Version),
			markdown.CodeSpan(p.Bucket+"@"+m.Channel), markdown.CodeSpan(m.Previous.Version))
	}
	if p.RunURL != "" {
		fmt.Fprintf(&b, "\nOpened by %s.\n", p.RunURL)
	}
	return b.String()
}

// code is text shown as code in a table cell.
func code(s string) string { return markdown.Cell(markdown.CodeSpan(s)) }
