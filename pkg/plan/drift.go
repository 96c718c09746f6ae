package plan

import (
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// relevantDrift reports whether a resource_drift entry is drift Terraform shows: since
// plan format 1.1 (Terraform 1.2) Terraform lists in relevant_attributes the
// attributes of drifted objects that the configuration refers to, and shows only drift
// of those resources ("Objects have changed outside of Terraform"); the rest is refresh
// noise no change in the plan depends on. Older plans show all drift.
func relevantDrift(p *tfjson.Plan, address string) bool {
	if !formatAtLeast(p.FormatVersion, 1, 1) {
		return true
	}
	for _, ra := range p.RelevantAttributes {
		if ra.Resource == address {
			return true
		}
	}
	return false
}

// formatAtLeast reports whether a "major.minor" format version is at least major.minor.
func formatAtLeast(v string, major, minor int) bool {
	maj, min, _ := strings.Cut(v, ".")
	a, err1 := strconv.Atoi(maj)
	b, err2 := strconv.Atoi(min)
	if err1 != nil || err2 != nil {
		return true // unknown: show everything rather than hide drift
	}
	return a > major || (a == major && b >= minor)
}
