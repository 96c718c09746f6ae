package runner

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
	"time"
)

// newTest returns a Runtime over env (nothing else set) and its stdout.
func newTest(env map[string]string) (*Runtime, *bytes.Buffer) {
	var out bytes.Buffer
	r := New(WithGetenv(func(k string) string { return env[k] }), WithStdout(&out))
	return r, &out
}

func TestStringSpellingsAndDefault(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"composite env spelling", map[string]string{"INPUT_WORKING_DIRECTORY": "infra/prod"}, "infra/prod"},
		{"runner spelling", map[string]string{"INPUT_WORKING-DIRECTORY": "infra/prod"}, "infra/prod"},
		{"env spelling wins", map[string]string{"INPUT_WORKING_DIRECTORY": "a", "INPUT_WORKING-DIRECTORY": "b"}, "a"},
		{"blank env spelling falls through", map[string]string{"INPUT_WORKING_DIRECTORY": "  ", "INPUT_WORKING-DIRECTORY": "b"}, "b"},
		{"trimmed", map[string]string{"INPUT_WORKING_DIRECTORY": "  infra/prod\n"}, "infra/prod"},
		{"empty gives default", map[string]string{"INPUT_WORKING_DIRECTORY": ""}, "."},
		{"unset gives default", nil, "."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := newTest(tt.env)
			if got := r.String("working-directory", "."); got != tt.want {
				t.Errorf("String = %q, want %q", got, tt.want)
			}
		})
	}
	r, _ := newTest(map[string]string{"INPUT_PLAN_DIR": "x"})
	if got := r.String("plan dir", ""); got != "x" {
		t.Errorf("space in name: String = %q, want x", got)
	}
}

func TestRequired(t *testing.T) {
	t.Parallel()
	r, _ := newTest(map[string]string{"INPUT_PLAN_DIR": " /tmp/plan "})
	if v, err := r.Required("plan-dir"); err != nil || v != "/tmp/plan" {
		t.Fatalf("Required = %q, %v", v, err)
	}
	r, _ = newTest(map[string]string{"INPUT_PLAN_DIR": "  "})
	_, err := r.Required("plan-dir")
	assertErr(t, err, "input \"plan-dir\" is required: set `plan-dir:` in the step's `with:`")
	_, err = r.RequiredHint("plan-dir", "to the plan-dir output of plan-infra")
	assertErr(t, err, "input \"plan-dir\" is required: set `plan-dir:` in the step's `with:` (e.g. to the plan-dir output of plan-infra)")
}

