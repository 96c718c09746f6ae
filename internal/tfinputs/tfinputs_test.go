package tfinputs_test

import (
	"context"
	"testing"

	"github.com/repave-dev/repave/internal/actiontest"
	"github.com/repave-dev/repave/internal/tfinputs"
	"github.com/repave-dev/repave/pkg/runner"
	"github.com/repave-dev/repave/pkg/tf"
)

func TestToolInput(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want tf.Tool
		err  string
	}{
		{"", "", ""},
		{"terraform", tf.Terraform, ""},
		{"TOFU", tf.OpenTofu, ""},
		{"terragrunt", "", `Invalid input::input "tool"`},
	} {
		var got tf.Settings
		res := actiontest.Run(t, "plan-infra", func(_ context.Context, a *runner.Runtime) error {
			var err error
			got, err = tfinputs.Read(a)
			return err
		}, nil, map[string]string{"tool": tt.in})
		if tt.err != "" {
			if !res.OneError(tt.err) || !res.OneError("terraform, tofu") {
				t.Errorf("tool %q: want one error naming the input and the accepted values, log:\n%s", tt.in, res.Log)
			}
			continue
		}
		if res.Code != 0 || got.Tool != tt.want {
			t.Errorf("tool %q: got %q (exit %d)\n%s", tt.in, got.Tool, res.Code, res.Log)
		}
	}
}
