package deploy

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/repave-dev/repave/pkg/gh"
)

func TestRecordRetriesOnlyTransientFailuresWithBackoff(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		err       error
		failTimes int
		wantCalls int
		wantWaits []time.Duration
		wantErr   bool
	}{
		{"5xx then success", &gh.APIError{Status: 502}, 2, 3, []time.Duration{time.Second, 2 * time.Second}, false},
		{"no answer (connection)", &gh.APIError{Status: 0, Err: errors.New("connection reset")}, 1, 2, []time.Duration{time.Second}, false},
		{"client retries exhausted", fmt.Errorf("x: %w", &gh.RetryError{Status: 503}), 1, 2, []time.Duration{time.Second}, false},
		{"5xx for good: bounded", &gh.APIError{Status: 503}, 99, 3, []time.Duration{time.Second, 2 * time.Second}, true},
		{"4xx is not retried", &gh.APIError{Status: 422}, 99, 1, nil, true},
		{"repave's own error is not retried", errors.New("body does not satisfy its own matcher"), 99, 1, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var waits []time.Duration
			r := &Request{Retry: Retry{Attempts: 3, Backoff: time.Second, Sleep: func(_ context.Context, d time.Duration) error {
				waits = append(waits, d)
				return nil
			}}}
			calls := 0
			err := r.record(context.Background(), "write", func(ctx context.Context) error {
				if _, ok := ctx.Deadline(); !ok {
					t.Error("a record must run with a bounded context")
				}
				calls++
				if calls <= tt.failTimes {
					return tt.err
				}
				return nil
			})
			if (err != nil) != tt.wantErr || calls != tt.wantCalls || !reflect.DeepEqual(waits, tt.wantWaits) {
				t.Errorf("err %v, calls %d, waits %v; want err %v, calls %d, waits %v", err, calls, waits, tt.wantErr, tt.wantCalls, tt.wantWaits)
			}
		})
	}
}

func TestRecordRunsAfterTheRunIsCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := &Request{}
	err := r.record(ctx, "write", func(ctx context.Context) error { return ctx.Err() })
	if err != nil {
		t.Fatalf("a record must get a context of its own after cancellation: %v", err)
	}
}
