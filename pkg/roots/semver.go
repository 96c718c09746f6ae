package roots

import (
	"fmt"
	"strconv"
	"strings"

	version "github.com/hashicorp/go-version"
)

type condition struct{ op, version string }

// splitConstraint splits a Terraform version constraint into its conditions.
func splitConstraint(raw string) []condition {
	var out []condition
	for _, part := range strings.Split(raw, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		op := ""
		for _, o := range []string{"~>", ">=", "<=", "!=", ">", "<", "="} {
			if strings.HasPrefix(part, o) {
				op = o
				break
			}
		}
		out = append(out, condition{op: op, version: strings.TrimSpace(part[len(op):])})
	}
	return out
}

// SemverRange writes a Terraform version constraint (required_version's
// syntax, as hashicorp/go-version reads it) as the node-semver range that
// hashicorp/setup-terraform's terraform_version and
// opentofu/setup-opentofu's tofu_version accept: conditions joined by spaces,
// `~>` spelled out as bounds (Terraform's `~> 1.5` is not node-semver's
// `~1.5`), and `!=` as alternatives joined by `||`.
func SemverRange(raw string) (string, error) {
	if strings.TrimSpace(raw) == "" {
		return "", fmt.Errorf("is empty")
	}
	if _, err := version.NewConstraint(raw); err != nil { // what Terraform itself accepts
		return "", fmt.Errorf("is not a version constraint (%v)", err)
	}
	conds := splitConstraint(raw)
	var and []string
	var not []string
	for _, c := range conds {
		v, err := version.NewVersion(c.version)
		if err != nil {
			return "", fmt.Errorf("has %q, which is not a version", c.version)
		}
		full := semver(v)
		switch c.op {
		case "", "=":
			and = append(and, full)
		case ">", ">=", "<", "<=":
			and = append(and, c.op+full)
		case "!=":
			not = append(not, full)
		case "~>":
			seg := v.Segments()
			switch n := segments(c.version); {
			case n <= 1:
				and = append(and, ">="+full)
			case n == 2:
				and = append(and, ">="+full, fmt.Sprintf("<%d.0.0", seg[0]+1))
			default:
				and = append(and, ">="+full, fmt.Sprintf("<%d.%d.0", seg[0], seg[1]+1))
			}
		}
	}
	alts := []string{strings.Join(and, " ")}
	for _, n := range not { // A && v != n  ==  (A && <n) || (A && >n)
		var next []string
		for _, a := range alts {
			next = append(next, strings.TrimSpace(a+" <"+n), strings.TrimSpace(a+" >"+n))
		}
		alts = next
	}
	return strings.Join(alts, " || "), nil
}

// semver is v with three numeric parts and its prerelease.
func semver(v *version.Version) string {
	s := v.Segments()
	out := strconv.Itoa(s[0]) + "." + strconv.Itoa(s[1]) + "." + strconv.Itoa(s[2])
	if p := v.Prerelease(); p != "" {
		out += "-" + p
	}
	return out
}

// segments is how many numeric parts a version was written with.
func segments(raw string) int {
	core, _, _ := strings.Cut(strings.TrimPrefix(raw, "v"), "-")
	return strings.Count(core, ".") + 1
}
