package plan

import (
	"reflect"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

func TestSummarizeFixtures(t *testing.T) {
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
	p := loadFixture(t, "nochange")
	p.ResourceDrift = []*tfjson.ResourceChange{
		{Address: "terraform_data.app", Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionUpdate}}},
		{Address: "terraform_data.gone", Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionDelete}}},
		{Address: "terraform_data.same", Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionNoop}}},
	}
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
