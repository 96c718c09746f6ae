package plan

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRender feeds plan JSON to Parse and everything after it: nothing may panic, Render
// never goes over MaxChars and always starts with its marker, and Parse accepts what
// Redact writes.
func FuzzRender(f *testing.F) {
	for _, name := range fixtures {
		f.Add(readFixture(f, name), uint16(0))
	}
	f.Add(generatePlan(8, "x"), uint16(500))
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[{"address":"a|b","change":{"actions":["update"],"before":[1],"after":{"x":"`+"```"+`"},"after_unknown":[true],"before_sensitive":{"x":true},"replace_paths":[["x",0]]}}]}`), uint16(3))
	f.Add([]byte(setPlan), uint16(7))
	f.Add(numberPlan("9007199254740993"), uint16(1))
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[{"address":"terraform_data.t","type":"terraform_data","change":{"actions":["update"],"before":{"input":{"p":"{\"a\":[1,{\"b\":2}]}","u":"a\nb\n"}},"after":{"input":{"p":"{\"a\":[{\"b\":3}]}","u":"a\nc"}}}}]}`), uint16(2))
	f.Fuzz(func(t *testing.T, data []byte, extra uint16) {
		p, err := Parse(data)
		if err != nil {
			return
		}
		limit := MinMaxChars + int(extra)%8000
		opts := RenderOptions{MaxChars: limit, Marker: Marker{Root: "r", Workspace: "w"}}
		if extra%2 == 1 { // arrays as sets and lists, by a schema
			opts.Schema = &Schema{
				Sets:  map[string][]string{"managed.set_group": {"ingress", "tags"}, "managed.terraform_data": {"input", "triggers_replace"}},
				Lists: map[string][]string{"managed.set_group": {"ingress.*.cidr_blocks"}, "managed.terraform_data": {"input.*"}},
			}
		}
		md := Render(p, opts)
		if n := utf8.RuneCountInString(md); n > limit {
			t.Fatalf("Render wrote %d runes, MaxChars %d", n, limit)
		}
		if !strings.HasPrefix(md, "<!-- repave:plan root=r workspace=w ") {
			t.Fatalf("no marker first:\n%s", md)
		}
		for _, s := range SensitiveValues(p) {
			if strings.Contains(md, s) && !strings.Contains(Sensitive, s) && !strings.Contains(md[:strings.IndexByte(md, '\n')], s) {
				t.Fatalf("sensitive value %q in the output", s)
			}
		}
		if _, err := Fingerprint(p); err != nil {
			t.Fatalf("Fingerprint: %v", err)
		}
		out, err := Redact(p, RedactOptions{})
		if err != nil {
			t.Fatalf("Redact: %v", err)
		}
		redacted, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse rejects Redact's output: %v\n%s", err, out)
		}
		// The attribute changes of the redacted plan, as audit-check lists them, hold
		// no sensitive value either.
		for _, rc := range redacted.ResourceChanges {
			if rc == nil {
				continue
			}
			for _, a := range AttributeChanges(rc.Change) {
				for _, s := range SensitiveValues(p) {
					if (strings.Contains(a.Before, s) || strings.Contains(a.After, s)) && !strings.Contains(Sensitive, s) {
						t.Fatalf("sensitive value %q in the attribute change %+v", s, a)
					}
				}
			}
		}
	})
}
