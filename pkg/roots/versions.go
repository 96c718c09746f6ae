package roots

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	version "github.com/hashicorp/go-version"

	"github.com/repave-dev/repave/pkg/tf"
)

// RootVersions is what a root says about its engine and version.
type RootVersions struct {
	// TerraformFile and OpenTofuFile are the contents of .terraform-version
	// and .opentofu-version; nil when the file is absent.
	TerraformFile, OpenTofuFile *string
	// TofuFiles: the root has *.tofu files, which only OpenTofu reads.
	TofuFiles bool
	// RequiredVersion joins the required_version constraints of the root's
	// terraform blocks ("" when there are none).
	RequiredVersion string
}

// Pin is the engine a root asks for and the version to install.
type Pin struct {
	Tool tf.Tool
	// Version is an exact version ("1.10.7"), or, when the list of releases
	// is not known, what hashicorp/setup-terraform and opentofu/setup-opentofu
	// accept: "latest" or a semver range (">=1.5.0 <2.0.0"). "" means the
	// root does not constrain it.
	Version string
	// From says where it came from: ".opentofu-version", "required_version"…
	From string
}

// VersionError is a version file or constraint repave cannot use.
type VersionError struct {
	File, Value, Reason string
}

func (e *VersionError) Error() string {
	return fmt.Sprintf("%s: %q %s; write an exact version (such as 1.10.7), `latest`, `latest:<regex>`, `latest-allowed` or `min-required` (the tfenv/tofuenv syntax)", e.File, e.Value, e.Reason)
}

// SelectVersion is the tool and version a root asks for (pure).
//
// The tool is the `tool` input when set, else OpenTofu for a root with an
// .opentofu-version file or *.tofu files, else Terraform. The version is the
// tool's own version file (.opentofu-version or .terraform-version, in the
// tfenv/tofuenv syntax: an exact version, `latest`, `latest:<regex>`,
// `latest-allowed`, `min-required`), else the newest release matching the
// required_version constraints.
//
// releases are the tool's released versions. With them every answer is an
// exact release; without them (nil) an exact version is kept, and a
// constraint becomes a range that setup-terraform and setup-opentofu resolve
// against the releases themselves.
func SelectVersion(rv RootVersions, tool tf.Tool, releases []string) (Pin, error) {
	if tool == "" {
		tool = tf.Terraform
		if rv.OpenTofuFile != nil || rv.TofuFiles {
			tool = tf.OpenTofu
		}
	}
	file, content := ".terraform-version", rv.TerraformFile
	if tool == tf.OpenTofu {
		file, content = ".opentofu-version", rv.OpenTofuFile
	}
	pin := Pin{Tool: tool}
	var cs version.Constraints
	if rv.RequiredVersion != "" {
		var err error
		if cs, err = version.NewConstraint(rv.RequiredVersion); err != nil {
			return pin, &VersionError{File: "required_version", Value: rv.RequiredVersion, Reason: "is not a version constraint (" + err.Error() + ")"}
		}
	}
	rel, err := parseReleases(releases)
	if err != nil {
		return pin, err
	}
	if content == nil {
		if cs == nil {
			return pin, nil
		}
		pin.From = "required_version"
		pin.Version, err = newest(rel, releases != nil, cs, rv.RequiredVersion, "required_version")
		return pin, err
	}
	pin.From = file
	spec := versionSpec(*content)
	switch {
	case spec == "":
		return pin, &VersionError{File: file, Value: *content, Reason: "names no version"}
	case spec == "latest":
		pin.Version, err = latest(rel, releases != nil, nil, file, spec)
	case strings.HasPrefix(spec, "latest:"):
		pin.Version, err = latestMatching(rel, releases != nil, strings.TrimPrefix(spec, "latest:"), file, spec)
	case spec == "latest-allowed":
		if cs == nil {
			pin.Version, err = latest(rel, releases != nil, nil, file, spec)
		} else {
			pin.Version, err = newest(rel, releases != nil, cs, rv.RequiredVersion, file)
		}
	case spec == "min-required":
		if cs == nil {
			return pin, &VersionError{File: file, Value: spec, Reason: "needs a required_version constraint in the root's terraform block, and there is none"}
		}
		pin.Version, err = oldest(rel, releases != nil, cs, rv.RequiredVersion, file)
	default:
		v, perr := version.NewVersion(spec)
		if perr != nil || strings.ContainsAny(spec, "<>=~!, ") {
			return pin, &VersionError{File: file, Value: spec, Reason: "is not a version (version files take one exact version, not a constraint)"}
		}
		pin.Version = v.String()
		if cs != nil && !cs.Check(v) {
			return pin, &VersionError{File: file, Value: spec, Reason: fmt.Sprintf("does not satisfy the root's required_version %q", rv.RequiredVersion)}
		}
	}
	return pin, err
}

