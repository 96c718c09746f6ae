// Package tree copies a directory of Terraform or Packer files, leaving out
// what a run writes into it (.terraform, state, plan files).
package tree

import (
	"io/fs"
	"os"
	"path/filepath"
)

// Copy copies the regular files under src into dst, keeping their modes.
func Copy(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".terraform" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		switch filepath.Ext(p) {
		case ".tfstate", ".tfplan", ".backup":
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, info.Mode().Perm())
	})
}
