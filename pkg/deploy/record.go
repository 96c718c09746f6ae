package deploy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/repave-dev/repave/pkg/gh"
)

// RecordTimeout bounds each GitHub write that records what a run did
// (deployment status, PR status line, issue), retries included. The write
// gets a context of its own, so it still happens after the run was
// cancelled: a cancelled apply is recorded as failed, not left in_progress.
// (GitHub sends SIGINT when a run is cancelled and kills the process tree
// 10 s later; on a runner that is the real bound.)
const RecordTimeout = 30 * time.Second

// Retry says how records are retried when GitHub answers 5xx or cannot be
// reached. This is on top of the client's own retries (which stop at its
// MaxWait): a record lost after an apply misleads people, so it gets more.
type Retry struct {
	// Attempts is how many times a write is tried in all (default 4).
	Attempts int
	// Backoff is the first wait, doubled after each attempt (default 2s).
	Backoff time.Duration
	// Sleep waits d or until ctx is done (default: a timer); tests inject it.
	Sleep func(ctx context.Context, d time.Duration) error
}

// RecordError is a GitHub write after an apply that failed for good: the
// change IS applied (or partly applied), and the run fails saying exactly
// what, so that no one reads the missing record as "nothing happened".
type RecordError struct {
	What         string // the record that could not be written
	SHA          string
	Fingerprint  string
	DeploymentID int64
	Err          error
}

func (e *RecordError) Error() string {
	return fmt.Sprintf("commit %.12s WAS applied (plan fingerprint %.16s, deployment %d), but GitHub could not %s: %v. "+
		"The infrastructure is changed even though GitHub may not show it; re-run this job to repair the records (it finds deployment %d and marks it).",
		e.SHA, e.Fingerprint, e.DeploymentID, e.What, e.Err, e.DeploymentID)
}

func (e *RecordError) Unwrap() error { return e.Err }

// record runs write (described by what, for the log) with its own bounded
// context, detached from ctx's cancellation, retrying transient failures
// with backoff.
func (r *Request) record(ctx context.Context, what string, write func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), RecordTimeout)
	defer cancel()
	attempts, backoff, sleep := r.Retry.Attempts, r.Retry.Backoff, r.Retry.Sleep
	if attempts <= 0 {
		attempts = 4
	}
	if backoff <= 0 {
		backoff = 2 * time.Second
	}
	if sleep == nil {
		sleep = sleepCtx
	}
	var err error
	for i := 1; ; i++ {
		if err = write(ctx); err == nil || !transient(err) || i >= attempts {
			return err
		}
		r.logf("Could not %s (attempt %d of %d): %v; retrying in %s", what, i, attempts, err, backoff)
		if serr := sleep(ctx, backoff); serr != nil {
			return errors.Join(err, serr)
		}
		backoff *= 2
	}
}

// transient is an error worth another try: GitHub answered 5xx, or not at
// all. A 4xx (bad token, missing permission, validation) will not heal, nor
// will an error of repave's own making.
func transient(err error) bool {
	var ae *gh.APIError
	if errors.As(err, &ae) {
		return (ae.Status == 0 || ae.Status >= 500) && !errors.Is(err, context.DeadlineExceeded)
	}
	var re *gh.RetryError
	return errors.As(err, &re)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// applied is a RecordError for deployment dep of req.SHA, or nil.
func (r *Request) applied(what string, dep int64, fingerprint string, err error) error {
	if err == nil {
		return nil
	}
	return &RecordError{What: what, SHA: r.SHA, Fingerprint: fingerprint, DeploymentID: dep, Err: err}
}
