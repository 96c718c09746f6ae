package review

import (
	"bytes"
	"io"
	"sync"
)

// heldLog holds what Terraform writes until release, then passes it on: the
// plan's sensitive values are masked between the two.
type heldLog struct {
	mu   sync.Mutex
	w    io.Writer
	buf  bytes.Buffer
	open bool
}

func holdLog(w io.Writer) *heldLog { return &heldLog{w: w} }

func (h *heldLog) Write(p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.w == nil {
		return len(p), nil
	}
	if h.open {
		return h.w.Write(p)
	}
	return h.buf.Write(p)
}

// release writes what was held and lets later writes through.
func (h *heldLog) release() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.open {
		return
	}
	h.open = true
	if h.w != nil && h.buf.Len() > 0 {
		h.w.Write(h.buf.Bytes())
	}
	h.buf = bytes.Buffer{}
}
