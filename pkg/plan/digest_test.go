package plan

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

func TestDigestRoundTripsThroughACommentBody(t *testing.T) {
	t.Parallel()
	d := DigestOf(Summarize(loadFixture(t, "mixed")))
	if len(d) != 4 || d["terraform_data.app"].Action != ActionUpdate || len(d["terraform_data.app"].Attrs) == 0 {
		t.Fatalf("DigestOf(mixed) = %v", d)
	}
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

// The digest line an earlier repave wrote for a plan that forgets terraform_data.b
// (actions only) still parses, and is compared by action.
func TestDigestOfAnOlderVersionParses(t *testing.T) {
	t.Parallel()
	const old = "<!-- repave:actions H4sIAAAAAAAC_6pWKkktKkpMyy_KjU9JLEnUS1KyUkrLL0pPLVGqBQQAAP__wODD6x0AAAA -->"
	d, ok := ParseDigest("<!-- repave:plan root=. -->\n" + old + "\n### Plan")
	if !ok || !reflect.DeepEqual(d, Digest{"terraform_data.b": {Action: ActionForget}}) {
		t.Fatalf("ParseDigest(old line) = %v, %v", d, ok)
	}
	now := Digest{"terraform_data.b": {Action: ActionForget, Attrs: map[string]string{"input": "0011aabb"}}}
	if diff := d.Diff(now); len(diff) != 0 {
		t.Errorf("same action against an old digest: Diff = %v, want none", diff)
	}
	now["terraform_data.b"] = DigestEntry{Action: ActionDelete, Attrs: map[string]string{"input": "0011aabb"}}
	if diff := d.Diff(now); !reflect.DeepEqual(diff, []ActionDiff{{Address: "terraform_data.b", Reviewed: ActionForget, Now: ActionDelete}}) {
		t.Errorf("Diff = %v", diff)
	}
}

func TestDigestDiffNamesEachChangedResourceAndAttribute(t *testing.T) {
	t.Parallel()
	reviewed := DigestOf(Summarize(loadFixture(t, "mixed")))
	p := loadFixture(t, "mixed")
	var kept []*tfjson.ResourceChange
	for _, rc := range p.ResourceChanges {
		switch rc.Address {
		case "terraform_data.app": // same action, another planned value of one attribute
			rc.Change.After.(map[string]any)["input"].(map[string]any)["replicas"] = json.Number("5")
		case "terraform_data.web": // replace becomes a delete
			rc.Change.Actions = tfjson.Actions{tfjson.ActionDelete}
			rc.Change.After, rc.Change.AfterUnknown, rc.Change.AfterSensitive, rc.Change.ReplacePaths = nil, map[string]any{}, false, nil
		case "terraform_data.legacy": // no longer changed
			continue
		case "terraform_data.stable": // now moved
			rc.PreviousAddress = "terraform_data.old"
		}
		kept = append(kept, rc)
	}
	p.ResourceChanges = kept
	want := []ActionDiff{
		{Address: "terraform_data.app", Reviewed: ActionUpdate, Now: ActionUpdate, Paths: []string{"input"}},
		{Address: "terraform_data.legacy", Reviewed: ActionDelete, Now: "", Paths: []string{"id", "input", "output", "triggers_replace"}},
		{Address: "terraform_data.stable", Reviewed: "", Now: "move", Paths: []string{"(moved from)", "id", "input", "output", "triggers_replace"}},
		{Address: "terraform_data.web", Reviewed: ActionReplace, Now: ActionDelete, Paths: []string{"(replace paths)", "id", "input", "output", "triggers_replace"}},
	}
	if got := reviewed.Diff(DigestOf(Summarize(p))); !reflect.DeepEqual(got, want) {
		t.Errorf("Diff =\n%+v\nwant\n%+v", got, want)
	}
}

// Refresh noise the fingerprint ignores is not named either.
func TestDigestIgnoresWhatTheFingerprintIgnores(t *testing.T) {
	t.Parallel()
	reviewed := DigestOf(Summarize(loadFixture(t, "mixed")))
	p := loadFixture(t, "mixed")
	p.Timestamp = "2031-01-01T00:00:00Z"
	for _, rc := range p.ResourceChanges {
		if rc.Address == "terraform_data.web" {
			rc.Change.Before.(map[string]any)["id"] = "recreated-in-between"
		}
	}
	if diff := reviewed.Diff(DigestOf(Summarize(p))); len(diff) != 0 {
		t.Errorf("Diff = %+v, want none", diff)
	}
}

// The digest is public: it holds no value, not even a sensitive one hashed alone.
func TestDigestHoldsNoValue(t *testing.T) {
	t.Parallel()
	p := loadFixture(t, "sensitive")
	line := DigestOf(Summarize(p)).Line()
	raw, _ := base64.RawURLEncoding.DecodeString(strings.TrimSuffix(strings.TrimPrefix(line, digestPrefix), " -->"))
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := io.ReadAll(zr)
	for _, secret := range append(SensitiveValues(p), "hunter2-s3cr3t", "postgres://") {
		if strings.Contains(string(doc), secret) {
			t.Errorf("the digest holds %q: %s", secret, doc)
		}
	}
	// A change to a sensitive value alone is not named (nor does it change the fingerprint).
	before := DigestOf(Summarize(p))
	for _, rc := range p.ResourceChanges {
		if rc.Address == "terraform_data.db" {
			rc.Change.After.(map[string]any)["input"] = "postgres://app:other@db.internal:5432/app"
		}
	}
	if diff := before.Diff(DigestOf(Summarize(p))); len(diff) != 0 {
		t.Errorf("a change to a sensitive value is named: %+v", diff)
	}
}

func TestDigestIsCutToActionsThenLeftOutWhenTooLarge(t *testing.T) {
	t.Parallel()
	d := Digest{}
	for i := 0; i < 600; i++ {
		attrs := map[string]string{}
		for j := 0; j < 8; j++ {
			attrs[fmt.Sprintf("attr_%d", j)] = fmt.Sprintf("%08x", uint32(i*7919+j*104729)*2654435761)
		}
		d[fmt.Sprintf("module.m%d.terraform_data.x%d", i*7919%100003, i)] = DigestEntry{Action: ActionCreate, Attrs: attrs}
	}
	if len(d.encode()) <= MaxDigest {
		t.Fatal("the test digest should be too large with attribute hashes")
	}
	got, ok := ParseDigest(d.Line())
	if !ok || len(got) != len(d) || got["module.m0.terraform_data.x0"].Attrs != nil {
		t.Errorf("an oversized digest should be written with actions only; got %d entries, %v", len(got), ok)
	}
	for i := 0; i < 20000; i++ {
		d[fmt.Sprintf("module.m%d.terraform_data.x%d", i*7919%100003, i)] = DigestEntry{Action: ActionCreate}
	}
	if d.Line() != "" {
		t.Error("a digest too large even with actions only should be left out")
	}
	body := "<!-- m -->\nrest"
	if WithDigest(body, d) != body {
		t.Error("WithDigest should leave the body alone when the digest is too large")
	}
}

func TestWithStatusReplacesTheStatusLine(t *testing.T) {
	t.Parallel()
	body := WithDigest("<!-- repave:plan root=. -->\n### Plan\nbody", Digest{"a": {Action: ActionCreate}})
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

// ParseDigest reads comment bodies anyone with write access can edit: it never panics,
// and what it reads encodes back to a line that reads the same.
func FuzzParseDigest(f *testing.F) {
	f.Add("<!-- repave:actions H4sIAAAAAAAC_6pWKkktKkpMyy_KjU9JLEnUS1KyUkrLL0pPLVGqBQQAAP__wODD6x0AAAA -->")
	f.Add(Digest{"a": {Action: ActionCreate, Attrs: map[string]string{"input": "0011aabb"}}}.encode())
	f.Add("<!-- repave:actions -->")
	f.Fuzz(func(t *testing.T, body string) {
		d, ok := ParseDigest(body)
		if !ok {
			return
		}
		again, ok := ParseDigest(d.encode())
		if !ok || !reflect.DeepEqual(again, d) {
			t.Errorf("ParseDigest(encode(%v)) = %v, %v", d, again, ok)
		}
	})
}

// The digest is the line after the marker. A comment without one (its digest did not
// fit) can still quote a digest-like line in a value the diff shows: that line is not
// the digest, or a plan that changed since review would name what its author chose.
func TestParseDigestReadsOnlyTheLineAfterTheMarker(t *testing.T) {
	forged := Digest{"terraform_data.decoy": {Action: ActionCreate}}.encode()
	body := Marker{Root: "."}.String() + "\n### Terraform plan\n\n```diff\n+ script = <<-EOT\n+       " + forged + "\n  EOT\n```\n"
	if d, ok := ParseDigest(body); ok {
		t.Errorf("a digest quoted in the diff is read as the comment's: %v", d)
	}
	real := Digest{"terraform_data.x": {Action: ActionUpdate}}
	if d, ok := ParseDigest(WithDigest(body, real)); !ok || !reflect.DeepEqual(d, real) {
		t.Errorf("ParseDigest = %v, %v; want %v", d, ok, real)
	}
}
