package audit_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/audit"
	"github.com/repave-dev/repave/pkg/secrets"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/audit/golden")

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(fixture.Repo(t), "testdata", "audit", "golden", name)
	if *update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./pkg/audit -run Golden -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (run with -update to accept):\n%s", name, got)
	}
}

func sampleReport() *audit.Report {
	at := time.Date(2026, 11, 23, 10, 2, 11, 0, time.UTC)
	web := audit.RootReport{
		Root: "infra/web", Workspace: "default",
		Pending: []audit.ResourceChange{
			{Address: "terraform_data.web[3]", Actions: []string{"delete"}},
			{Address: "terraform_data.db", Actions: []string{"update"}, Attributes: []audit.AttributeChange{
				{Path: "input.password", Before: secrets.Redacted, After: secrets.Redacted},
				{Path: "input.note", Before: `"a|b ` + "`x`" + `"`, After: `"<b>"`},
			}},
		},
		Drift: []audit.ResourceChange{{Address: "aws_security_group.web", Actions: []string{"update"}, Attributes: []audit.AttributeChange{
			{Path: "ingress[0].cidr_blocks[0]", Before: `"10.0.0.0/8"`, After: `"0.0.0.0/0"`},
		}}},
		Manual: []audit.ManualChange{
			{Event: audit.Event{Name: "ModifyInstanceAttribute", Source: "ec2.amazonaws.com", Principal: "arn:aws:iam::123456789012:user/alice", Time: at}, Console: true, Address: "aws_instance.web[1]"},
			{Event: audit.Event{Name: "AuthorizeSecurityGroupIngress", Source: "ec2.amazonaws.com", Principal: "arn:aws:iam::123456789012:user/bob", UserAgent: "aws-cli/2.15.30 Python/3.11.8", Time: at.Add(time.Minute),
				ResourceNames: []string{"sg-0123456789abcdef0"}}},
		},
		Attempts: []audit.ManualChange{
			{Event: audit.Event{Name: "RunInstances", Source: "ec2.amazonaws.com", Principal: "arn:aws:iam::123456789012:user/mallory", UserAgent: "aws-cli/2.15.30", Time: at.Add(2 * time.Minute),
				ErrorCode: "Client.UnauthorizedOperation", ErrorMessage: "You are not authorized to perform this operation."}, Address: "aws_subnet.a"},
		},
		Hygiene: []audit.Finding{{Rule: audit.RuleSecret, Severity: "error", File: "infra/web/main.tf", Line: 23, Message: `hard-coded secret: variable "db_password" has a literal default`}},
	}
	broken := audit.RootReport{Root: "infra/db", Workspace: "default", Error: "terraform init in infra/db failed:\n- Backend initialization required"}
	clean := audit.RootReport{Root: audit.RepositoryRoot, Workspace: "default"}
	return &audit.Report{GeneratedAt: at, Roots: []audit.RootReport{web, broken, clean}}
}

func TestGoldenIssueAndSummary(t *testing.T) {
	t.Parallel()
	rep := sampleReport()
	golden(t, "issue.md", audit.IssueBody(rep.Roots[0], "https://github.com/acme/infra/actions/runs/42", nil))
	golden(t, "summary.md", audit.Summary(rep, map[string]string{"infra/web": "[#12](https://github.com/acme/infra/issues/12) opened"}, nil))
	if got := audit.Title(rep.Roots[0]); got != "Audit: Terraform root infra/web has 7 findings" {
		t.Errorf("title = %q", got)
	}
}

func TestIssueBodyFitsGitHubsLimit(t *testing.T) {
	t.Parallel()
	r := sampleReport().Roots[0]
	for i := range 3000 {
		r.Hygiene = append(r.Hygiene, audit.Finding{Rule: audit.RuleModuleVersion, Severity: "warning", File: "infra/web/modules.tf", Line: i + 1,
			Message: "module without version: add `version` so a new release cannot change plans unreviewed"})
	}
	body := audit.IssueBody(r, "", nil)
	if n := len([]rune(body)); n > audit.MaxIssueBody {
		t.Fatalf("body has %d characters, over GitHub's %d", n, audit.MaxIssueBody)
	}
	if !strings.HasPrefix(body, audit.Marker("infra/web", "default", r.FindingsHash())) || !strings.Contains(body, "cut to fit GitHub's limit") {
		t.Error("a cut body must keep its marker and say where the rest is")
	}
}

