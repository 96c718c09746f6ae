package leaktest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// template is a golden image whose build is given a secret as a sensitive
// Packer variable, and whose provisioner prints it.
const template = `variable "version" {
  type    = string
  default = "0.0.0-dev"
}
variable "token" {
  type      = string
  sensitive = true
}
variable "note" {
  type = string
}
source "file" "web" {
  content = "web golden image ${var.version}\n"
  target  = "output/img-web-${var.version}"
}
build {
  sources = ["source.file.web"]
  provisioner "shell-local" {
    inline = ["echo baking with ${var.token}", "echo 'and ${var.note}'"]
  }
  post-processor "manifest" {
    output     = "output/packer-manifest.json"
    strip_path = true
    custom_data = {
      version = var.version
    }
  }
}
`

// bake runs bake-image with a sensitive Packer variable and a promotion pull
// request, when packer is installed.
func (w *world) bake(t *testing.T) {
	t.Run("bake-image", func(t *testing.T) {
		if _, err := exec.LookPath("packer"); err != nil {
			t.Skip("packer is not installed: bake-image is not in the corpus")
		}
		w.runBake(t)
	})
}

func (w *world) runBake(t *testing.T) {
	must(t, os.MkdirAll(filepath.Join(w.repo, "packer", "web"), 0o755))
	must(t, os.WriteFile(filepath.Join(w.repo, "packer", "web", "web.pkr.hcl"), []byte(template), 0o644))
	w.git("add", "-A")
	w.git("commit", "-qm", "golden image")
	w.gh.SetFile(owner, repo, "main", "README.md", []byte("infra\n"))
	push := w.event(map[string]any{"ref": "refs/heads/main", "after": w.git("rev-parse", "HEAD"), "repository": repoJSON()})
	in := map[string]string{
		"template": "packer/web", "version": "1.4.0", "channel": "prod", "promote-via": "pull-request",
		"github-token": token, "vars": "token=" + word,
	}
	for k, v := range w.vaultInputs() {
		in[k] = v
	}
	in["secrets"] = "secret/data/corpus note | PKR_VAR_note"
	s := w.run("bake-image", "push", push, in)
	if s.code != 0 {
		t.Errorf("bake-image: exit %d\n%s", s.code, tail(s.log, 30))
	}
}
