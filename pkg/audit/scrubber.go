package audit

import (
	"strings"
	"sync"

	"github.com/repave-dev/repave/pkg/secrets"
)

// scrubbers caches the scrubber of the last set of values: scrub is called for
// every attribute of every change with the same values, and building the
// scrubber (every form of every value) is the costly part.
var scrubbers struct {
	mu  sync.Mutex
	key string
	s   *secrets.Scrubber
}

func scrubberFor(values []string) *secrets.Scrubber {
	key := strings.Join(values, "\x00")
	scrubbers.mu.Lock()
	defer scrubbers.mu.Unlock()
	if scrubbers.s == nil || scrubbers.key != key {
		scrubbers.key, scrubbers.s = key, secrets.NewScrubber(values)
	}
	return scrubbers.s
}
