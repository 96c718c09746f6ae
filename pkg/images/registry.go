// Package images is the image registry kept in git: one JSON file per bucket
// (images/<bucket>.json) with the versions baked so far and the channels
// that point at them, like HCP Packer's channels. Versions are append-only:
// a version is never rewritten or removed, only revoked, and a revoked
// version can never be resolved or promoted.
package images

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"time"
)

// Registry is the content of one bucket's file.
type Registry struct {
	Bucket   string            `json:"bucket"`
	Versions []Version         `json:"versions"`
	Channels map[string]string `json:"channels"`
	// path is the file it was read from, for error messages.
	path string
}

// Version is one baked image version.
type Version struct {
	Version       string    `json:"version"`
	GitSHA        string    `json:"git_sha"`
	BuiltAt       time.Time `json:"built_at"`
	PackerRunUUID string    `json:"packer_run_uuid,omitempty"`
	// Artifacts maps a platform (and region) to the artifact id, e.g.
	// "aws:us-east-1": "ami-0123456789abcdef0".
	Artifacts map[string]string `json:"artifacts"`
	Revoked   bool              `json:"revoked,omitempty"`
}

var (
	nameRE    = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,62}$`)
	versionRE = regexp.MustCompile(`^v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)
)

// CheckName checks a bucket or channel name (what becomes a file name).
func CheckName(kind, name string) error {
	if !nameRE.MatchString(name) {
		return fmt.Errorf("%s %q is not a valid name: use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit", kind, name)
	}
	return nil
}

// CheckVersion checks that v is a semantic version such as 1.4.0 or
// 0.0.0-20261124065000-abc1234.
func CheckVersion(v string) error {
	if !versionRE.MatchString(v) {
		return fmt.Errorf("version %q is not a semantic version: use MAJOR.MINOR.PATCH with an optional -prerelease, e.g. 1.4.0 or 1.4.0-rc.1", v)
	}
	return nil
}

// New returns an empty registry for bucket, to be saved at path.
func New(bucket, path string) *Registry {
	return &Registry{Bucket: bucket, Channels: map[string]string{}, path: path}
}

// Path is the file the registry was read from or will be saved to.
func (r *Registry) Path() string { return r.path }

// Find returns the version named v, or nil.
func (r *Registry) Find(v string) *Version {
	for i := range r.Versions {
		if r.Versions[i].Version == v {
			return &r.Versions[i]
		}
	}
	return nil
}

// Add appends a new version. It refuses a version that is already recorded:
// versions are never rewritten.
func (r *Registry) Add(v Version) error {
	if err := CheckVersion(v.Version); err != nil {
		return err
	}
	if len(v.Artifacts) == 0 {
		return fmt.Errorf("version %s of bucket %s has no artifacts: nothing to record", v.Version, r.Bucket)
	}
	if old := r.Find(v.Version); old != nil {
		return fmt.Errorf("version %s of bucket %s is already recorded in %s (built %s from %s): versions are never rewritten; bake a new version",
			v.Version, r.Bucket, r.path, old.BuiltAt.Format(time.RFC3339), short(old.GitSHA))
	}
	v.Revoked = false
	r.Versions = append(r.Versions, v)
	return nil
}

// Promote points channel at version and returns the version it pointed at
// before ("" when the channel is new). Unknown and revoked versions are
// refused.
func (r *Registry) Promote(channel, version string) (previous string, err error) {
	if err := CheckName("channel", channel); err != nil {
		return "", err
	}
	v := r.Find(version)
	if v == nil {
		return "", fmt.Errorf("cannot promote %s@%s to version %s: %s has no such version (known: %s)", r.Bucket, channel, version, r.path, r.known())
	}
	if v.Revoked {
		return "", fmt.Errorf("cannot promote %s@%s to version %s: that version is revoked in %s", r.Bucket, channel, version, r.path)
	}
	if r.Channels == nil {
		r.Channels = map[string]string{}
	}
	previous = r.Channels[channel]
	r.Channels[channel] = version
	return previous, nil
}

// Revoke marks version revoked; channels pointing at it can no longer be
// resolved until they are promoted to another version.
func (r *Registry) Revoke(version string) error {
	v := r.Find(version)
	if v == nil {
		return fmt.Errorf("cannot revoke version %s of bucket %s: %s has no such version", version, r.Bucket, r.path)
	}
	v.Revoked = true
	return nil
}

// Resolve returns the version channel points at. An unknown channel and a
// revoked version are errors that name the bucket, channel, version and file.
func (r *Registry) Resolve(channel string) (*Version, error) {
	name, ok := r.Channels[channel]
	if !ok {
		return nil, fmt.Errorf("image %s@%s: bucket %s has no channel %q in %s (channels: %s); promote a version to it first",
			r.Bucket, channel, r.Bucket, channel, r.path, r.channels())
	}
	v := r.Find(name)
	if v == nil {
		return nil, fmt.Errorf("image %s@%s: the channel points at version %s, which %s does not record; fix the file", r.Bucket, channel, name, r.path)
	}
	if v.Revoked {
		return nil, fmt.Errorf("image %s@%s: version %s is revoked in %s; promote another version to %s", r.Bucket, channel, name, r.path, channel)
	}
	return v, nil
}

// Marshal renders the registry as indented JSON with a final newline, with
// channels sorted (encoding/json sorts map keys), so diffs in review stay small.
func (r *Registry) Marshal() ([]byte, error) {
	c := *r
	if c.Versions == nil {
		c.Versions = []Version{}
	}
	if c.Channels == nil {
		c.Channels = map[string]string{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&c); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Parse reads a registry file's content; path names it in errors.
func Parse(b []byte, path string) (*Registry, error) {
	var r Registry
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("image registry %s is not valid: %v; fix the JSON (versions[], channels{})", path, err)
	}
	r.path = path
	if r.Channels == nil {
		r.Channels = map[string]string{}
	}
	seen := map[string]bool{}
	for _, v := range r.Versions {
		if seen[v.Version] {
			return nil, fmt.Errorf("image registry %s records version %s twice; keep the first and remove the other by hand", path, v.Version)
		}
		seen[v.Version] = true
	}
	return &r, nil
}

func (r *Registry) known() string {
	if len(r.Versions) == 0 {
		return "none"
	}
	names := make([]string, 0, len(r.Versions))
	for _, v := range r.Versions {
		names = append(names, v.Version)
	}
	return join(names)
}

func (r *Registry) channels() string {
	names := make([]string, 0, len(r.Channels))
	for c := range r.Channels {
		names = append(names, c)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return "none"
	}
	return join(names)
}

func join(s []string) string {
	var b bytes.Buffer
	for i, x := range s {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(x)
	}
	return b.String()
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}
