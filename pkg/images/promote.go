package images

import (
	"fmt"
	"strings"
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
}

// Branch is the promotion's branch: repave/promote-<bucket>-<version>.
func (p Promotion) Branch() string {
	return "repave/promote-" + p.Bucket + "-" + p.Version.Version
}

// Title is the commit message and pull request title.
func (p Promotion) Title() string {
	if p.Channel == "" {
		return fmt.Sprintf("Record image %s %s", p.Bucket, p.Version.Version)
	}
	return fmt.Sprintf("Promote image %s %s to %s", p.Bucket, p.Version.Version, p.Channel)
}

// Body is the pull request's description: the version, its git SHA and
// artifacts, and what it replaces.
func (p Promotion) Body() string {
	var b strings.Builder
	fmt.Fprintf(&b, "<!-- repave:promote bucket=%s version=%s channel=%s -->\n", p.Bucket, p.Version.Version, p.Channel)
	fmt.Fprintf(&b, "## %s\n\n", p.Title())
	fmt.Fprintf(&b, "| | |\n| --- | --- |\n")
	fmt.Fprintf(&b, "| bucket | `%s` |\n| version | `%s` |\n", p.Bucket, p.Version.Version)
	if p.Version.GitSHA != "" {
		fmt.Fprintf(&b, "| git SHA | `%s` |\n", p.Version.GitSHA)
	}
	if !p.Version.BuiltAt.IsZero() {
		fmt.Fprintf(&b, "| built at | %s |\n", p.Version.BuiltAt.UTC().Format("2006-01-02 15:04:05 UTC"))
	}
	if p.Version.PackerRunUUID != "" {
		fmt.Fprintf(&b, "| Packer run | `%s` |\n", p.Version.PackerRunUUID)
	}
	fmt.Fprintf(&b, "| registry file | `%s` |\n", p.File)
	b.WriteString("\n### Artifacts\n\n| platform | artifact | replaces |\n| --- | --- | --- |\n")
	for _, k := range sortedKeys(p.Version.Artifacts) {
		old := "(new)"
		if p.Previous != nil {
			if id, ok := p.Previous.Artifacts[k]; ok {
				old = "`" + id + "`"
			}
		}
		fmt.Fprintf(&b, "| `%s` | `%s` | %s |\n", k, p.Version.Artifacts[k], old)
	}
	b.WriteString("\n")
	switch {
	case p.Channel == "":
		b.WriteString("No channel moves: this records the version so that it can be promoted later.\n")
	case p.Previous == nil:
		fmt.Fprintf(&b, "Channel `%s` is new: it starts at `%s`.\n", p.Channel, p.Version.Version)
	default:
		fmt.Fprintf(&b, "Channel `%s` moves from `%s` (git `%s`) to `%s`. Roots that resolve `%s@%s` will replace the instances that run `%s`; their plans on this pull request show which.\n",
			p.Channel, p.Previous.Version, short(p.Previous.GitSHA), p.Version.Version, p.Bucket, p.Channel, p.Previous.Version)
	}
	if p.RunURL != "" {
		fmt.Fprintf(&b, "\nOpened by %s.\n", p.RunURL)
	}
	return b.String()
}
