package audit

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// expandLogs turns the audit-logs lines into files: a path as it is, or a
// glob (the engine of the roots globs: `logs/**/*.json.gz`) relative to
// repo, its files in sorted order. A glob that matches no file is an error.
func expandLogs(repo string, lines []string) ([]string, error) {
	var out []string
	for _, l := range lines {
		if !strings.ContainsAny(l, "*?[{") {
			out = append(out, l)
			continue
		}
		base, pattern := repo, filepath.ToSlash(l)
		if filepath.IsAbs(l) {
			base, pattern = doublestar.SplitPattern(pattern)
		}
		if base == "" {
			base = "."
		}
		m, err := doublestar.Glob(os.DirFS(base), strings.TrimPrefix(pattern, "./"), doublestar.WithFilesOnly())
		if err != nil {
			return nil, fmt.Errorf("audit-logs: %q is not a valid glob (%v)", l, err)
		}
		if len(m) == 0 {
			return nil, fmt.Errorf("audit-logs: %q matches no file (paths are relative to the repository root)", l)
		}
		for _, f := range m {
			if filepath.IsAbs(l) {
				f = filepath.Join(base, f)
			}
			out = append(out, f)
		}
	}
	return out, nil
}

// MaxLogSize bounds what one audit log may unpack to (a gzip bomb stops
// here, with an error naming the file).
const MaxLogSize = 2 << 30

// ParseEvents reads one audit-log file as users have them, whatever its
// name says: gzip is detected by its magic bytes (and a file of several
// gzip members, as `cat *.json.gz` makes, is read whole); the text may hold
// several JSON documents one after another (`zcat *.json.gz > trail.json`)
// or one a line (JSON Lines). Each document is recognised by its content:
//
//   - CloudTrail: {"Records": [...]} (S3 delivery), {"Events": [...]}
//     (`aws cloudtrail lookup-events`), or one record;
//   - GCP Cloud Audit Logs: a LogEntry with a protoPayload, a list of them
//     (`gcloud logging read --format=json`), or {"entries": [...]};
//   - Azure Activity Log: an event of `az monitor activity-log list`, a list
//     of them, or a record as diagnostic settings export it (one a line, or
//     {"records": [...]}).
//
// name is used in errors only.
func ParseEvents(name string, data []byte) ([]Event, error) {
	data, err := gunzip(data)
	if err != nil {
		return nil, fmt.Errorf("audit log %s: %v", name, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	out := []Event{}
	for n := 1; ; n++ {
		var doc json.RawMessage
		if err := dec.Decode(&doc); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("audit log %s, document %d, is not JSON (%v): %s", name, n, err, formatsWant)
		}
		evs, err := parseDocument(doc)
		if err != nil {
			return nil, fmt.Errorf("audit log %s, document %d: %w", name, n, err)
		}
		out = append(out, evs...)
	}
	return out, nil
}

const formatsWant = "give CloudTrail logs (S3 files or `aws cloudtrail lookup-events` output), GCP Cloud Audit Logs (Cloud Logging JSON or JSON Lines) or the Azure Activity Log (`az monitor activity-log list` or a diagnostic-settings export), plain or gzipped"

// gunzip unpacks data when it starts with gzip's magic bytes.
func gunzip(data []byte) ([]byte, error) {
	if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
		return data, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("starts like gzip but is not (%v)", err)
	}
	b, err := io.ReadAll(io.LimitReader(zr, MaxLogSize+1))
	if err != nil {
		return nil, fmt.Errorf("gzip data is damaged (%v)", err)
	}
	if len(b) > MaxLogSize {
		return nil, errors.New("unpacks to more than 2 GiB: split it")
	}
	return b, nil
}

// parseDocument reads one JSON document of any supported format.
func parseDocument(doc json.RawMessage) ([]Event, error) {
	doc = bytes.TrimSpace(doc)
	if len(doc) > 0 && doc[0] == '[' {
		var list []json.RawMessage
		if err := json.Unmarshal(doc, &list); err != nil {
			return nil, err
		}
		var out []Event
		for i, e := range list {
			evs, err := parseDocument(e)
			if err != nil {
				return nil, fmt.Errorf("item %d: %w", i+1, err)
			}
			out = append(out, evs...)
		}
		return out, nil
	}
	if len(doc) == 0 || doc[0] != '{' {
		return nil, fmt.Errorf("is neither a JSON object nor a list: %s", formatsWant)
	}
	if evs, ok, err := cloudTrailDocument(doc); ok {
		return evs, err
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(doc, &probe); err != nil {
		return nil, err
	}
	switch {
	case probe["eventName"] != nil && probe["eventSource"] != nil:
		var r record
		if err := json.Unmarshal(doc, &r); err != nil {
			return nil, fmt.Errorf("not a CloudTrail record (%v)", err)
		}
		ev, err := r.event()
		if err != nil {
			return nil, err
		}
		return []Event{ev}, nil
	}
	if evs, ok, err := otherDocument(probe, doc); ok {
		return evs, err
	}
	return nil, fmt.Errorf(`has neither "Records" (a CloudTrail log file from S3), "Events" (LookupEvents output), a CloudTrail record, a GCP "protoPayload" nor an Azure "operationName": %s`, formatsWant)
}

// otherDocument reads the GCP and Azure formats; ok is false when doc is
// none of them.
func otherDocument(probe map[string]json.RawMessage, doc json.RawMessage) (out []Event, ok bool, err error) {
	list := func(key string) ([]Event, bool, error) {
		evs, err := parseDocument(probe[key])
		if err != nil {
			return nil, true, fmt.Errorf("%s: %w", key, err)
		}
		return evs, true, nil
	}
	switch {
	case probe["protoPayload"] != nil:
		ev, skip, err := gcpEvent(doc)
		if err != nil || skip {
			return nil, true, err
		}
		return []Event{ev}, true, nil
	case probe["operationName"] != nil:
		ev, err := azureEventOf(doc)
		if err != nil {
			return nil, true, err
		}
		return []Event{ev}, true, nil
	case probe["entries"] != nil: // Cloud Logging API: entries.list
		return list("entries")
	case probe["records"] != nil: // Azure diagnostic settings to an event hub
		return list("records")
	case probe["value"] != nil: // Azure REST API: a page of events
		return list("value")
	}
	return nil, false, nil
}
