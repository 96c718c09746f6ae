package secrets_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/secrets"
)

func TestParseRequests(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     []secrets.Request
	}{
		{"kv2 with name", "secret/data/prod/db password | TF_VAR_db_password",
			[]secrets.Request{{Line: 1, Path: "secret/data/prod/db", Key: "password", Name: "TF_VAR_db_password"}}},
		{"kv1, spaces, trailing semicolon, blank and comment lines",
			"\n# database\n  kv/prod/db   user|DB_USER ;\n\nkv/prod/aws access-key | AWS_ACCESS_KEY_ID",
			[]secrets.Request{
				{Line: 3, Path: "kv/prod/db", Key: "user", Name: "DB_USER"},
				{Line: 5, Path: "kv/prod/aws", Key: "access-key", Name: "AWS_ACCESS_KEY_ID"},
			}},
		{"name derived from the key", "/secret/data/ci/aws/ accessKey.id",
			[]secrets.Request{{Line: 1, Path: "secret/data/ci/aws", Key: "accessKey.id", Name: "ACCESSKEY_ID"}}},
		{"empty", " \n\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := secrets.ParseRequests(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseRequestsErrorsNameTheLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		line     int
		want     string
	}{
		{"no key", "secret/data/a k | A\nsecret/data/b", 2, "no key"},
		{"too many fields", "secret/data/a k extra | A", 1, "more than a path and a key"},
		{"empty name", "\nsecret/data/a k |", 2, "no variable name"},
		{"bad name", "secret/data/a k | db-password", 1, "not a valid environment variable name"},
		{"reserved name", "secret/data/a k | GITHUB_TOKEN", 1, "reserved"},
		{"duplicate", "a/b k | X\na/c k | X", 2, "line 1 already does"},
		{"nothing before the bar", "| X", 1, "no path and key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := secrets.ParseRequests(tt.in)
			le, ok := err.(*secrets.LineError)
			if !ok {
				t.Fatalf("err = %v (%T), want *LineError", err, err)
			}
			if le.Line != tt.line || !strings.Contains(le.Error(), tt.want) || !strings.Contains(le.Error(), "path key | NAME") {
				t.Errorf("line %d, %q; want line %d mentioning %q and the syntax", le.Line, le.Error(), tt.line, tt.want)
			}
		})
	}
}