// versionSpec is the first line of a version file that is not blank or a
// comment, trimmed, without a leading "v".
func versionSpec(content string) string {
	for _, line := range strings.Split(content, "\n") {
		line, _, _ = strings.Cut(line, "#")
		line = strings.TrimSpace(line)
		if line != "" {
			if len(line) > 1 && line[0] == 'v' && line[1] >= '0' && line[1] <= '9' {
				line = line[1:]
			}
			return line
		}
	}
	return ""
}

func parseReleases(releases []string) ([]*version.Version, error) {
	out := make([]*version.Version, 0, len(releases))
	for _, r := range releases {
		v, err := version.NewVersion(strings.TrimSpace(r))
		if err != nil {
			return nil, fmt.Errorf("release list: %q is not a version: %w", r, err)
		}
		out = append(out, v)
	}
	sort.Sort(version.Collection(out))
	return out, nil
}

// latest is the newest stable release accepted by ok; without the release
// list, "latest" (which setup-terraform and setup-opentofu resolve).
func latest(rel []*version.Version, known bool, ok func(*version.Version) bool, file, spec string) (string, error) {
	if !known {
		return "latest", nil
	}
	for i := len(rel) - 1; i >= 0; i-- {
		if rel[i].Prerelease() == "" && (ok == nil || ok(rel[i])) {
			return rel[i].String(), nil
		}
	}
	return "", &VersionError{File: file, Value: spec, Reason: "matches no release"}
}

// newest is the newest release satisfying cs; without the release list, cs
// as a semver range.
func newest(rel []*version.Version, known bool, cs version.Constraints, raw, file string) (string, error) {
	if !known {
		r, err := SemverRange(raw)
		if err != nil {
			return "", &VersionError{File: file, Value: raw, Reason: err.Error()}
		}
		return r, nil
	}
	for i := len(rel) - 1; i >= 0; i-- {
		if cs.Check(rel[i]) {
			return rel[i].String(), nil
		}
	}
	return "", &VersionError{File: file, Value: raw, Reason: "matches no release"}
}

// oldest is the oldest release satisfying cs (tfenv's min-required); without
// the release list, the constraint's lower bound when it satisfies it.
func oldest(rel []*version.Version, known bool, cs version.Constraints, raw, file string) (string, error) {
	if known {
		for _, v := range rel {
			if v.Prerelease() == "" && cs.Check(v) {
				return v.String(), nil
			}
		}
		return "", &VersionError{File: file, Value: "min-required", Reason: fmt.Sprintf("finds no release satisfying required_version %q", raw)}
	}
	var low *version.Version
	for _, c := range splitConstraint(raw) {
		if c.op == ">=" || c.op == "~>" || c.op == "=" || c.op == "" {
			v, err := version.NewVersion(c.version)
			if err == nil && (low == nil || v.GreaterThan(low)) {
				low = v
			}
		}
	}
	if low == nil || !cs.Check(low) {
		return "", &VersionError{File: file, Value: "min-required", Reason: fmt.Sprintf("finds no lower bound in required_version %q (use >=, ~> or an exact version)", raw)}
	}
	return low.String(), nil
}

// prefixRegex is a `latest:` regex that only anchors a version prefix:
// ^1, ^1.5, ^1\.5, optionally ending in a dot.
var prefixRegex = regexp.MustCompile(`^\^(\d+)(?:\\?\.(\d+))?(?:\\?\.)?$`)

// latestMatching is tfenv's `latest:<regex>`: the newest release whose
// version matches the regex (stable only, unless the regex names a
// prerelease). Without the release list only a prefix regex (^1.5) can be
// handed on, as a semver range.
func latestMatching(rel []*version.Version, known bool, expr, file, spec string) (string, error) {
	re, err := regexp.Compile(expr)
	if err != nil {
		return "", &VersionError{File: file, Value: spec, Reason: "has an invalid regular expression (" + err.Error() + ")"}
	}
	if known {
		pre := strings.ContainsAny(expr, "-") || strings.Contains(expr, "alpha") || strings.Contains(expr, "beta") || strings.Contains(expr, "rc")
		for i := len(rel) - 1; i >= 0; i-- {
			if (pre || rel[i].Prerelease() == "") && re.MatchString(rel[i].Original()) {
				return rel[i].String(), nil
			}
		}
		return "", &VersionError{File: file, Value: spec, Reason: "matches no release"}
	}
	m := prefixRegex.FindStringSubmatch(expr)
	if m == nil {
		return "", &VersionError{File: file, Value: spec, Reason: "can only be resolved against the list of releases, which this step does not have; use a prefix such as latest:^1.10, or an exact version"}
	}
	major, _ := strconv.Atoi(m[1])
	if m[2] == "" {
		return fmt.Sprintf(">=%d.0.0 <%d.0.0", major, major+1), nil
	}
	minor, _ := strconv.Atoi(m[2])
	return fmt.Sprintf(">=%d.%d.0 <%d.%d.0", major, minor, major, minor+1), nil
}
