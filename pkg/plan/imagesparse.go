package plan

import (
	"regexp"
	"strings"
)

// imageRow is one row of RenderImages' table: the image and variable code
// spans, then the version cell, whose last code span is the new version.
// Bucket, channel, variable and version names hold no backtick or pipe, so
// the row reads back exactly.
var imageRow = regexp.MustCompile("^\\| `([^`|]+)@([^`|]+)` \\| `([^`|]+)` \\| ([^|]*?)`([^`|]+)` \\| ")

// ParseImages reads the Images section of a rendered comment back: per image
// reference, the bucket, channel, variable and the version the plan
// deploys (NewVersion); ok is false when the body has no Images section (a
// plan without image references, or one too large to keep it). The comment
// is not trusted by itself: callers only use it to refuse, never to allow.
func ParseImages(body string) (changes []ImageChange, ok bool) {
	const head = "\n#### Images\n\n| Image | Variable | Version | Artifact | Git SHA | Replaces |\n|---|---|---|---|---|---|\n"
	i := strings.Index(body, head)
	if i < 0 {
		return nil, false
	}
	for _, line := range strings.Split(body[i+len(head):], "\n") {
		m := imageRow.FindStringSubmatch(line)
		if m == nil {
			break
		}
		changes = append(changes, ImageChange{Bucket: m[1], Channel: m[2], Variable: m[3], NewVersion: m[5]})
	}
	return changes, true
}
