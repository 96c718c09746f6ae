package tf

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WrapperHint is what to do when terraform is hashicorp/setup-terraform's wrapper.
const WrapperHint = "set `terraform_wrapper: false` on hashicorp/setup-terraform"

// checkWrapper refuses hashicorp/setup-terraform's wrapper: with `terraform_wrapper`
// left on, `terraform` on PATH is a Node.js script that runs the real binary
// (installed beside it as terraform-bin) and adds lines of its own ("[command]…",
// "::debug::…") to what Terraform prints, so no JSON it passes on can be read.
func checkWrapper(execPath string) error {
	path := execPath
	if real, err := filepath.EvalSymlinks(execPath); err == nil {
		path = real
	}
	wrapped := false
	for _, dir := range []string{filepath.Dir(execPath), filepath.Dir(path)} {
		if st, err := os.Stat(filepath.Join(dir, "terraform-bin")); err == nil && !st.IsDir() {
			wrapped = true
		}
	}
	if f, err := os.Open(path); err == nil {
		head := make([]byte, 256)
		n, _ := io.ReadFull(f, head)
		f.Close()
		head = head[:n]
		if bytes.HasPrefix(head, []byte("#!")) && bytes.Contains(bytes.SplitN(head, []byte("\n"), 2)[0], []byte("node")) {
			wrapped = true
		}
	}
	if wrapped {
		return fmt.Errorf("terraform at %s is hashicorp/setup-terraform's wrapper script, which adds its own lines to Terraform's output: %s", execPath, WrapperHint)
	}
	return nil
}
