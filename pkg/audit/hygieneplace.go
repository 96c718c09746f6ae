package audit

import "path"

// checkHygiene scans the repository and gives each finding (and each
// suppressed one) to the deepest audited root holding its file, else to
// the repository pseudo-root: one rule, whatever the number of roots.
func checkHygiene(req Request, audited []RootReport, repo *RootReport) error {
	names := make([]string, len(audited))
	for i, r := range audited {
		names[i] = r.Root
	}
	res, err := ScanHygiene(req.Repo, HygieneRequest{Roots: req.Roots, Exclude: req.HygieneExclude})
	if err != nil {
		return err
	}
	place := func(f Finding, pick func(*RootReport) *[]Finding) {
		o := owner(names, f.File)
		for i := range audited {
			if o != "" && audited[i].Root == o {
				*pick(&audited[i]) = append(*pick(&audited[i]), f)
				return
			}
		}
		*pick(repo) = append(*pick(repo), f)
	}
	for _, f := range res.Findings {
		place(f, func(r *RootReport) *[]Finding { return &r.Hygiene })
	}
	for _, f := range res.Suppressed {
		place(f, func(r *RootReport) *[]Finding { return &r.Suppressed })
	}
	return nil
}

// owner returns the deepest of roots holding file (both slash-separated,
// relative to the repository; "." is the repository's top), or "".
func owner(roots []string, file string) string {
	best := ""
	dir := path.Dir(file)
	for _, r := range roots {
		if r == "." || dir == r || len(dir) > len(r) && dir[:len(r)+1] == r+"/" {
			if best == "" || best == "." || r != "." && len(r) > len(best) {
				best = r
			}
		}
	}
	return best
}
