package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/repave-dev/repave/internal/vaultinputs"
	"github.com/repave-dev/repave/pkg/images"
	"github.com/repave-dev/repave/pkg/runner"
	"github.com/repave-dev/repave/pkg/secrets"
	"github.com/repave-dev/repave/pkg/secrets/declared"
)

// hideSensitive masks the values given to the template's sensitive variables
// and adds them to the run's scrubber before packer runs: Packer prints a
// provisioner's output as it is, and a value can reach the artifact id.
func hideSensitive(a *runner.Runtime, sc *secrets.Scrubber, b images.BakeRequest) {
	files := []string{b.Template}
	if fi, err := os.Stat(b.Template); err == nil && fi.IsDir() {
		files, _ = filepath.Glob(filepath.Join(b.Template, "*.pkr.hcl"))
		j, _ := filepath.Glob(filepath.Join(b.Template, "*.pkr.json"))
		files = append(files, j...)
	}
	names, values := declared.Sensitive(files)
	if len(names) == 0 {
		return
	}
	for _, v := range b.Vars {
		if names[v.Name] {
			values = append(values, v.Value)
			if _, err := strconv.ParseFloat(strings.TrimSpace(v.Value), 64); err == nil {
				values = append(values, json.Number(strings.TrimSpace(v.Value)))
			}
		}
	}
	varFiles := b.VarFiles
	if fi, err := os.Stat(b.Template); err == nil && fi.IsDir() {
		auto, _ := filepath.Glob(filepath.Join(b.Template, "*.auto.pkrvars.hcl"))
		varFiles = append(varFiles, auto...)
	}
	for _, f := range varFiles {
		values = append(values, declared.VarFile(f, names)...)
	}
	vaultinputs.Masker(a)(values)
	sc.Add(values...)
}
