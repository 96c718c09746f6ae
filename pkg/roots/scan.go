package roots

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
)

// Config is one directory of Terraform configuration.
type Config struct {
	// Dir is the directory, relative to the repository root.
	Dir string
	// Calls are the directories of the local modules it calls, cleaned and
	// relative to the repository root. Calls that leave the repository are
	// dropped.
	Calls []string
}

// Repo is every configuration found under a directory.
type Repo struct {
	// Configs by directory.
	Configs map[string]*Config
	// Warnings name files that could not be read completely (syntax errors,
	// a non-literal source); discovery goes on with what was read.
	Warnings []string
}

// Scan walks dir for configurations and reads their local module calls.
// Hidden directories (.git, .terraform, ...) are skipped. Files are read and
// parsed by a pool of workers while the walk goes on.
func Scan(dir string) (*Repo, error) {
	repo := &Repo{Configs: map[string]*Config{}}
	type job struct{ dir, path string }
	jobs := make(chan job, 64)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range 4 * runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				calls, warns := readFile(j.dir, j.path)
				mu.Lock()
				c := repo.Configs[j.dir]
				if c == nil {
					c = &Config{Dir: j.dir}
					repo.Configs[j.dir] = c
				}
				c.Calls = append(c.Calls, calls...)
				repo.Warnings = append(repo.Warnings, warns...)
				mu.Unlock()
			}
		}()
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != dir && strings.HasPrefix(name, ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !isConfigFile(name) { // .tf, .tofu and their JSON forms
			return nil
		}
		rel, err := filepath.Rel(dir, filepath.Dir(p))
		if err != nil {
			return err
		}
		jobs <- job{filepath.ToSlash(rel), p}
		return nil
	})
	close(jobs)
	wg.Wait()
	if err != nil {
		return nil, fmt.Errorf("finding Terraform configurations under %s: %w", dir, err)
	}
	for _, c := range repo.Configs {
		sort.Strings(c.Calls)
		c.Calls = slices.Compact(c.Calls)
	}
	sort.Strings(repo.Warnings)
	return repo, nil
}

// moduleSchema and sourceSchema pick module blocks and their source out of a
// file body, native syntax or JSON alike.
var (
	moduleSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "module", LabelNames: []string{"name"}}}}
	sourceSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "source"}}}
)

// moduleWord is in every file that holds a module block.
var moduleWord = []byte("module")

// mayCallModules reports whether src may hold a module block: the word
// "module" standing alone and not followed by "." or "=" (a reference such as
// module.vpc.id, or an attribute). It only spares the parse of files that
// cannot call a module; HCL's parser decides for the rest.
func mayCallModules(src []byte) bool {
	for i := 0; i < len(src); {
		j := bytes.Index(src[i:], moduleWord)
		if j < 0 {
			return false
		}
		k := i + j
		i = k + len(moduleWord)
		if k > 0 && isIdentByte(src[k-1]) || i < len(src) && isIdentByte(src[i]) {
			continue
		}
		n := i
		for n < len(src) && (src[n] == ' ' || src[n] == '\t') {
			n++
		}
		if n < len(src) && (src[n] == '.' || src[n] == '=') {
			continue
		}
		return true
	}
	return false
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// readFile reads the local module calls of one file of configuration dir.
func readFile(dir, f string) (calls, warns []string) {
	src, err := os.ReadFile(f)
	if err != nil {
		return nil, []string{fmt.Sprintf("%s: %v", f, err)}
	}
	json := strings.HasSuffix(f, ".json")
	if !json && !mayCallModules(src) {
		return nil, nil // no module block here: skip the parse
	}
	var file *hcl.File
	var diags hcl.Diagnostics
	if json { // always parsed: a JSON key may spell "module" with escapes
		file, diags = hcljson.Parse(src, f)
	} else {
		file, diags = hclsyntax.ParseConfig(src, f, hcl.InitialPos)
	}
	if diags.HasErrors() {
		warns = append(warns, diags.Error())
	}
	if file == nil || file.Body == nil {
		return nil, warns
	}
	content, _, _ := file.Body.PartialContent(moduleSchema)
	for _, b := range content.Blocks {
		source, ok := localSource(b)
		if !ok {
			continue
		}
		target := path.Join(dir, source)
		if target == ".." || strings.HasPrefix(target, "../") {
			continue
		}
		calls = append(calls, target)
	}
	return calls, warns
}

// localSource returns a module block's source when it is a local path, as
// Terraform defines one: a literal string starting with "./" or "../".
func localSource(b *hcl.Block) (string, bool) {
	content, _, _ := b.Body.PartialContent(sourceSchema)
	attr := content.Attributes["source"]
	if attr == nil {
		return "", false
	}
	v, diags := attr.Expr.Value(nil)
	if diags.HasErrors() || v.IsNull() || !v.IsKnown() || !v.Type().Equals(cty.String) {
		return "", false
	}
	s := v.AsString()
	if !strings.HasPrefix(s, "./") && !strings.HasPrefix(s, "../") {
		return "", false
	}
	return s, true
}
