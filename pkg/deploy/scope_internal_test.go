package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/plan"
)

func TestWithoutKeys(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":                                 "",
		"module.web":                       "module.web",
		"module.web[0]":                    "module.web",
		`module.web["a"].module.db[2]`:     "module.web.module.db",
		`module.web["a]b"].module.x`:       "module.web.module.x",
		`module.web["q\"]"].module.x["y"]`: "module.web.module.x",
		`module.w["[nested]"]`:             "module.w",
	} {
		if got := withoutKeys(in); got != want {
			t.Errorf("withoutKeys(%q) = %q, want %q", in, got, want)
		}
	}
}

// canaryInModule is a canary root whose new version lives in a module that
// gets the image through an input, beside an unrelated resource.
const canaryInModule = `
variable "image_id" { default = "img-1" }
variable "canary_weight" { default = 100 }
variable "dns" { default = "a" }
module "web" {
  source = "./web"
  count  = 1
  image  = var.image_id
  weight = var.canary_weight
}
resource "terraform_data" "dns" { input = var.dns }
`

const webModule = `
variable "image" {}
variable "weight" {}
resource "terraform_data" "canary" {
  input            = { image = var.image, weight = var.weight }
  triggers_replace = [var.image]
}
resource "terraform_data" "other" { input = var.weight }
`

// planJSON plans the root with args and returns the plan's JSON.
func planJSON(t *testing.T, dir string, args ...string) []byte {
	t.Helper()
	tf := func(a ...string) []byte {
		out, err := exec.Command("terraform", append([]string{"-chdir=" + dir}, a...)...).Output()
		if err != nil {
			t.Fatalf("terraform %v: %v", a, err)
		}
		return out
	}
	tf(append([]string{"plan", "-input=false", "-out=plan.bin"}, args...)...)
	return tf("show", "-json", "plan.bin")
}

func TestCanaryNewVersionThroughAModuleInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "web"), 0o755)
	os.WriteFile(filepath.Join(dir, "main.tf"), []byte(canaryInModule), 0o644)
	os.WriteFile(filepath.Join(dir, "web", "main.tf"), []byte(webModule), 0o644)
	for _, a := range [][]string{{"init", "-input=false"}, {"apply", "-input=false", "-auto-approve"}} {
		if out, err := exec.Command("terraform", append([]string{"-chdir=" + dir}, a...)...).CombinedOutput(); err != nil {
			t.Fatalf("terraform %v: %v\n%s", a, err, out)
		}
	}
	s := Strategy{Kind: Canary, CanarySteps: []int{10, 100}}
	for _, c := range []struct {
		args   []string
		staged bool
	}{
		{[]string{"-var", "image_id=img-2"}, true}, // module.web[0].terraform_data.canary is replaced
		{[]string{"-var", "dns=b"}, false},         // only the unrelated resource changes
	} {
		p, err := plan.Parse(planJSON(t, dir, c.args...))
		if err != nil {
			t.Fatal(err)
		}
		st, why, err := s.stages(p)
		if err != nil || (len(st) > 0) != c.staged || (why == "") != c.staged {
			t.Errorf("%v: %d stages, why %q, err %v", c.args, len(st), why, err)
		}
		if !c.staged && !strings.Contains(why, "var.image_id") {
			t.Errorf("%v: the reason should name the version variable: %q", c.args, why)
		}
	}
}

// FuzzWithoutKeys: whatever a module's instance key holds, as Terraform
// quotes it in an address, it is dropped and the module names are kept.
func FuzzWithoutKeys(f *testing.F) {
	for _, k := range []string{"a", "a]b", `q"]`, `\`, "[nested]", "", "é"} {
		f.Add(k, 3)
	}
	f.Fuzz(func(t *testing.T, key string, n int) {
		addr := "module.a[" + strconv.Quote(key) + "].module.b[" + strconv.Itoa(n) + "].module.c"
		if got := withoutKeys(addr); got != "module.a.module.b.module.c" {
			t.Errorf("withoutKeys(%q) = %q", addr, got)
		}
	})
}
