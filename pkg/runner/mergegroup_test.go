package runner

import (
	"path/filepath"
	"testing"
)

// A merge_group run reviews the queued commit of the pull request its queue
// branch names.
func TestEventFromMergeGroup(t *testing.T) {
	t.Parallel()
	env := runnerEnv("merge_group", filepath.Join("..", "..", "testdata", "events", "merge_group.json"))
	env["GITHUB_REF"] = "refs/heads/gh-readonly-queue/main/pr-12-a10867b14bb761a232cd80139fbd4c0d33264240"
	r, _ := newTest(env)
	e, err := r.Event()
	if err != nil {
		t.Fatal(err)
	}
	if e.PRNumber != 12 || e.HeadSHA != "0c3e5a9d1f2b4c6d8e0f1a2b3c4d5e6f7a8b9c0d" || e.BaseRef != "main" ||
		e.HeadRef != "gh-readonly-queue/main/pr-12-a10867b14bb761a232cd80139fbd4c0d33264240" || e.Fork ||
		e.BaseSHA != "a10867b14bb761a232cd80139fbd4c0d33264240" {
		t.Errorf("merge_group event = %+v", *e)
	}
}

func TestMergeGroupPRFromTheQueueBranch(t *testing.T) {
	t.Parallel()
	for ref, want := range map[string]int{
		"refs/heads/gh-readonly-queue/main/pr-12-a10867b14bb761a232cd80139fbd4c0d33264240":       12,
		"refs/heads/gh-readonly-queue/release/v2/pr-7-a10867b14bb761a232cd80139fbd4c0d33264240":  7,
		"gh-readonly-queue/main/pr-300-abcdef0":                                                  300,
		"refs/heads/feature/pr-12-a10867b14bb761a232cd80139fbd4c0d33264240":                      0,
		"refs/heads/gh-readonly-queue/main/pr-x-a10867b14bb761a232cd80139fbd4c0d33264240":        0,
		"refs/heads/gh-readonly-queue/main/pr-12-a10867b14bb761a232cd80139fbd4c0d33264240/extra": 0,
	} {
		e := &Event{}
		e.fromMergeGroup(&payloadMergeGroup{HeadRef: ref, HeadSHA: "h"})
		if e.PRNumber != want {
			t.Errorf("%s: PR %d, want %d", ref, e.PRNumber, want)
		}
	}
}
