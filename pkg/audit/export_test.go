package audit

// WithoutValues drops what ties an event to a resource.
func WithoutValues(ev Event) Event {
	ev.refs = nil
	return ev
}