func TestRenderRedactsKnownSensitiveValues(t *testing.T) {
	t.Parallel()
	r := sampleReport().Roots[0]
	r.Pending[1].Attributes[1].After = `"s3cr3t-value"`
	for _, text := range []string{audit.IssueBody(r, "", []string{"s3cr3t-value"}), audit.RenderRoot(r, "", []string{"s3cr3t-value"})} {
		if strings.Contains(text, "s3cr3t-value") {
			t.Error("a known sensitive value was rendered")
		}
	}
}

func TestNotesWithinLimits(t *testing.T) {
	t.Parallel()
	rep := sampleReport()
	for i := range 25 {
		rep.Roots[0].Hygiene = append(rep.Roots[0].Hygiene, audit.Finding{Rule: audit.RuleSecret, Severity: "error", File: "a.tf", Line: i + 1, Message: "m"})
	}
	notes := audit.Notes(rep)
	count := map[string]int{}
	for _, n := range notes {
		count[n.Level]++
	}
	if count["error"] != 10 || count["warning"] != 6 {
		t.Errorf("errors %d warnings %d, want 10 (9 and a summary) and 6 (drift, manual changes, the attempt)", count["error"], count["warning"])
	}
	if last := notes[9]; last.File != "" || !strings.Contains(last.Message, "18 more audit errors") {
		t.Errorf("last error note = %+v", last)
	}
}

func TestExpandRoots(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	for _, d := range []string{"infra/web", "infra/db", "infra/prod/eu", "modules/net", "infra/.terraform/modules/x", "docs", "infra/web/modules/app", "infra/sandbox"} {
		os.MkdirAll(filepath.Join(repo, d), 0o755)
		if d != "docs" {
			os.WriteFile(filepath.Join(repo, d, "main.tf"), []byte("# x\n"), 0o644)
		}
	}
	// infra/web calls a module of its own: a module, not a root; and
	// infra/db, which keeps state of its own.
	os.WriteFile(filepath.Join(repo, "infra/web/main.tf"), []byte("module \"app\" {\n  source = \"./modules/app\"\n}\nmodule \"db\" {\n  source = \"../db\"\n}\n"), 0o644)
	os.WriteFile(filepath.Join(repo, "infra/db/main.tf"), []byte("terraform {\n  backend \"s3\" {}\n}\n"), 0o644)
	cases := []struct {
		lines []string
		want  string
		err   string
	}{
		{[]string{"infra/*"}, "infra/db infra/sandbox infra/web", ""},
		{[]string{"infra/**"}, "infra/db infra/prod/eu infra/sandbox infra/web", ""},
		{[]string{"infra/**", "!infra/sandbox"}, "infra/db infra/prod/eu infra/web", ""},
		{[]string{"**", "!infra/**", "infra/db"}, "infra/db modules/net", ""},
		{[]string{"infra/{db,web}"}, "infra/db infra/web", ""},
		// Named as it is, a module directory is audited all the same.
		{[]string{"infra/web/modules/app"}, "infra/web/modules/app", ""},
		{[]string{"infra/*", "!infra/*"}, "", "excludes every root it selects"},
		{[]string{"infra/web", "infra/web/", "./infra/db"}, "infra/db infra/web", ""},
		{[]string{"**/eu"}, "infra/prod/eu", ""},
		{[]string{"infra/web", "docs"}, "", `input "working-directories" line 2: "docs" matches no directory with .tf files`},
		{[]string{"infra/[web"}, "", `line 1: "infra/[web" is not a valid glob`},
		{nil, "", `input "working-directories" is empty`},
	}
	for _, c := range cases {
		got, err := audit.ExpandRoots(repo, c.lines)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%v: err = %v, want %q", c.lines, err, c.err)
			}
			continue
		}
		if err != nil || strings.Join(got, " ") != c.want {
			t.Errorf("%v: %v, %v; want %s", c.lines, got, err, c.want)
		}
	}
}

