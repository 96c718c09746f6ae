package roots

import (
	"slices"
	"sort"
)

// Result is what Discover found.
type Result struct {
	// Roots are every root the patterns choose, sorted.
	Roots []string
	// Changed are the roots the changes touch, sorted.
	Changed []string
	// Matrix spreads Changed over at most MaxJobs jobs.
	Matrix Matrix
	// Warnings name files that could not be read completely.
	Warnings []string
}

// Discover finds the roots under dir chosen by p and those that ch touches:
// through their own files and local modules, and through the image
// registry files of the buckets they consume (c).
func Discover(dir string, p Patterns, ch Changes, c Consumers) (*Result, error) {
	repo, err := Scan(dir)
	if err != nil {
		return nil, err
	}
	res := &Result{Roots: repo.Roots(p), Warnings: repo.Warnings}
	if ch.All {
		res.Changed = res.Roots
	} else {
		res.Changed = repo.Changed(res.Roots, ch.Files)
		byImage, warns := consuming(dir, res.Roots, c.variables(ch.Files))
		res.Changed = append(res.Changed, byImage...)
		sort.Strings(res.Changed)
		res.Changed = slices.Compact(res.Changed)
		res.Warnings = append(res.Warnings, warns...)
		sort.Strings(res.Warnings)
		res.Warnings = slices.Compact(res.Warnings)
	}
	res.Matrix = NewMatrix(res.Changed, MaxJobs)
	return res, nil
}
