package audit

// placeEvents puts each manual change and failed attempt in the first root
// (roots in the order given, which is sorted) whose state holds the resource
// the event names, else in the repository pseudo-root.
func placeEvents(roots []RootReport, indexes []StateIndex, repo *RootReport, events []Event, p Principals) {
	changes, attempts := ManualChanges(events, p, nil)
	place := func(m ManualChange, pick func(*RootReport) *[]ManualChange) {
		for i := range roots {
			if a := indexes[i].match(m.Event); a != "" {
				m.Address = a
				*pick(&roots[i]) = append(*pick(&roots[i]), m)
				return
			}
		}
		*pick(repo) = append(*pick(repo), m)
	}
	for _, m := range changes {
		place(m, func(r *RootReport) *[]ManualChange { return &r.Manual })
	}
	for _, m := range attempts {
		place(m, func(r *RootReport) *[]ManualChange { return &r.Attempts })
	}
}
