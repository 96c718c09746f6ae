package plan

import (
	"fmt"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/repave-dev/repave/pkg/markdown"
)

// ImageChange is one image reference of a root (`web@prod` resolved to a
// Terraform variable) with the version the base branch had and the version
// this plan deploys.
type ImageChange struct {
	Bucket     string `json:"bucket"`
	Channel    string `json:"channel"`
	Variable   string `json:"variable"`
	OldVersion string `json:"old_version,omitempty"` // "" when unknown
	NewVersion string `json:"new_version"`
	OldID      string `json:"old_id,omitempty"` // "" when unknown
	NewID      string `json:"new_id"`
	GitSHA     string `json:"git_sha,omitempty"` // the new version's git SHA
	// Replaces lists the resources the plan replaces or updates to run the
	// new image (ImageTargets).
	Replaces []string `json:"replaces,omitempty"`
}

// Changed reports whether the image the root runs changes.
func (c ImageChange) Changed() bool { return c.OldID != c.NewID }

// ImageTargets returns the addresses of the resources the plan replaces (or
// updates in place) whose planned values hold id, sorted. Terraform's plan
// does not say which variable an attribute came from, so the image's id in
// the planned values is the link.
func ImageTargets(p *tfjson.Plan, id string) []string {
	if p == nil || id == "" {
		return nil
	}
	var out []string
	for _, c := range Summarize(p).Changes {
		if c.Action != ActionReplace && c.Action != ActionUpdate {
			continue
		}
		if c.Resource == nil || c.Resource.Change == nil || !holds(c.Resource.Change.After, id) {
			continue
		}
		out = append(out, c.Address)
	}
	sort.Strings(out)
	return out
}

// PriorImageID finds the value that id replaces in the plan: the string at
// the same attribute path of the `before` value of a resource whose `after`
// holds id; "" when none differs.
func PriorImageID(p *tfjson.Plan, id string) string {
	if p == nil || id == "" {
		return ""
	}
	for _, rc := range p.ResourceChanges {
		if rc.Change == nil {
			continue
		}
		if old := parallel(rc.Change.Before, rc.Change.After, id); old != "" {
			return old
		}
	}
	return ""
}

// parallel walks before and after together and returns before's string
// where after holds id and before holds another string.
func parallel(before, after any, id string) string {
	switch a := after.(type) {
	case string:
		if b, ok := before.(string); ok && a == id && b != id {
			return b
		}
	case map[string]any:
		b, _ := before.(map[string]any)
		keys := make([]string, 0, len(a))
		for k := range a {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if old := parallel(b[k], a[k], id); old != "" {
				return old
			}
		}
	case []any:
		b, _ := before.([]any)
		for i := range a {
			var bi any
			if i < len(b) {
				bi = b[i]
			}
			if old := parallel(bi, a[i], id); old != "" {
				return old
			}
		}
	}
	return ""
}

func holds(v any, id string) bool {
	switch x := v.(type) {
	case string:
		return x == id
	case map[string]any:
		for _, e := range x {
			if holds(e, id) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if holds(e, id) {
				return true
			}
		}
	}
	return false
}

// RenderImages writes the "Images" section of a plan comment: per image
// reference, the channel's old → new version and artifact id, the new
// version's git SHA, and the resources the change replaces. "" without
// references.
func RenderImages(changes []ImageChange) string {
	if len(changes) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n#### Images\n\n| Image | Variable | Version | Artifact | Git SHA | Replaces |\n|---|---|---|---|---|---|\n")
	for _, c := range changes {
		version, artifact := markdown.CodeSpan(c.NewVersion), markdown.CodeSpan(c.NewID)
		if c.Changed() {
			version = imageArrow(c.OldVersion, c.NewVersion)
			artifact = imageArrow(c.OldID, c.NewID)
		}
		sha := "—"
		if c.GitSHA != "" {
			sha = markdown.Cell(markdown.CodeSpan(short(c.GitSHA)))
		}
		replaces := "no change"
		if c.Changed() {
			replaces = "nothing in this root"
		}
		if n := len(c.Replaces); n > 0 {
			shown := c.Replaces
			if n > 10 {
				shown = shown[:10]
			}
			parts := make([]string, len(shown))
			for i, a := range shown {
				parts[i] = markdown.CodeSpan(a)
			}
			replaces = strings.Join(parts, ", ")
			if n > 10 {
				replaces += fmt.Sprintf(" and %d more", n-10)
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", markdown.Cell(markdown.CodeSpan(c.Bucket+"@"+c.Channel)), markdown.Cell(markdown.CodeSpan(c.Variable)),
			markdown.Cell(version), markdown.Cell(artifact), sha, markdown.Cell(replaces))
	}
	return b.String()
}

func imageArrow(old, new string) string {
	o := "(unknown)"
	if old != "" {
		o = markdown.CodeSpan(old)
	}
	return o + " → " + markdown.CodeSpan(new)
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}

// images writes the Images section if it fits whole, leaving room for the
// note that says the diff was cut.
func (r *renderer) images(b *budget, changes []ImageChange) {
	s := r.scrub(RenderImages(changes))
	if s != "" && b.fits(runes(s)+runes(r.diffNote(len(r.sum.Changes), len(r.sum.Changes)))) {
		b.write(s)
	}
}
