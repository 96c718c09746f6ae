package audit_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/audit"
)

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func ids(evs []audit.Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.ID)
	}
	return out
}

// jsonLines writes each record of a CloudTrail S3 file on its own line.
func jsonLines(t *testing.T, export []byte) []byte {
	t.Helper()
	var top struct{ Records []json.RawMessage }
	if err := json.Unmarshal(export, &top); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for _, r := range top.Records {
		json.Compact(&b, r)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func TestParseEventsReadsWhatUsersHave(t *testing.T) {
	t.Parallel()
	s3 := readTrail(t, "s3-export.json")
	lookup := readTrail(t, "lookup-events.json")
	noise := readTrail(t, "noise-and-changes.json")
	one := func(b []byte) []string {
		evs, err := audit.ParseEvents("x", b)
		if err != nil {
			t.Fatal(err)
		}
		return ids(evs)
	}
	all := append(append(one(s3), one(lookup)...), one(noise)...)
	if len(all) != 5+5+18 {
		t.Fatalf("%d events in the three files", len(all))
	}
	cases := map[string][]byte{
		"concatenated documents (zcat *.json.gz > trail.json)": bytes.Join([][]byte{s3, lookup, noise}, nil),
		"documents on one line each":                           bytes.Join([][]byte{compact(t, s3), compact(t, lookup), compact(t, noise)}, []byte("\n")),
		"a gzip file":                                          gz(t, bytes.Join([][]byte{s3, lookup, noise}, []byte("\n"))),
		"gzip members concatenated (cat *.json.gz)":            append(append(gz(t, s3), gz(t, lookup)...), gz(t, noise)...),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			evs, err := audit.ParseEvents("trail.json", data)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(evs); len(got) != len(all) || got[0] != all[0] || got[len(got)-1] != all[len(all)-1] {
				t.Errorf("read %d events, want %d", len(got), len(all))
			}
		})
	}
	t.Run("JSON Lines of records", func(t *testing.T) {
		t.Parallel()
		evs, err := audit.ParseEvents("records.jsonl", gz(t, jsonLines(t, noise)))
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != 18 || evs[0].Name != "UpdateInstanceInformation" {
			t.Errorf("read %d records: %v", len(evs), ids(evs))
		}
	})
}

func compact(t *testing.T, b []byte) []byte {
	var out bytes.Buffer
	if err := json.Compact(&out, b); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestAuditLogGlobs(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	writeFiles(t, repo, map[string]string{"logs/2026/11/23/a.json.gz": "", "logs/2026/11/24/b.json.gz": "", "logs/notes.txt": "", "trail.json": ""})
	got, err := audit.ExpandLogs(repo, []string{"trail.json", "logs/**/*.json.gz"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "trail.json logs/2026/11/23/a.json.gz logs/2026/11/24/b.json.gz"; strings.Join(got, " ") != want {
		t.Errorf("files %v, want %s", got, want)
	}
	if _, err := audit.ExpandLogs(repo, []string{"gcp/*.jsonl"}); err == nil || !strings.Contains(err.Error(), `"gcp/*.jsonl" matches no file`) {
		t.Errorf("a glob matching nothing: %v", err)
	}
}
