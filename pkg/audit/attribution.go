package audit

// placeEvents puts each manual change and failed attempt in the root whose
// state holds the resource the event names: for each reference in
// attribution order, the roots are tried in the order given (sorted); an
// event that names no resource in any state goes to the repository
// pseudo-root.
func placeEvents(roots []RootReport, indexes []StateIndex, repo *RootReport, events []Event, p Principals) {
	changes, attempts := ManualChanges(events, p, nil)
	place := func(m ManualChange, pick func(*RootReport) *[]ManualChange) {
		for _, r := range m.refs {
			for i := range roots {
				if a := indexes[i].lookup(r.value); a != "" {
					m.Address = a
					*pick(&roots[i]) = append(*pick(&roots[i]), m)
					return
				}
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
