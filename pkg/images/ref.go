package images

import (
	"fmt"
	"regexp"
	"strings"
)

// DefaultVariable is the Terraform variable a reference sets when it names none.
const DefaultVariable = "image_id"

// Ref is one `bucket@channel` or `bucket@channel=variable` reference.
type Ref struct {
	Bucket, Channel, Variable string
	// Artifact selects one artifact key ("aws:us-east-1") when the version has
	// several: `web@prod:aws:us-east-1=ami`. "" takes the only artifact.
	Artifact string
}

func (r Ref) String() string { return r.Bucket + "@" + r.Channel }

var tfVarRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// ParseRef parses `bucket@channel[:artifact-key][=variable]`.
func ParseRef(s string) (Ref, error) {
	s = strings.TrimSpace(s)
	hint := "write bucket@channel or bucket@channel=variable, e.g. web@prod=image_id"
	lhs, variable, hasVar := strings.Cut(s, "=")
	bucket, rest, ok := strings.Cut(lhs, "@")
	if !ok {
		return Ref{}, fmt.Errorf("%q is not an image reference: %s", s, hint)
	}
	channel, artifact, _ := strings.Cut(rest, ":")
	r := Ref{Bucket: strings.TrimSpace(bucket), Channel: strings.TrimSpace(channel), Artifact: strings.TrimSpace(artifact), Variable: DefaultVariable}
	if hasVar {
		r.Variable = strings.TrimSpace(variable)
		if !tfVarRE.MatchString(r.Variable) {
			return Ref{}, fmt.Errorf("%q: %q is not a Terraform variable name; %s", s, r.Variable, hint)
		}
	}
	if err := CheckName("bucket", r.Bucket); err != nil {
		return Ref{}, fmt.Errorf("%q: %v", s, err)
	}
	if err := CheckName("channel", r.Channel); err != nil {
		return Ref{}, fmt.Errorf("%q: %v", s, err)
	}
	return r, nil
}

// Resolved is a reference resolved against the registry.
type Resolved struct {
	Ref
	Version    Version
	ArtifactID string
	File       string
}

// Resolve resolves ref against the registry files under dir.
func Resolve(dir string, ref Ref) (*Resolved, error) {
	reg, err := Load(dir, ref.Bucket)
	if err != nil {
		return nil, err
	}
	if len(reg.Versions) == 0 && len(reg.Channels) == 0 {
		return nil, fmt.Errorf("image %s: there is no registry file %s for bucket %s; bake the image with bake-image first, or check registry-dir", ref, reg.Path(), ref.Bucket)
	}
	return ResolveIn(reg, ref)
}

// ResolveIn resolves ref against an already loaded registry.
func ResolveIn(reg *Registry, ref Ref) (*Resolved, error) {
	v, err := reg.Resolve(ref.Channel)
	if err != nil {
		return nil, err
	}
	id, err := pick(v, ref)
	if err != nil {
		return nil, fmt.Errorf("%v (in %s)", err, reg.Path())
	}
	return &Resolved{Ref: ref, Version: *v, ArtifactID: id, File: reg.Path()}, nil
}

// pick chooses the artifact id of v that ref names.
func pick(v *Version, ref Ref) (string, error) {
	if ref.Artifact != "" {
		id, ok := v.Artifacts[ref.Artifact]
		if !ok {
			return "", fmt.Errorf("image %s: version %s has no artifact %q (has: %s)", ref, v.Version, ref.Artifact, join(sortedKeys(v.Artifacts)))
		}
		return id, nil
	}
	if len(v.Artifacts) != 1 {
		return "", fmt.Errorf("image %s: version %s has %d artifacts (%s); name one: %s:<key>=%s",
			ref, v.Version, len(v.Artifacts), join(sortedKeys(v.Artifacts)), ref, ref.Variable)
	}
	for _, id := range v.Artifacts {
		return id, nil
	}
	return "", nil
}
