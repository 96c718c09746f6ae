package roots

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// FuzzMayCallModules checks that the quick filter never skips a file in
// which HCL's parser finds a module block.
func FuzzMayCallModules(f *testing.F) {
	for _, s := range []string{
		`module "vpc" { source = "../vpc" }`,
		"module vpc {\n}\n",
		"module\"x\"{}",
		"module/*c*/\"x\" {}",
		"output \"a\" { value = module.vpc.id }\n",
		"locals {\n  module = 1\n}\n",
		"module-x \"y\" {}",
		"\ufeffmodule \"x\" {}",
		"module\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, _ := hclsyntax.ParseConfig(src, "f.tf", hcl.InitialPos)
		if file == nil || file.Body == nil {
			return
		}
		content, _, _ := file.Body.PartialContent(moduleSchema)
		if len(content.Blocks) > 0 && !mayCallModules(src) {
			t.Errorf("HCL finds a module block in %q but the filter skips it", src)
		}
	})
}
