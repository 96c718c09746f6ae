package images

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/repave-dev/repave/pkg/packer"
)

// BakeRequest says what to build and where to record it.
type BakeRequest struct {
	Template    string // .pkr.hcl file or directory
	Bucket      string // "" means DefaultBucket(Template)
	Version     string
	Vars        []packer.Var
	VarFiles    []string
	Only        []string
	RegistryDir string // "" means DefaultDir
	// Channel, when set, is moved to the new version in the local file.
	Channel string
	GitSHA  string
	// ArtifactFrom says which artifact of each build is recorded:
	// packer.FromBuilder ("" too), packer.FromLast or a builder id.
	ArtifactFrom string
	// Env is given to the packer processes only (secrets for the template).
	Env      []string
	ExecPath string
	Log      io.Writer
	// Notice receives one-line remarks for the job log (e.g. init skipped).
	Notice func(string)
	Now    func() time.Time
}

// BakeResult is a recorded build.
type BakeResult struct {
	Registry *Registry
	Version  Version
	// Previous is the version Channel pointed at before ("" when new or no channel).
	Previous string
	Build    *packer.Result
}

// DefaultBucket is the bucket of a template: its directory's name (the
// template itself when it is a directory).
func DefaultBucket(template string) string {
	dir := template
	if st, err := os.Stat(template); err == nil && !st.IsDir() {
		dir = filepath.Dir(template)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return filepath.Base(dir)
	}
	return filepath.Base(abs)
}

var semverTag = regexp.MustCompile(`^refs/tags/v?([0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?)$`)

// DefaultVersion is the version of a build of ref at sha: the tag's version
// when ref is a semver tag (refs/tags/v1.4.0 gives 1.4.0), else
// 0.0.0-<UTC yyyymmddhhmmss>-<short sha>.
func DefaultVersion(ref, sha string, now time.Time) string {
	if m := semverTag.FindStringSubmatch(ref); m != nil {
		return m[1]
	}
	s := short(sha)
	if s == "" {
		s = "local"
	}
	return "0.0.0-" + now.UTC().Format("20060102150405") + "-" + s
}

// Bake builds the template with the real packer and records the version
// (and moves the channel) in the registry file. Nothing is recorded unless
// the build succeeds, and an already recorded version is refused before
// anything is built.
func Bake(ctx context.Context, req BakeRequest) (*BakeResult, error) {
	if req.Now == nil {
		req.Now = time.Now
	}
	if req.Notice == nil {
		req.Notice = func(string) {}
	}
	if req.Bucket == "" {
		req.Bucket = DefaultBucket(req.Template)
	}
	if req.RegistryDir == "" {
		req.RegistryDir = DefaultDir
	}
	if err := CheckVersion(req.Version); err != nil {
		return nil, err
	}
	reg, err := Unrecorded(req.RegistryDir, req.Bucket, req.Version)
	if err != nil {
		return nil, err
	}
	r, err := packer.New(packer.Options{Template: req.Template, Version: req.Version, Vars: req.Vars, VarFiles: req.VarFiles,
		Only: req.Only, Env: req.Env, ExecPath: req.ExecPath, Log: req.Log, ArtifactFrom: req.ArtifactFrom})
	if err != nil {
		return nil, err
	}
	if !r.DeclaresVersion() {
		req.Notice(fmt.Sprintf("%s declares no variable \"version\": the build cannot stamp version %s into the image; add `variable \"version\" { type = string }`", req.Template, req.Version))
	}
	if err := initPlugins(ctx, r, req.Notice); err != nil {
		return nil, err
	}
	if err := r.Validate(ctx); err != nil {
		return nil, err
	}
	res, err := r.Build(ctx)
	if err != nil {
		return nil, err
	}
	v := Version{Version: req.Version, GitSHA: req.GitSHA, BuiltAt: res.Started.UTC().Truncate(time.Second),
		PackerRunUUID: res.RunUUID, Artifacts: res.Artifacts}
	if err := reg.Add(v); err != nil {
		return nil, err
	}
	out := &BakeResult{Registry: reg, Version: v, Build: res}
	if req.Channel != "" {
		if out.Previous, err = reg.Promote(req.Channel, v.Version); err != nil {
			return nil, err
		}
	}
	if err := reg.Save(); err != nil {
		return nil, err
	}
	return out, nil
}

// Unrecorded loads bucket's registry and checks that version is not recorded
// yet, so a build that could not be recorded is never started.
func Unrecorded(dir, bucket, version string) (*Registry, error) {
	reg, err := Load(dir, bucket)
	if err != nil {
		return nil, err
	}
	if old := reg.Find(version); old != nil {
		return nil, fmt.Errorf("version %s of bucket %s is already recorded in %s: versions are never rewritten; bake a new version (or promote this one without template)", version, bucket, reg.Path())
	}
	return reg, nil
}

// initPlugins runs packer init when the template declares required plugins
// and the packer has init (1.7+); older packers load plugins from their
// plugin directory, so init is skipped with a notice.
func initPlugins(ctx context.Context, r *packer.Runner, notice func(string)) error {
	if !r.DeclaresPlugins() {
		return nil
	}
	v, err := r.Version(ctx)
	if err != nil {
		return err
	}
	if !packer.SupportsInit(v) {
		notice(fmt.Sprintf("packer %s has no `packer init`: the template's required_plugins must already be installed (use packer 1.7 or later to install them)", v))
		return nil
	}
	return r.Init(ctx)
}

// Record records v (when not recorded yet) and moves channel (when set) in
// the registry file content base (nil when the file does not exist), and
// returns the new content and the version channel pointed at before (nil
// when none). It is the edit a promotion commit makes on the latest base.
func Record(base []byte, path, bucket string, v Version, channel string) (content []byte, previous *Version, err error) {
	reg := New(bucket, path)
	if base != nil {
		if reg, err = Parse(base, path); err != nil {
			return nil, nil, err
		}
	}
	prev := *reg
	prev.Versions = append([]Version(nil), reg.Versions...)
	if old := reg.Find(v.Version); old == nil {
		if err := reg.Add(v); err != nil {
			return nil, nil, err
		}
	} else if err := AppendOnly(&Registry{Bucket: bucket, Versions: []Version{*old}, path: path}, &Registry{Versions: []Version{v}}); err != nil && !old.Revoked {
		return nil, nil, fmt.Errorf("version %s of bucket %s in %s differs from the one being promoted (another build recorded it): %v", v.Version, bucket, path, err)
	}
	if channel != "" {
		name, err := reg.Promote(channel, v.Version)
		if err != nil {
			return nil, nil, err
		}
		if p := reg.Find(name); p != nil {
			cp := *p
			previous = &cp
		}
	}
	if err := AppendOnly(&prev, reg); err != nil {
		return nil, nil, err
	}
	content, err = reg.Marshal()
	return content, previous, err
}

// Summary is a one-line description of a version's artifacts.
func Summary(v Version) string {
	var parts []string
	for _, k := range sortedKeys(v.Artifacts) {
		parts = append(parts, k+"="+v.Artifacts[k])
	}
	return strings.Join(parts, ", ")
}
