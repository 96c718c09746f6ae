package images

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"time"
)

// DefaultDir is where the registry files live in the repository.
const DefaultDir = "images"

// FilePath is the registry file of bucket under dir.
func FilePath(dir, bucket string) string { return filepath.Join(dir, bucket+".json") }

// Load reads bucket's registry file under dir; a missing file is an empty
// registry that Save will create.
func Load(dir, bucket string) (*Registry, error) {
	if err := CheckName("bucket", bucket); err != nil {
		return nil, err
	}
	path := FilePath(dir, bucket)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return New(bucket, path), nil
	}
	if err != nil {
		return nil, err
	}
	r, err := Parse(b, path)
	if err != nil {
		return nil, err
	}
	if r.Bucket == "" {
		r.Bucket = bucket
	}
	return r, nil
}

// Save writes the registry to its file atomically (a temporary file renamed
// over it). Before writing it re-reads the file and refuses a change that
// would drop or rewrite a recorded version (only revoking is allowed), so a
// concurrent or buggy writer can never lose data.
func (r *Registry) Save() error {
	if r.path == "" {
		return errors.New("image registry has no file path")
	}
	if old, err := os.ReadFile(r.path); err == nil {
		prev, err := Parse(old, r.path)
		if err != nil {
			return err
		}
		if err := AppendOnly(prev, r); err != nil {
			return err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	b, err := r.Marshal()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(r.path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(r.path), "."+filepath.Base(r.path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), r.path)
}

// AppendOnly checks that next keeps every version of prev unchanged, except
// that a version may become revoked (never un-revoked).
func AppendOnly(prev, next *Registry) error {
	for _, p := range prev.Versions {
		n := next.Find(p.Version)
		if n == nil {
			return fmt.Errorf("refusing to write %s: it would drop version %s of bucket %s; versions are never removed (revoke instead)", prev.path, p.Version, prev.Bucket)
		}
		if p.Revoked && !n.Revoked {
			return fmt.Errorf("refusing to write %s: it would un-revoke version %s of bucket %s", prev.path, p.Version, prev.Bucket)
		}
		a, b := p, *n
		a.Revoked, b.Revoked = false, false
		if !a.BuiltAt.Equal(b.BuiltAt) || !reflect.DeepEqual(withoutTime(a), withoutTime(b)) {
			return fmt.Errorf("refusing to write %s: it would rewrite version %s of bucket %s; versions are never rewritten", prev.path, p.Version, prev.Bucket)
		}
	}
	return nil
}

func withoutTime(v Version) Version {
	v.BuiltAt = time.Time{}
	if len(v.Artifacts) == 0 {
		v.Artifacts = nil
	}
	return v
}
