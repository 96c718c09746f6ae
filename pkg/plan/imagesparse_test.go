package plan

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseImagesReadsRenderImagesBack(t *testing.T) {
	t.Parallel()
	cases := map[string][]ImageChange{
		"changed": {{Bucket: "web", Channel: "prod", Variable: "image_id", OldVersion: "1.3.2", NewVersion: "1.4.0", OldID: "img-old", NewID: "img-new",
			GitSHA: "a10867b14bb761a232cd80139fbd4c0d33264240", Replaces: []string{"terraform_data.web[0]"}}},
		"unchanged":           {{Bucket: "web", Channel: "prod", Variable: "image_id", OldVersion: "1.4.0", NewVersion: "1.4.0", OldID: "x", NewID: "x"}},
		"unknown old, odd id": {{Bucket: "db.v2", Channel: "canary-1", Variable: "ami", NewVersion: "0.0.0-20261124065000-abc1234+b.1", OldID: "a|b`c", NewID: "`|x|`"}},
		"two": {
			{Bucket: "web", Channel: "prod", Variable: "web_image", NewVersion: "2.0.0", NewID: "i"},
			{Bucket: "api", Channel: "dev", Variable: "api_image", OldVersion: "1.0.0", OldID: "o", NewVersion: "1.0.1", NewID: "n"},
		},
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			body := "<!-- repave:plan -->\n### Plan\n" + RenderImages(in) + "\n<details>\n| `web@x` | `y` | `1.0.0` | z |\n"
			got, ok := ParseImages(body)
			var want []ImageChange
			for _, c := range in {
				want = append(want, ImageChange{Bucket: c.Bucket, Channel: c.Channel, Variable: c.Variable, NewVersion: c.NewVersion})
			}
			if !ok || !reflect.DeepEqual(got, want) {
				t.Errorf("ParseImages = %+v, %v; want %+v\n%s", got, ok, want, body)
			}
		})
	}
	if _, ok := ParseImages("<!-- repave:plan -->\nno images here"); ok {
		t.Error("a body without an Images section must say so")
	}
}

func FuzzParseImages(f *testing.F) {
	f.Add("web", "prod", "image_id", "1.4.0", "img-1")
	f.Add("a", "b", "c", "0.0.0-1-x", "`|`")
	f.Fuzz(func(t *testing.T, bucket, channel, variable, version, id string) {
		in := []ImageChange{{Bucket: bucket, Channel: channel, Variable: variable, NewVersion: version, NewID: id, OldVersion: "1.0.0", OldID: "o"}}
		got, ok := ParseImages(RenderImages(in))
		if !ok {
			t.Fatal("the rendered section is not found")
		}
		clean := func(s string) bool { return s != "" && !strings.ContainsAny(s, "`|\r\n@ ") }
		if clean(bucket) && clean(channel) && clean(variable) && clean(version) {
			if len(got) != 1 || got[0].Bucket != bucket || got[0].Channel != channel || got[0].Variable != variable || got[0].NewVersion != version {
				t.Errorf("ParseImages(RenderImages(%+v)) = %+v", in, got)
			}
		}
	})
}

// The registry file is anyone's to edit: a git SHA holding pipes is one cell.
func TestRenderImagesKeepsEachValueInItsCell(t *testing.T) {
	out := RenderImages([]ImageChange{{Bucket: "web", Channel: "prod", Variable: "image_id", OldVersion: "1.0.0", NewVersion: "1.1.0",
		OldID: "o|x", NewID: "n|y", GitSHA: "a|b|c|d", Replaces: []string{"x.y[\"|\"]"}}})
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "| ") {
			continue
		}
		if cells := len(strings.Split(strings.ReplaceAll(line, `\|`, ""), "|")) - 2; cells != 6 {
			t.Errorf("a row of %d cells: %s", cells, line)
		}
	}
}
