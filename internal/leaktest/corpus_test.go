package leaktest

import (
	"encoding/base64"
	"encoding/json"
	"html"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/repave-dev/repave/pkg/plan"
)

// The secrets, as the var file gives them to the root's sensitive variables.
const (
	quoted = "He said \"open|sesame\" \\ <now> & then\u00a0end"
	pem    = "-----BEGIN TEST KEY-----\nMIIBOgIBAAJBAKj34GkxFhD9leak\nQW5vdGhlckxpbmVPZktleQx\n-----END TEST KEY-----\n"
	pin    = "73519246"
	word   = "lowercase-secret-word"
	idx    = "index-key-secret"

	// From Vault, into variables Terraform does not mark sensitive.
	vaultNote  = "vault \"note\" with \\ back<slash> & amp"
	vaultKey   = "-----BEGIN VAULT KEY-----\nVmF1bHRLZXlMaW5lT25lMDAx\nVmF1bHRLZXlMaW5lVHdvMDAy\n-----END VAULT KEY-----"
	vaultToken = "hvs.corpusVaultToken0000000000"
)

const varFile = `quoted = "He said \"open|sesame\" \\ <now> & then\u00a0end"
pem    = <<EOT
-----BEGIN TEST KEY-----
MIIBOgIBAAJBAKj34GkxFhD9leak
QW5vdGhlckxpbmVPZktleQx
-----END TEST KEY-----
EOT
pin  = 73519246
flag = true
word = "lowercase-secret-word"
idx  = "index-key-secret"
`

// rootA is the deployed root: every secret in marked attributes, in values
// Terraform unmarks (terraform_data's output, outputs of it), in derived forms
// (base64encode, jsonencode, urlencode, upper), in an index key and in a
// check message.
const rootA = `terraform {
  backend "local" {}
}
variable "quoted" {
  type      = string
  sensitive = true
}
variable "pem" {
  type      = string
  sensitive = true
}
variable "pin" {
  type      = number
  sensitive = true
}
variable "flag" {
  type      = bool
  sensitive = true
}
variable "word" {
  type      = string
  sensitive = true
}
variable "idx" {
  type      = string
  sensitive = true
}
variable "vault_note" {
  type = string
}
variable "vault_key" {
  type = string
}
resource "terraform_data" "vault" {
  input = { note = var.vault_note, key = var.vault_key, encoded = base64encode(var.vault_note), rev = REV }
}
resource "terraform_data" "db" {
  input = { password = var.quoted, pem = var.pem, pin = var.pin, rev = REV }
}
resource "terraform_data" "toggle" {
  input = var.flag
}
resource "terraform_data" "derived" {
  input = {
    b64    = base64encode(var.word)
    json   = jsonencode({ pw = var.quoted, pin = var.pin })
    url    = urlencode(var.quoted)
    up     = upper(var.word)
    pin    = var.pin
    pem    = var.pem
    quoted = var.quoted
  }
}
resource "terraform_data" "per" {
  for_each = toset([nonsensitive(var.idx)])
  input    = each.key
}
check "policy" {
  assert {
    condition     = length(nonsensitive(var.word)) < 3
    error_message = "word ${nonsensitive(var.word)} is too long"
  }
}
output "derived" {
  value = terraform_data.derived.output
}
output "db" {
  value = terraform_data.db.output
}
`

// boom fails the apply in a provisioner whose command and output name secrets.
const boom = `
resource "terraform_data" "boom" {
  input = var.word
  provisioner "local-exec" {
    command = "echo deploying ${nonsensitive(var.word)} pin ${nonsensitive(var.pin)}; exit 3"
  }
}
`

// broken fails the plan with Terraform's own error quoting a secret.
const broken = `
locals {
  net = cidrhost(nonsensitive(var.word), 1)
}
resource "terraform_data" "net" {
  input = local.net
}
`

func rootAt(rev int, extra ...string) string {
	return strings.ReplaceAll(rootA, "REV", strconv.Itoa(rev)) + strings.Join(extra, "")
}

// secret is one secret and the forms it is searched for in.
type secret struct {
	name  string
	forms map[string]string // form name -> text
}

// corpus is every secret in every form repave's outputs could spell it in.
func corpus() []secret {
	var out []secret
	for _, s := range []struct{ name, v string }{{"quoted", quoted}, {"pem", pem}, {"word", word}, {"idx", idx},
		{"vault note", vaultNote}, {"vault key", vaultKey}, {"vault token", vaultToken}} {
		out = append(out, secret{s.name, stringForms(s.v)})
	}
	out = append(out, secret{"pin", map[string]string{
		"int": pin, "float e+": "7.3519246e+07", "float e": "7.3519246e7", "float .0": pin + ".0", "float E+": "7.3519246E+07",
	}})
	return out
}

