package packer

import (
	"strings"
)

// Platform names the cloud or image kind of a builder id, as the registry
// keys artifacts: "aws", "gcp", "azure", "docker"; otherwise the build's
// type ("null", "file", "qemu").
func Platform(builderID, build string) string {
	switch {
	case strings.HasPrefix(builderID, "mitchellh.amazon"), strings.HasPrefix(builderID, "amazon."):
		return "aws"
	case strings.Contains(builderID, "googlecompute"):
		return "gcp"
	case strings.HasPrefix(builderID, "Azure."):
		return "azure"
	case builderID == "packer.docker":
		return "docker"
	}
	typ, _, _ := strings.Cut(SourceName(build), ".")
	return typ
}

// ArtifactMap flattens the final artifacts into the registry's map:
// "<platform>" or "<platform>:<region>" to the artifact id, e.g.
// "aws:us-east-1": "ami-0abc". An AMI artifact listing several regions gives
// one entry per region. The file builder's artifact is the file it stored.
// When two builds would share a key, the build's source name replaces the
// platform in their keys ("file.web", "amazon-ebs.eu:eu-west-1"); the name
// of the build block is never part of a key (SourceName).
func ArtifactMap(final []Artifact) map[string]string {
	var entries []entry
	for _, a := range final {
		entries = append(entries, entriesOf(a)...)
	}
	key := func(e entry, byBuild bool) string {
		k := e.platform
		if byBuild {
			k = e.build
		}
		if e.region != "" {
			k += ":" + e.region
		}
		return k
	}
	builds := map[string]map[string]bool{}
	for _, e := range entries {
		k := key(e, false)
		if builds[k] == nil {
			builds[k] = map[string]bool{}
		}
		builds[k][e.build] = true
	}
	out := map[string]string{}
	for _, e := range entries {
		out[key(e, len(builds[key(e, false)]) > 1)] = e.id
	}
	return out
}

// entry is one registry key of an artifact: an AMI artifact has one per region.
type entry struct{ build, platform, region, id string }

// entriesOf splits an artifact into its registry entries.
func entriesOf(a Artifact) []entry {
	p, build := Platform(a.BuilderID, a.Build), SourceName(a.Build)
	switch {
	case p == "aws":
		var out []entry
		for _, part := range strings.Split(a.ID, ",") {
			region, id, ok := strings.Cut(strings.TrimSpace(part), ":")
			if !ok {
				region, id = "", region
			}
			out = append(out, entry{build, p, region, id})
		}
		return out
	case a.BuilderID == "packer.file" && len(a.Files) == 1:
		return []entry{{build, p, "", a.Files[0]}}
	default:
		return []entry{{build, p, "", a.ID}}
	}
}
