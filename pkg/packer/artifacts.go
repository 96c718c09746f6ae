package packer

import (
	"sort"
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
	typ, _, _ := strings.Cut(build, ".")
	return typ
}

// Final returns each successful build's final artifact: the last one Packer
// reported for the build (its post-processor chain ends there).
func (o *Output) Final() []Artifact {
	last := map[string]int{}
	var order []string
	for i, a := range o.Artifacts {
		if _, seen := last[a.Build]; !seen {
			order = append(order, a.Build)
		}
		last[a.Build] = i
	}
	out := make([]Artifact, 0, len(order))
	for _, b := range order {
		out = append(out, o.Artifacts[last[b]])
	}
	return out
}

// ArtifactMap flattens the final artifacts into the registry's map:
// "<platform>" or "<platform>:<region>" to the artifact id, e.g.
// "aws:us-east-1": "ami-0abc". An AMI artifact listing several regions gives
// one entry per region. The file builder's artifact is the file it stored.
// When two builds would share a key, the build's name replaces the platform
// in their keys ("file.web", "amazon-ebs.eu:eu-west-1").
func ArtifactMap(final []Artifact) map[string]string {
	type entry struct{ build, platform, region, id string }
	var entries []entry
	for _, a := range final {
		p := Platform(a.BuilderID, a.Build)
		switch {
		case p == "aws":
			for _, part := range strings.Split(a.ID, ",") {
				region, id, ok := strings.Cut(strings.TrimSpace(part), ":")
				if !ok {
					region, id = "", region
				}
				entries = append(entries, entry{a.Build, p, region, id})
			}
		case a.BuilderID == "packer.file" && len(a.Files) == 1:
			entries = append(entries, entry{a.Build, p, "", a.Files[0]})
		default:
			entries = append(entries, entry{a.Build, p, "", a.ID})
		}
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

// Keys returns m's keys sorted.
func Keys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