func stringForms(v string) map[string]string {
	f := map[string]string{}
	add := func(name, s string) {
		if len(strings.TrimSpace(s)) >= 4 {
			f[name] = s
		}
	}
	jsonIn := func(s string, escHTML bool) string {
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(escHTML)
		enc.Encode(s)
		q := strings.TrimSpace(b.String())
		return q[1 : len(q)-1]
	}
	quote := func(s string) string { q := strconv.Quote(s); return q[1 : len(q)-1] }
	add("raw", v)
	add("json", jsonIn(v, true))
	add("json, no HTML escaping", jsonIn(v, false))
	add("json twice (jsonencode in plan JSON)", jsonIn(jsonIn(v, false), true))
	add("go-quoted", quote(v))
	add("go-quoted ascii", func() string { q := strconv.QuoteToASCII(v); return q[1 : len(q)-1] }())
	add("go-quoted json (a jsonencode value in the diff)", quote(jsonIn(v, false)))
	add("table cell", strings.ReplaceAll(quote(v), "|", `\|`))
	add("html", html.EscapeString(v))
	add("base64", base64.StdEncoding.EncodeToString([]byte(v)))
	add("base64 url", base64.URLEncoding.EncodeToString([]byte(v)))
	add("base64 raw", base64.RawStdEncoding.EncodeToString([]byte(v)))
	add("urlencode", url.QueryEscape(v))
	add("path escape", url.PathEscape(v))
	add("upper", strings.ToUpper(v))
	for i, l := range strings.Split(v, "\n") {
		if !strings.HasPrefix(l, "-----") {
			add("line "+strconv.Itoa(i+1), l)
		}
	}
	return f
}

// A path is one output path's text.
type path struct{ name, text string }

var digestLine = regexp.MustCompile(`<!-- repave:actions [A-Za-z0-9_-]+ -->`)

// withDigests adds the decoded action digests of a text: they are gzip and
// base64, which no search of the text would see into.
func withDigests(text string) string {
	for _, l := range digestLine.FindAllString(text, -1) {
		if d, ok := plan.ParseDigest(l); ok {
			b, _ := json.Marshal(d)
			text += "\n" + string(b)
		}
	}
	return text
}

// withoutMasks drops the ::add-mask:: commands: they teach the runner the
// secrets and are never shown.
func withoutMasks(log string) string {
	var out []string
	for _, l := range strings.Split(log, "\n") {
		if !strings.HasPrefix(l, "::add-mask::") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// paths are every output path of the world: each step's log, outputs and
// summary, every write to GitHub, and every file the steps wrote.
func (w *world) paths() []path {
	var out []path
	for _, s := range w.steps {
		out = append(out, path{s.name + " log", withoutMasks(s.log)}, path{s.name + " GITHUB_OUTPUT", s.outputs}, path{s.name + " step summary", s.summary})
	}
	w.mu.Lock()
	for i, wr := range w.writes {
		text := wr.body
		var v any // the decoded body too: a JSON body escapes what a reader sees
		if json.Unmarshal([]byte(wr.body), &v) == nil {
			b, _ := json.Marshal(v)
			text += "\n" + string(b)
			collectStrings(v, func(s string) { text += "\n" + s })
		}
		out = append(out, path{"GitHub write " + strconv.Itoa(i+1) + ": " + wr.what, text})
	}
	w.mu.Unlock()
	for _, dir := range []string{w.temp, w.repo} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && (d.Name() == ".terraform" || d.Name() == ".git") {
				return filepath.SkipDir
			}
			// The binary plan holds variable values by Terraform's design; it
			// never leaves the job unencrypted (the plan-artifact work).
			if d.IsDir() || strings.HasSuffix(p, ".tfplan") {
				return nil
			}
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(filepath.Dir(dir), p)
			out = append(out, path{"file " + rel, string(b)})
			return nil
		})
	}
	for i := range out {
		out[i].text = withDigests(out[i].text)
	}
	return out
}

func collectStrings(v any, f func(string)) {
	switch x := v.(type) {
	case string:
		f(x)
	case map[string]any:
		for _, e := range x {
			collectStrings(e, f)
		}
	case []any:
		for _, e := range x {
			collectStrings(e, f)
		}
	}
}

// leak is one secret found in one output path.
type leak struct{ path, secret, form, context string }

func scan(paths []path, secrets []secret) []leak {
	var out []leak
	for _, p := range paths {
		for _, s := range secrets {
			names := make([]string, 0, len(s.forms))
			for n := range s.forms {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				if i := strings.Index(p.text, s.forms[n]); i >= 0 {
					from, to := max(0, i-60), min(len(p.text), i+len(s.forms[n])+20)
					out = append(out, leak{p.name, s.name, n, strconv.Quote(p.text[from:to])})
				}
			}
		}
	}
	return out
}
