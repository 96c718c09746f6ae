package ghtest

import (
	"strings"
	"time"
)

// rendezvousWait bounds how long a held request waits for the others.
const rendezvousWait = 10 * time.Second

// rendezvous holds n requests until all of them have arrived.
type rendezvous struct {
	method, suffix string
	n, arrived     int
	all            chan struct{} // closed when the n-th arrives
}

// Rendezvous holds the next n requests of method (any when "") whose path
// ends in pathSuffix inside the server, before they are handled, until all
// n have arrived, then lets them go on together. A concurrency test uses it
// to make its clients overlap at that point (each has done everything up
// to that request, none has gone past it) instead of hoping that timing
// does. met reports whether the n requests met; a request held for 10 s
// goes on without the others.
func (s *Server) Rendezvous(method, pathSuffix string, n int) (met func() bool) {
	rv := &rendezvous{method: method, suffix: pathSuffix, n: n, all: make(chan struct{})}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rendezvous = append(s.rendezvous, rv)
	return func() bool {
		select {
		case <-rv.all:
			return true
		default:
			return false
		}
	}
}

// meet holds a request that belongs to a rendezvous until it is met (or
// the wait ends). s.mu must not be held.
func (s *Server) meet(method, path string) {
	s.mu.Lock()
	var rv *rendezvous
	for i, r := range s.rendezvous {
		if (r.method == "" || r.method == method) && strings.HasSuffix(path, r.suffix) {
			rv = r
			rv.arrived++
			if rv.arrived == rv.n {
				close(rv.all)
				s.rendezvous = append(s.rendezvous[:i:i], s.rendezvous[i+1:]...)
			}
			break
		}
	}
	s.mu.Unlock()
	if rv == nil {
		return
	}
	select {
	case <-rv.all:
	case <-time.After(rendezvousWait):
	}
}
