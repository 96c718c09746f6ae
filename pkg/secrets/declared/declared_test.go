package declared

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
)

func write(t *testing.T, name, src string) string {
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSensitive(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, src string
		names           []string
		defaults        []any
	}{
		{"hcl", "main.tf", `variable "pw" {
  sensitive = true
  default   = { a = "default-secret", n = 73519246 }
}
variable "plain" { default = "shown" }
variable "off" {
  sensitive = false
  default   = "not-secret"
}`, []string{"pw"}, []any{"default-secret", json.Number("73519246")}},
		{"json", "main.tf.json", `{"variable": {"token": {"sensitive": true}, "x": {"default": 1}}}`, []string{"token"}, nil},
		{"packer", "web.pkr.hcl", `variable "token" {
  type      = string
  sensitive = true
}
source "file" "x" { content = "x" }`, []string{"token"}, nil},
		{"does not parse", "bad.tf", `variable "x" {`, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			names, defaults := Sensitive([]string{write(t, tt.file, tt.src)})
			var got []string
			for n := range names {
				got = append(got, n)
			}
			sort.Strings(got)
			if !reflect.DeepEqual(got, tt.names) {
				t.Errorf("names = %v, want %v", got, tt.names)
			}
			if len(defaults) != len(tt.defaults) {
				t.Errorf("defaults = %#v, want %#v", defaults, tt.defaults)
			}
		})
	}
}

func TestVarFile(t *testing.T) {
	t.Parallel()
	names := map[string]bool{"pw": true, "pin": true}
	hcl := write(t, "s.tfvars", "pw = \"hcl-secret\"\npin = 73519246\nother = \"shown\"\n")
	js := write(t, "s.tfvars.json", `{"pw": "json-secret", "other": "shown"}`)
	got := append(VarFile(hcl, names), VarFile(js, names)...)
	want := map[any]bool{"hcl-secret": true, json.Number("73519246"): true, "json-secret": true}
	if len(got) != len(want) {
		t.Fatalf("VarFile = %#v", got)
	}
	for _, v := range got {
		if !want[v] {
			t.Errorf("unexpected value %#v", v)
		}
	}
}
