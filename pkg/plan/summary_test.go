package plan

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

func TestSummarizeFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		counts    Counts
		changes   []string // addresses, in order
		dangerous map[string]string
	}{
		{"nochange", Counts{}, nil, nil},
		{"create", Counts{Add: 3, Outputs: 1}, []string{"terraform_data.web", `terraform_data.worker["blue"]`, `terraform_data.worker["green"]`}, nil},
		{"update", Counts{Change: 1}, []string{"terraform_data.app"}, nil},
		{"replace", Counts{Replace: 1, Outputs: 1}, []string{"terraform_data.web"},
			map[string]string{"terraform_data.web": "replace because of `triggers_replace`"}},
		{"destroy", Counts{Destroy: 1}, []string{"terraform_data.legacy"},
			map[string]string{"terraform_data.legacy": "removed from configuration"}},
		{"mixed", Counts{Add: 1, Change: 1, Destroy: 1, Replace: 1, Outputs: 1},
			[]string{"terraform_data.app", "terraform_data.cache", "terraform_data.legacy", "terraform_data.web"},
			map[string]string{"terraform_data.legacy": "removed from configuration", "terraform_data.web": "replace because of `triggers_replace`"}},
		{"sensitive", Counts{Add: 1, Change: 1, Outputs: 1}, []string{"terraform_data.audit", "terraform_data.db"}, nil},
		{"sensitive_output", Counts{Add: 1, Outputs: 2}, []string{"terraform_data.api"}, nil},
		{"import", Counts{Import: 1}, []string{"terraform_data.legacy"}, nil},
		{"moved", Counts{Move: 1}, []string{"terraform_data.web"}, nil},
		{"forget", Counts{Forget: 1}, []string{"terraform_data.cache"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := Summarize(loadFixture(t, tt.name))
			if s.Counts != tt.counts {
				t.Errorf("Counts = %+v, want %+v", s.Counts, tt.counts)
			}
			if got, want := s.Counts.HasChanges(), tt.name != "nochange"; got != want {
				t.Errorf("HasChanges() = %v, want %v", got, want)
			}
			var addrs []string
			for _, c := range s.Changes {
				addrs = append(addrs, c.Address)
			}
			if !reflect.DeepEqual(addrs, tt.changes) {
				t.Errorf("Changes = %q, want %q", addrs, tt.changes)
			}
			dangerous := map[string]string{}
			for _, c := range s.Dangerous() {
				dangerous[c.Address] = c.Reason()
			}
			if len(dangerous) == 0 {
				dangerous = nil
			}
			if !reflect.DeepEqual(dangerous, tt.dangerous) {
				t.Errorf("dangerous changes = %q, want %q", dangerous, tt.dangerous)
			}
		})
	}
}

func TestSummarizeSensitiveOutput(t *testing.T) {
	t.Parallel()
	s := Summarize(loadFixture(t, "sensitive_output"))
	got := map[string]bool{}
	for _, o := range s.Outputs {
		got[o.Name] = o.Sensitive
	}
	if want := map[string]bool{"api_token": true, "endpoint": false}; !reflect.DeepEqual(got, want) {
		t.Errorf("outputs (name → sensitive) = %v, want %v", got, want)
	}
}

func TestSummarizeDriftAndOutputsOnly(t *testing.T) {
	t.Parallel()
	p := loadFixture(t, "nochange")
	p.ResourceDrift = []*tfjson.ResourceChange{
		{Address: "terraform_data.app", Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionUpdate}}},
		{Address: "terraform_data.gone", Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionDelete}}},
		{Address: "terraform_data.same", Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionNoop}}},
		{Address: "terraform_data.noise", Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionUpdate}}},
	}
	p.RelevantAttributes = relevant("terraform_data.app", "terraform_data.gone", "terraform_data.same")
	s := Summarize(p)
	if s.Counts.Drift != 2 {
		t.Errorf("Drift = %d, want 2 (the no-op entry is not drift)", s.Counts.Drift)
	}
	if s.Counts.HasChanges() {
		t.Error("drift alone counts as a change")
	}
	p.OutputChanges = map[string]*tfjson.Change{"url": {Actions: tfjson.Actions{tfjson.ActionCreate}, After: "x"}}
	if !Summarize(p).Counts.HasChanges() {
		t.Error("an output change alone is not a change")
	}
}

func TestChangeReason(t *testing.T) {
	t.Parallel()
	tests := []struct {
		c    Change
		want string
	}{
		{Change{Action: ActionReplace, ActionReason: "replace_because_cannot_update", ReplacePaths: [][]any{{"triggers_replace"}, {"tags", "env"}, {"ports", 0.0}}},
			"replace because of `triggers_replace`, `tags.env`, `ports[0]`"},
		{Change{Action: ActionReplace, ActionReason: "replace_because_tainted"}, "tainted (a previous apply failed part-way)"},
		{Change{Action: ActionReplace, ActionReason: "replace_by_request"}, "replacement requested with `-replace`"},
		{Change{Action: ActionDelete, ActionReason: "delete_because_each_key"}, "key no longer in `for_each`"},
		{Change{Action: ActionDelete, Deposed: "abc123"}, "deposed object `abc123`"},
		{Change{Action: ActionDelete, ActionReason: "delete_because_<b>"}, `delete because &lt;b&gt;`},
		{Change{Action: ActionDelete}, ""},
	}
	for _, tt := range tests {
		if got := tt.c.Reason(); got != tt.want {
			t.Errorf("Reason() = %q, want %q", got, tt.want)
		}
	}
}