// Audit logs hold what anyone who can call the cloud's API wrote: a user
// agent, a principal's name, an error message. The issue shows them as text:
// no forged marker or hidden HTML, no link, no emphasis, no broken table; and
// an attribute's value as it is, backticks and brackets included.
func TestRenderShowsAuditLogTextAsText(t *testing.T) {
	r := sampleReport().Roots[0]
	r.Manual[1].UserAgent = "<!-- repave:audit root=x -->"
	r.Manual[1].Principal = "[admin](https://evil.example)|x"
	r.Attempts[0].ErrorMessage = "**urgent** _now_\nsee `here` ~~struck~~ cc @acme/security-team"
	r.Pending[1].Attributes[1].Before = "`a` <b>"
	body := audit.IssueBody(r, "", nil)
	for _, bad := range []string{"<!-- repave:audit root=x", "[admin](", "**urgent**", "_now_", "~~struck", "@acme"} {
		if strings.Contains(body, bad) {
			t.Errorf("the issue holds %q as Markdown:\n%s", bad, body)
		}
	}
	for _, want := range []string{"&lt;!-- repave:audit root=x --&gt;", `\[admin\](https://evil.example)\\|x`, // the pipe escaped as text, then in the cell
		"\\*\\*urgent\\*\\* \\_now\\_ see \\`here\\`", "`` `a` <b> ``", "@\u200bacme/security-team"} {
		if !strings.Contains(body, want) {
			t.Errorf("the issue does not hold %q:\n%s", want, body)
		}
	}
	for _, line := range strings.Split(body, "\n") {
		if !strings.HasPrefix(line, "| 2026-") {
			continue
		}
		if cells := len(strings.Split(strings.ReplaceAll(line, `\|`, ""), "|")) - 2; cells != 5 && cells != 6 {
			t.Errorf("a row of %d cells: %s", cells, line)
		}
	}
}

// A root is a directory anyone with write access names. Its issue's marker is
// one hidden line whatever the name: a name holding "-->" does not end the
// comment early (what follows would be Markdown: a mention, an image), nor
// does a line break end the line, and a name holding " workspace=" is not
// read as another root and workspace.
func TestMarkerHoldsAnyRootName(t *testing.T) {
	for _, root := range []string{"infra/x --> @victim ![i](https://evil.example/i.png) <!--", "infra/a\nb", `infra/%41 "q"`, "infra/a workspace=b"} {
		r := audit.RootReport{Root: root, Workspace: "default", Hygiene: []audit.Finding{{Rule: audit.RuleSecret, Severity: "error", File: "x.tf", Line: 1, Message: "m"}}}
		first, _, _ := strings.Cut(audit.IssueBody(r, "", nil), "\n")
		if !strings.HasPrefix(first, "<!-- repave:audit root=") || strings.Count(first, "-->") != 1 || !strings.HasSuffix(first, " -->") ||
			strings.Count(first, "<") != 1 || strings.Count(first, " workspace=") != 1 {
			t.Errorf("root %q: the marker line is %q", root, first)
		}
		gotRoot, gotWS, ok := audit.ParseMarker(first)
		if !ok || gotRoot != root || gotWS != "default" {
			t.Errorf("root %q: the marker %q reads as root %q, workspace %q (%v)", root, first, gotRoot, gotWS, ok)
		}
	}
	if audit.Marker("infra/a workspace=b", "c", "d") == audit.Marker("infra/a", "b workspace=c", "d") {
		t.Error("two roots share one marker, hence one issue")
	}
}

// Long audit-log text and values are cut to fit their cells; a secret the cut
// falls inside must still be hidden, not shown up to the cut.
func TestSecretCutByACellIsStillHidden(t *testing.T) {
	t.Parallel()
	const secret = "pw-7f3a9c2e51d84b06a1e2"
	r := sampleReport().Roots[0]
	r.Manual[1].UserAgent, r.Manual[1].Console = "aws-cli/2.15 exec-env/"+secret+" more", false // cut at 40 characters
	r.Attempts[0].ErrorMessage = strings.Repeat("x", 60) + " token " + secret + " end"          // at 80
	r.Pending[1].Attributes[1].After = `"` + strings.Repeat("y", 65) + secret + `"`
	for name, text := range map[string]string{
		"issue": audit.IssueBody(r, "", []string{secret}), "summary": audit.Summary(&audit.Report{Roots: []audit.RootReport{r}}, nil, []string{secret}),
	} {
		for rest := text; strings.Contains(rest, secret[:6]); {
			i := strings.Index(rest, secret[:6])
			t.Errorf("the %s shows the start of a secret the cell's cut fell inside: …%s…", name, rest[max(0, i-20):min(len(rest), i+25)])
			rest = rest[i+6:]
		}
	}
}
