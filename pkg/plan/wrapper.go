package plan

import "bytes"

// wrapperHint is what to do when the plan JSON came through setup-terraform's wrapper.
const wrapperHint = "set `terraform_wrapper: false` on hashicorp/setup-terraform"

// wrapped reports whether data is Terraform's output as hashicorp/setup-terraform's
// wrapper passes it on: the command line it runs ("[command]…/terraform-bin show -json …")
// first, and workflow commands ("::debug::…", "::set-output …") after. Terraform writes
// the plan JSON on one line, so these can only be lines of their own.
func wrapped(data []byte) bool {
	for _, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if bytes.HasPrefix(line, []byte("[command]")) || bytes.HasPrefix(line, []byte("::debug::")) ||
			bytes.HasPrefix(line, []byte("::set-output ")) {
			return true
		}
	}
	return false
}
