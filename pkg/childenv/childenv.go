// Package childenv builds the one environment repave gives the processes it
// starts (terraform, packer, git, and through them provisioners and hooks):
// the job's environment minus what only repave itself may use — its inputs,
// the runner's OIDC token request, the GitHub token and Vault credentials.
// Secrets reach a child only as the `secrets:` mapping says, added by the
// caller on top of this environment.
package childenv

import (
	"context"
	"os"
	"os/exec"
	"strings"
)

// withheld are the names no child process gets.
var withheld = map[string]bool{
	// GitHub OIDC: with these a child could mint an id token for any audience.
	"ACTIONS_ID_TOKEN_REQUEST_TOKEN": true,
	"ACTIONS_ID_TOKEN_REQUEST_URL":   true,
	// The runner's own service token (caches, artifacts), where a step has it.
	"ACTIONS_RUNTIME_TOKEN": true,
	// GitHub tokens, under the names gh, go-github users and scripts read.
	"GITHUB_TOKEN":            true,
	"GH_TOKEN":                true,
	"GH_ENTERPRISE_TOKEN":     true,
	"GITHUB_ENTERPRISE_TOKEN": true,
	// Vault credentials (a child that needs one gets it through `secrets:`).
	"VAULT_TOKEN":     true,
	"VAULT_ROLE_ID":   true,
	"VAULT_SECRET_ID": true,
}

// Withheld reports whether the variable name is kept from child processes:
// every INPUT_* (the action's inputs: the GitHub token, the Vault token and
// AppRole secret ID among them), the OIDC request variables, GitHub tokens
// and Vault credentials.
func Withheld(name string) bool {
	return strings.HasPrefix(name, "INPUT_") || withheld[name]
}

// Filter returns env ("NAME=value" entries, as os.Environ gives them)
// without the withheld names, in the same order.
func Filter(env []string) []string {
	out := make([]string, 0, len(env))
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if !Withheld(name) {
			out = append(out, kv)
		}
	}
	return out
}

// Environ is this process's environment as a child process gets it.
func Environ() []string { return Filter(os.Environ()) }

// Map is Environ as a map, for APIs that take one (terraform-exec's SetEnv).
func Map() map[string]string {
	m := map[string]string{}
	for _, kv := range Environ() {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	return m
}

// Command is exec.CommandContext with the child environment: use it for
// every process repave starts (git included).
func Command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = Environ()
	return cmd
}
