package packer

import (
	"fmt"
	"sort"
	"strings"
)

// Which artifact of a build is recorded (the artifact-from input).
const (
	// FromBuilder records the builder's own artifact, which Packer reports
	// first for each build. It is the default.
	FromBuilder = "builder"
	// FromLast records the last artifact Packer reported for each build: the
	// result of the last post-processor sequence.
	FromLast = "last"
)

// SourceName is a build's name without the name of its build block:
// Packer 1.6+ prints an unnamed build block's build as "null.x" and a named
// one's as "web.null.x", and the registry's keys must not change when a
// build block gets a name.
func SourceName(build string) string {
	parts := strings.Split(build, ".")
	if len(parts) <= 2 {
		return build
	}
	return strings.Join(parts[len(parts)-2:], ".")
}

// Record picks the artifact of each successful build that from names
// (FromBuilder when "", FromLast, or a builder id such as
// "packer.post-processor.checksum") and returns the registry's artifact map
// (ArtifactMap). An artifact without an id (`artifact,N,nil`, an empty id,
// an AMI list with an empty entry) is never recorded: it is an error naming
// the build and the line of Packer's output.
func Record(o *Output, from string) (map[string]string, error) {
	if from == "" {
		from = FromBuilder
	}
	byBuild := map[string][]Artifact{}
	var order []string
	for _, a := range o.Artifacts {
		if _, seen := byBuild[a.Build]; !seen {
			order = append(order, a.Build)
		}
		byBuild[a.Build] = append(byBuild[a.Build], a)
	}
	picked := make([]Artifact, 0, len(order))
	for _, b := range order {
		a, err := pick(b, byBuild[b], from)
		if err != nil {
			return nil, err
		}
		if err := checkID(a, from); err != nil {
			return nil, err
		}
		picked = append(picked, a)
	}
	return ArtifactMap(picked), nil
}

// pick chooses one build's artifact (in Packer's order, by index).
func pick(build string, list []Artifact, from string) (Artifact, error) {
	sort.SliceStable(list, func(i, j int) bool { return list[i].Index < list[j].Index })
	switch from {
	case FromBuilder:
		a := list[0]
		if strings.Contains(a.BuilderID, "post-processor") {
			return a, fmt.Errorf("build %s: the first artifact Packer reported (line %d) comes from the post-processor %s, so the builder's own artifact was not kept (keep_input_artifact = false); set artifact-from to %s or to that builder id, or keep the input artifact",
				build, a.Line, a.BuilderID, FromLast)
		}
		return a, nil
	case FromLast:
		return list[len(list)-1], nil
	}
	var ids []string
	for i := len(list) - 1; i >= 0; i-- {
		if list[i].BuilderID == from {
			return list[i], nil
		}
	}
	for _, a := range list {
		if a.BuilderID != "" && !contains(ids, a.BuilderID) {
			ids = append(ids, a.BuilderID)
		}
	}
	sort.Strings(ids)
	return Artifact{}, fmt.Errorf("build %s has no artifact from %s (artifact-from); its artifacts come from: %s; set artifact-from to %s, %s or one of those builder ids",
		build, from, strings.Join(ids, ", "), FromBuilder, FromLast)
}

// checkID refuses an artifact that would record an empty id.
func checkID(a Artifact, from string) error {
	what := ""
	switch {
	case a.Nil:
		what = "Packer reported no artifact (`artifact," + fmt.Sprint(a.Index) + ",nil`)"
	default:
		for _, e := range entriesOf(a) {
			if strings.TrimSpace(e.id) == "" {
				what = fmt.Sprintf("artifact %d (builder id %q) has an empty id", a.Index, a.BuilderID)
				break
			}
		}
	}
	if what == "" {
		return nil
	}
	return fmt.Errorf("build %s: %s at line %d of Packer's machine-readable output, so there is nothing to record (artifact-from is %s); set artifact-from to %s, %s or the builder id of the artifact to record",
		a.Build, what, a.Line, from, FromBuilder, FromLast)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
