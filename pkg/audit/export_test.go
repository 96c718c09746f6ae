package audit

// WithoutValues drops what ties an event to a resource.
func WithoutValues(ev Event) Event {
	ev.refs = nil
	return ev
}

// CheckHygiene is checkHygiene, for tests.
func CheckHygiene(req Request, audited []RootReport, repo *RootReport) error {
	return checkHygiene(req, audited, repo)
}
