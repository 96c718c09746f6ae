package leaktest

import (
	"os/exec"
	"testing"
)

// bake runs bake-image when packer is installed.
func (w *world) bake(t *testing.T) {
	if _, err := exec.LookPath("packer"); err != nil {
		t.Log("bake-image not in the corpus: packer is not installed")
		return
	}
}
