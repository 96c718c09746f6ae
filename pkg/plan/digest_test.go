package plan

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestDigestRoundTripsThroughACommentBody(t *testing.T) {
	d := Digest{"terraform_data.web[0]": ActionReplace, "terraform_data.db": ActionUpdate}
	body := WithDigest("<!-- repave:plan root=. workspace=default fingerprint=f sha=s -->\n### Plan", d)
	if !strings.HasPrefix(body, "<!-- repave:plan ") {
		t.Fatal("the marker must stay the first line")
	}
	got, ok := ParseDigest(body)
	if !ok || !reflect.DeepEqual(got, d) {
		t.Fatalf("ParseDigest = %v, %v; want %v", got, ok, d)
	}
	if _, ok := ParseDigest("<!-- repave:actions not-base64!! -->"); ok {
		t.Error("a corrupt digest must not parse")
	}
}

func TestDigestDiffNamesEachChangedResource(t *testing.T) {
	reviewed := Digest{"a": ActionCreate, "b": ActionUpdate, "c": ActionDelete}
	now := Digest{"a": ActionCreate, "b": ActionReplace, "d": ActionCreate}
	want := []ActionDiff{{"b", ActionUpdate, ActionReplace}, {"c", ActionDelete, ""}, {"d", "", ActionCreate}}
	if got := reviewed.Diff(now); !reflect.DeepEqual(got, want) {
		t.Errorf("Diff = %v, want %v", got, want)
	}
}

func TestDigestIsLeftOutWhenTooLarge(t *testing.T) {
	d := Digest{}
	for i := 0; i < 20000; i++ {
		d[fmt.Sprintf("module.m%d.terraform_data.x%d", i*7919%100003, i)] = ActionCreate
	}
	if d.Line() != "" {
		t.Error("an oversized digest should be left out")
	}
	body := "<!-- m -->\nrest"
	if WithDigest(body, d) != body {
		t.Error("WithDigest should leave the body alone when the digest is too large")
	}
}

func TestWithStatusReplacesTheStatusLine(t *testing.T) {
	body := WithDigest("<!-- repave:plan root=. -->\n### Plan\nbody", Digest{"a": ActionCreate})
	once := WithStatus(body, "**Not applied: plan changed**")
	twice := WithStatus(once, "**Applied** in run 2")
	if strings.Count(twice, "repave:status") != 1 || !strings.Contains(twice, "Applied** in run 2") || strings.Contains(twice, "Not applied") {
		t.Errorf("status not replaced:\n%s", twice)
	}
	lines := strings.Split(twice, "\n")
	if !strings.HasPrefix(lines[0], "<!-- repave:plan") || !strings.HasPrefix(lines[1], "<!-- repave:actions") || !strings.HasPrefix(lines[2], "> <!-- repave:status -->") {
		t.Errorf("marker, digest, status must come first in that order:\n%s", twice)
	}
	if _, ok := ParseMarker(twice); !ok {
		t.Error("the marker no longer parses")
	}
}