// Terraform's ["create","forget"]: a replacement whose old object is removed from
// state instead of destroyed (destroy = false). It adds one object and forgets one, as
// Terraform counts it, and destroys nothing.
func TestSummarizeCreateThenForget(t *testing.T) {
	t.Parallel()
	p := loadFixture(t, "replace")
	for _, rc := range p.ResourceChanges {
		if rc.Address == "terraform_data.web" {
			rc.Change.Actions = tfjson.Actions{tfjson.ActionCreate, tfjson.ActionForget}
		}
	}
	s := Summarize(p)
	if want := (Counts{Add: 1, Forget: 1, Outputs: 1}); s.Counts != want {
		t.Errorf("Counts = %+v, want %+v", s.Counts, want)
	}
	if !s.Counts.HasChanges() || len(s.Dangerous()) != 0 {
		t.Errorf("HasChanges = %v, dangerous = %v", s.Counts.HasChanges(), s.Dangerous())
	}
	if len(s.Changes) != 1 || s.Changes[0].Action != ActionCreateThenForget {
		t.Errorf("Changes = %+v", s.Changes)
	}
	compareGolden(t, "create_then_forget", Render(p, goldenOptions))
}

// Actions of a newer Terraform are a change all the same, never "No changes".
func TestSummarizeUnknownActions(t *testing.T) {
	t.Parallel()
	p := loadFixture(t, "nochange")
	p.ResourceChanges[0].Change.Actions = tfjson.Actions{"frobnicate"}
	s := Summarize(p)
	if s.Counts != (Counts{Other: 1}) || !s.Counts.HasChanges() || s.Changes[0].Action != "frobnicate" {
		t.Errorf("Counts = %+v, changes = %+v", s.Counts, s.Changes)
	}
	if md := Render(p, goldenOptions); !strings.Contains(md, "0 to replace, 1 other change (see the diff)") {
		t.Errorf("the counts line does not say so:\n%s", md)
	}
}

// A move or an import with an update is counted twice (as Terraform counts imports)
// and says where the resource moved from or what it is imported by.
func TestSummarizeMoveOrImportWithAnUpdate(t *testing.T) {
	t.Parallel()
	p := loadFixture(t, "update")
	p.ResourceChanges[0].PreviousAddress = "terraform_data.old_app"
	p.ResourceChanges[0].Change.Importing = &tfjson.Importing{ID: "app-0001"}
	s := Summarize(p)
	if want := (Counts{Change: 1, Import: 1, Move: 1}); s.Counts != want {
		t.Errorf("Counts = %+v, want %+v", s.Counts, want)
	}
	md := Render(p, goldenOptions)
	for _, want := range []string{
		"**Plan:** 1 to import, 0 to add, 1 to change, 0 to destroy, 0 to replace, 1 moved · 0 drifted outside Terraform",
		"# terraform_data.app will be updated in place\n# (moved from terraform_data.old_app)\n# (imported from \"app-0001\")\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("missing %q in:\n%s", want, md)
		}
	}
}

// compareGolden compares a rendering with testdata/golden/<name>.md (rewritten with
// -update).
func compareGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "golden", name+".md")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./pkg/plan -run %s -update)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("the rendering differs from %s (rerun with -update and review the diff):\n%s", path, got)
	}
}

func relevant(addresses ...string) []tfjson.ResourceAttribute {
	var out []tfjson.ResourceAttribute
	for _, a := range addresses {
		out = append(out, tfjson.ResourceAttribute{Resource: a, Attribute: []json.RawMessage{json.RawMessage(`"input"`)}})
	}
	return out
}

// TestSummarizeDriftOnlyRelevant: drift no planned change depends on (not in
// relevant_attributes) is not counted, as Terraform does not show it; a plan older than
// format 1.1 has no relevant_attributes, and all its drift counts.
func TestSummarizeDriftOnlyRelevant(t *testing.T) {
	t.Parallel()
	p := loadFixture(t, "nochange")
	p.ResourceDrift = []*tfjson.ResourceChange{
		{Address: "terraform_data.used", Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionUpdate}}},
		{Address: "terraform_data.noise", Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionUpdate}}},
	}
	p.RelevantAttributes = relevant("terraform_data.used")
	s := Summarize(p)
	if s.Counts.Drift != 1 || s.Drift[0].Address != "terraform_data.used" {
		t.Errorf("drift = %+v, want only terraform_data.used", s.Drift)
	}
	p.FormatVersion, p.RelevantAttributes = "1.0", nil
	if n := Summarize(p).Counts.Drift; n != 2 {
		t.Errorf("format 1.0: drift = %d, want 2", n)
	}
}
