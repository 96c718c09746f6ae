package runner

import (
	"regexp"
	"strconv"
	"strings"
)

// payloadMergeGroup is the merge_group event's `merge_group` object: the
// commit the merge queue tests (head_sha, on a temporary branch head_ref)
// on top of base_sha, the branch it lands on.
type payloadMergeGroup struct {
	HeadSHA string `json:"head_sha"`
	HeadRef string `json:"head_ref"`
	BaseSHA string `json:"base_sha"`
	BaseRef string `json:"base_ref"`
}

// queueRef is GitHub's merge queue branch: gh-readonly-queue/<base>/pr-<N>-<base sha>.
var queueRef = regexp.MustCompile(`^(?:refs/heads/)?gh-readonly-queue/.+/pr-(\d+)-[0-9a-f]{7,64}$`)

// fromMergeGroup fills e for a merge_group event: the queued commit is the
// one under review, and the pull request is the one the queue branch names
// (the last one of the group; a group of several holds the earlier ones too).
func (e *Event) fromMergeGroup(mg *payloadMergeGroup) {
	e.HeadSHA = mg.HeadSHA
	e.HeadRef = strings.TrimPrefix(mg.HeadRef, "refs/heads/")
	e.BaseRef = strings.TrimPrefix(mg.BaseRef, "refs/heads/")
	if m := queueRef.FindStringSubmatch(mg.HeadRef); m != nil {
		e.PRNumber, _ = strconv.Atoi(m[1])
	}
	if e.HeadSHA == "" {
		e.HeadSHA = e.SHA
	}
}
