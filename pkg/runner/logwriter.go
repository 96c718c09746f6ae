package runner

import (
	"bytes"
	"io"
	"sync"
)

// LogWriter returns a writer for a subprocess's progress (Terraform, Packer):
// each complete line goes to the log through Infof, so it is scrubbed and a
// line that looks like a workflow command is shown, not obeyed. Close flushes
// a last line without a newline.
func (r *Runtime) LogWriter() io.WriteCloser { return &logWriter{r: r} }

type logWriter struct {
	r   *Runtime
	mu  sync.Mutex
	buf []byte
}

func (w *logWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		w.r.Infof("%s", bytes.TrimRight(w.buf[:i], "\r"))
		w.buf = w.buf[i+1:]
	}
}

func (w *logWriter) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.buf) > 0 {
		w.r.Infof("%s", w.buf)
		w.buf = nil
	}
	return nil
}