func TestBool(t *testing.T) {
	t.Parallel()
	tests := []struct {
		value   string
		def     bool
		want    bool
		wantErr string
	}{
		{"true", false, true, ""},
		{"True", false, true, ""},
		{"TRUE", false, true, ""},
		{"false", true, false, ""},
		{"False", true, false, ""},
		{" FALSE ", true, false, ""},
		{"", true, true, ""},
		{"", false, false, ""},
		{"yes", false, false, `input "auto-approve": "yes" is not a boolean; use true or false`},
		{"1", false, false, `input "auto-approve": "1" is not a boolean; use true or false`},
		{"on", true, true, `input "auto-approve": "on" is not a boolean; use true or false`},
		{"tRuE", false, false, `input "auto-approve": "tRuE" is not a boolean; use true or false`},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			r, _ := newTest(map[string]string{"INPUT_AUTO_APPROVE": tt.value})
			got, err := r.Bool("auto-approve", tt.def)
			assertErr(t, err, tt.wantErr)
			if got != tt.want {
				t.Errorf("Bool = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDuration(t *testing.T) {
	t.Parallel()
	const def = 7 * time.Second
	tests := []struct {
		value   string
		want    time.Duration
		wantErr string
	}{
		{"300s", 300 * time.Second, ""},
		{"5m", 5 * time.Minute, ""},
		{"1h30m", 90 * time.Minute, ""},
		{"300", 300 * time.Second, ""},
		{"0", 0, ""},
		{"", def, ""},
		{"5 minutes", def, `input "lock-timeout": "5 minutes" is not a duration; use a Go duration such as 300s or 5m`},
		{"5min", def, `input "lock-timeout": "5min" is not a duration; use a Go duration such as 300s or 5m`},
		{"1.5", def, `input "lock-timeout": "1.5" is not a duration; use a Go duration such as 300s or 5m`},
		{"-5m", def, `input "lock-timeout": "-5m" is negative; use a Go duration such as 300s or 5m`},
		{"-10", def, `input "lock-timeout": "-10" is negative; use a Go duration such as 300s or 5m`},
		{"99999999999999999", def, `input "lock-timeout": "99999999999999999" is not a duration; use a Go duration such as 300s or 5m`},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			r, _ := newTest(map[string]string{"INPUT_LOCK-TIMEOUT": tt.value})
			got, err := r.Duration("lock-timeout", def)
			assertErr(t, err, tt.wantErr)
			if got != tt.want {
				t.Errorf("Duration = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestInt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		value   string
		want    int
		wantErr string
	}{
		{"10", 10, ""},
		{" -3 ", -3, ""},
		{"", 4, ""},
		{"ten", 4, `input "parallelism": "ten" is not an integer; use a whole number such as 10`},
		{"1e3", 4, `input "parallelism": "1e3" is not an integer; use a whole number such as 10`},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			r, _ := newTest(map[string]string{"INPUT_PARALLELISM": tt.value})
			got, err := r.Int("parallelism", 4)
			assertErr(t, err, tt.wantErr)
			if got != tt.want {
				t.Errorf("Int = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestEnum(t *testing.T) {
	t.Parallel()
	allowed := []string{"jwt", "approle", "token"}
	tests := []struct {
		value   string
		want    string
		wantErr string
	}{
		{"approle", "approle", ""},
		{"AppRole", "approle", ""},
		{"", "jwt", ""},
		{"oidc", "jwt", `input "vault-method": "oidc" is not an accepted value; use one of jwt, approle, token`},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			r, _ := newTest(map[string]string{"INPUT_VAULT_METHOD": tt.value})
			got, err := r.Enum("vault-method", "jwt", allowed...)
			assertErr(t, err, tt.wantErr)
			if got != tt.want {
				t.Errorf("Enum = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSecretInputValuesAreHidden(t *testing.T) {
	t.Parallel()
	r, out := newTest(map[string]string{"INPUT_VAULT_TOKEN": "s.abc\n", "INPUT_RETRIES": "hunter2"})
	_, err := r.Bool("vault-token", false) // name looks secret
	assertErr(t, err, `input "vault-token": the value (hidden) is not a boolean; use true or false`)

	if got := r.Secret("retries"); got != "hunter2" {
		t.Fatalf("Secret = %q", got)
	}
	if got := out.String(); got != "::add-mask::hunter2\n" {
		t.Errorf("Secret wrote %q, want the mask", got)
	}
	_, err = r.Int("retries", 0) // marked secret by Secret
	assertErr(t, err, `input "retries": the value (hidden) is not an integer; use a whole number such as 10`)
}

func TestList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		value string
		want  []string
	}{
		{"", nil},
		{"infra/prod", []string{"infra/prod"}},
		{"infra/prod\n  infra/dev  \n\n# infra/old\ninfra/shared\r\n", []string{"infra/prod", "infra/dev", "infra/shared"}},
	}
	for _, tt := range tests {
		r, _ := newTest(map[string]string{"INPUT_ROOTS": tt.value})
		if got := r.List("roots"); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("List(%q) = %q, want %q", tt.value, got, tt.want)
		}
	}
}

func TestPairs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		value   string
		want    []Pair
		wantErr string
	}{
		{"empty", "", nil, ""},
		{"pairs", "bucket=my-state\n# comment\n\n  region = eu-west-1 \nkey=a=b\nempty=\n", []Pair{
			{"bucket", "my-state"}, {"region", "eu-west-1"}, {"key", "a=b"}, {"empty", ""},
		}, ""},
		{"dash and underscore names", "_x=1\nlock-table=t", []Pair{{"_x", "1"}, {"lock-table", "t"}}, ""},
		{"no equals, line counted as written", "bucket=b\n\n# c\nregion eu-west-1\n", nil,
			`input "backend-config" line 4: "region eu-west-1" is not name=value; use one name=value per line, such as region=eu-west-1`},
		{"bad name", "9lives=x", nil,
			`input "backend-config" line 1: "9lives=x" has an invalid name "9lives" (letters, digits, '_' and '-', not starting with a digit); use one name=value per line, such as region=eu-west-1`},
		{"empty name", "=x", nil,
			`input "backend-config" line 1: "=x" has an invalid name "" (letters, digits, '_' and '-', not starting with a digit); use one name=value per line, such as region=eu-west-1`},
		{"secret-looking line hidden", "secret_key AKIAEXAMPLE", nil,
			`input "backend-config" line 1: the value (hidden) is not name=value; use one name=value per line, such as region=eu-west-1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := newTest(map[string]string{"INPUT_BACKEND-CONFIG": tt.value})
			got, err := r.Pairs("backend-config")
			assertErr(t, err, tt.wantErr)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Pairs = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestInputErrorIsATypedError(t *testing.T) {
	t.Parallel()
	r, _ := newTest(map[string]string{"INPUT_LOCK_TIMEOUT": "soon"})
	_, err := r.Duration("lock-timeout", 0)
	var ie *InputError
	if !errors.As(err, &ie) || ie.Input != "lock-timeout" || ie.Value != "soon" || ie.Want != durationWant {
		t.Fatalf("err = %#v, want an *InputError for lock-timeout", err)
	}
}

// assertErr checks err's message; want "" means no error.
func assertErr(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("unexpected error: %v", err)
	case want != "" && err == nil:
		t.Errorf("no error, want %q", want)
	case want != "" && err.Error() != want:
		t.Errorf("error:\n got %s\nwant %s", err, want)
	}
}
