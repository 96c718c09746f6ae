package roots

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func names(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("infra/r%04d", i)
	}
	return out
}

func TestMatrixJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		roots []string
		want  string
	}{
		{nil, `{"include":[]}`},
		{[]string{"infra/a", "infra/b"}, `{"include":[{"root":"infra/a"},{"root":"infra/b"}]}`},
		{[]string{"."}, `{"include":[{"root":"."}]}`},
	}
	for _, tt := range tests {
		if got := NewMatrix(tt.roots, 0).JSON(); got != tt.want {
			t.Errorf("matrix of %q = %s, want %s", tt.roots, got, tt.want)
		}
	}
	got := NewMatrix([]string{"a", "b", "c"}, 2).JSON()
	if want := `{"include":[{"roots":"a\nb"},{"roots":"c"}]}`; got != want {
		t.Errorf("batched matrix = %s, want %s", got, want)
	}
}

func TestMatrixBatchesPastGitHubsLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		roots, jobs, perJob int
	}{
		{1, 1, 1},
		{256, 256, 1},
		{257, 129, 2},
		{512, 256, 2},
		{513, 171, 3},
		{1000, 250, 4},
		{10000, 250, 40},
	}
	for _, tt := range tests {
		roots := names(tt.roots)
		m := NewMatrix(roots, MaxJobs)
		// Round-trip through JSON, as fromJSON in a workflow reads it.
		var back Matrix
		if err := json.Unmarshal([]byte(m.JSON()), &back); err != nil {
			t.Fatal(err)
		}
		if len(back.Include) != tt.jobs {
			t.Errorf("%d roots: %d jobs, want %d", tt.roots, len(back.Include), tt.jobs)
		}
		var all []string
		for _, j := range back.Include {
			if tt.perJob == 1 {
				if j.Root == "" || j.Roots != "" {
					t.Fatalf("%d roots: job %+v, want one root in `root`", tt.roots, j)
				}
				all = append(all, j.Root)
				continue
			}
			batch := strings.Split(j.Roots, "\n")
			if j.Root != "" || len(batch) > tt.perJob {
				t.Fatalf("%d roots: job %+v, want at most %d roots in `roots`", tt.roots, j, tt.perJob)
			}
			all = append(all, batch...)
		}
		if !slices.Equal(all, roots) {
			t.Errorf("%d roots: the jobs do not cover every root once, in order", tt.roots)
		}
	}
}
