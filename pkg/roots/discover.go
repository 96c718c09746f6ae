package roots

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

// Discover finds the roots under dir chosen by p and those that ch touches.
func Discover(dir string, p Patterns, ch Changes) (*Result, error) {
	repo, err := Scan(dir)
	if err != nil {
		return nil, err
	}
	res := &Result{Roots: repo.Roots(p), Warnings: repo.Warnings}
	if ch.All {
		res.Changed = res.Roots
	} else {
		res.Changed = repo.Changed(res.Roots, ch.Files)
	}
	res.Matrix = NewMatrix(res.Changed, MaxJobs)
	return res, nil
}
