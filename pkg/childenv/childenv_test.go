package childenv_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/childenv"
)

func TestFilter(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   []string
		want []string
	}{
		{"nothing withheld", []string{"PATH=/usr/bin", "HOME=/root"}, []string{"PATH=/usr/bin", "HOME=/root"}},
		{"inputs", []string{"INPUT_GITHUB_TOKEN=ghs_x", "INPUT_VAULT_SECRET_ID=s", "INPUT_=x", "PATH=/bin"}, []string{"PATH=/bin"}},
		{"oidc", []string{"ACTIONS_ID_TOKEN_REQUEST_TOKEN=t", "ACTIONS_ID_TOKEN_REQUEST_URL=https://x", "ACTIONS_RUNTIME_TOKEN=r"}, []string{}},
		{"github tokens", []string{"GITHUB_TOKEN=a", "GH_TOKEN=b", "GH_ENTERPRISE_TOKEN=c", "GITHUB_ENTERPRISE_TOKEN=d", "GITHUB_REPOSITORY=o/r"}, []string{"GITHUB_REPOSITORY=o/r"}},
		{"vault", []string{"VAULT_TOKEN=hvs.x", "VAULT_ROLE_ID=r", "VAULT_SECRET_ID=s", "VAULT_ADDR=https://v", "VAULT_NAMESPACE=ns"}, []string{"VAULT_ADDR=https://v", "VAULT_NAMESPACE=ns"}},
		{"look-alikes stay", []string{"MY_INPUT_X=1", "input_lower=1", "GITHUB_TOKEN_FILE=/p", "TF_VAR_x=1"}, []string{"MY_INPUT_X=1", "input_lower=1", "GITHUB_TOKEN_FILE=/p", "TF_VAR_x=1"}},
		{"no value", []string{"GITHUB_TOKEN", "KEEP"}, []string{"KEEP"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := childenv.Filter(tc.in); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Filter(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// setJobEnv sets what a runner's step environment holds: the credentials a
// child must not see, and one ordinary variable it must.
func setJobEnv(t *testing.T) []string {
	t.Helper()
	names := []string{"INPUT_GITHUB_TOKEN", "INPUT_VAULT_TOKEN", "INPUT_VAULT_SECRET_ID",
		"ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_URL", "GITHUB_TOKEN", "GH_TOKEN",
		"VAULT_TOKEN", "VAULT_ROLE_ID", "VAULT_SECRET_ID"}
	for _, n := range names {
		t.Setenv(n, "withheld-"+strings.ToLower(n))
	}
	t.Setenv("REPAVE_CHILD_KEEPS", "kept")
	return names
}

// A real process started through Command sees the job environment minus
// the withheld names.
// Serial: the job environment it checks is set with t.Setenv.
func TestCommandStartsWithTheChildEnvironment(t *testing.T) {
	names := setJobEnv(t)
	out, err := childenv.Command(context.Background(), "env").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if strings.Contains(string(out), n+"=") {
			t.Errorf("%s reached the child:\n%s", n, out)
		}
	}
	if !strings.Contains(string(out), "REPAVE_CHILD_KEEPS=kept") {
		t.Errorf("an ordinary variable of the job did not reach the child:\n%s", out)
	}
}

// Git's own children (here a hook-like alias run by git) inherit only what
// git got.
// Serial: the job environment it checks is set with t.Setenv.
func TestGitAndItsChildrenGetTheChildEnvironment(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	names := setJobEnv(t)
	dump := filepath.Join(t.TempDir(), "env")
	cmd := childenv.Command(context.Background(), "git", "-c", "alias.dump=!env > '"+dump+"'", "dump")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git dump: %v\n%s", err, out)
	}
	b, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if strings.Contains(string(b), n+"=") {
			t.Errorf("%s reached a process git started", n)
		}
	}
	if !strings.Contains(string(b), "REPAVE_CHILD_KEEPS=kept") {
		t.Error("an ordinary variable did not reach git's child")
	}
}
