package plan

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

func mustFingerprint(t *testing.T, p *tfjson.Plan) string {
	t.Helper()
	fp, err := Fingerprint(p)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(fp) {
		t.Fatalf("fingerprint %q is not lowercase hex SHA-256", fp)
	}
	return fp
}

func TestFingerprintSamePlanTwice(t *testing.T) {
	t.Parallel()
	for _, name := range fixtures {
		a := mustFingerprint(t, loadFixture(t, name))
		b := mustFingerprint(t, loadFixture(t, name))
		if a != b {
			t.Errorf("%s: %s then %s", name, a, b)
		}
	}
}

// mixed.replan.json is a second, separate terraform plan of the same root and state.
func TestFingerprintStableAcrossReplans(t *testing.T) {
	t.Parallel()
	first, second := loadFixture(t, "mixed"), loadFixture(t, "mixed.replan")
	if first.Timestamp == second.Timestamp {
		t.Fatalf("both fixtures have timestamp %s; regenerate them with generate.sh", first.Timestamp)
	}
	if a, b := mustFingerprint(t, first), mustFingerprint(t, second); a != b {
		t.Errorf("re-planning an unchanged root changed the fingerprint: %s then %s", a, b)
	}
}

func TestFingerprintChangesWithThePlan(t *testing.T) {
	t.Parallel()
	base := mustFingerprint(t, loadFixture(t, "mixed"))
	app := func(p *tfjson.Plan) *tfjson.ResourceChange {
		for _, rc := range p.ResourceChanges {
			if rc.Address == "terraform_data.app" {
				return rc
			}
		}
		t.Fatal("no terraform_data.app in mixed.json")
		return nil
	}
	edits := map[string]func(p *tfjson.Plan){
		"a planned value": func(p *tfjson.Plan) {
			app(p).Change.After.(map[string]any)["input"].(map[string]any)["replicas"] = json.Number("4")
		},
		"an action": func(p *tfjson.Plan) {
			app(p).Change.Actions = tfjson.Actions{tfjson.ActionDelete, tfjson.ActionCreate}
		},
		"an unknown value": func(p *tfjson.Plan) {
			app(p).Change.AfterUnknown = map[string]any{"output": true, "id": true}
		},
		"replace paths": func(p *tfjson.Plan) {
			app(p).Change.ReplacePaths = []any{[]any{"input"}}
		},
		"an output": func(p *tfjson.Plan) {
			p.OutputChanges["image_id"].After = "ami-0ccc3333"
		},
		"a resource gone": func(p *tfjson.Plan) {
			p.ResourceChanges = p.ResourceChanges[1:]
		},
		"the prior value of a changed attribute": func(p *tfjson.Plan) {
			app(p).Change.Before.(map[string]any)["input"].(map[string]any)["version"] = "1.3.9"
		},
		"the object a delete destroys": func(p *tfjson.Plan) {
			for _, rc := range p.ResourceChanges {
				if rc.Address == "terraform_data.legacy" {
					rc.Change.Before.(map[string]any)["id"] = "another-object"
				}
			}
		},
		"an import of an unchanged resource": func(p *tfjson.Plan) {
			for _, rc := range p.ResourceChanges {
				if rc.Address == "terraform_data.stable" {
					rc.Change.Importing = &tfjson.Importing{ID: "082e4af7"}
				}
			}
		},
		"a move of an unchanged resource": func(p *tfjson.Plan) {
			for _, rc := range p.ResourceChanges {
				if rc.Address == "terraform_data.stable" {
					rc.PreviousAddress = "terraform_data.old_name"
				}
			}
		},
		"a value equal to the timestamp of another plan": func(p *tfjson.Plan) {
			app(p).Change.After.(map[string]any)["input"].(map[string]any)["version"] = "2026-01-01T00:00:00Z"
		},
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := loadFixture(t, "mixed")
			edit(p)
			if got := mustFingerprint(t, p); got == base {
				t.Errorf("changing %s kept the fingerprint %s", name, got)
			}
		})
	}
}

func TestFingerprintIgnores(t *testing.T) {
	t.Parallel()
	base := mustFingerprint(t, loadFixture(t, "mixed"))
	app := func(p *tfjson.Plan) *tfjson.ResourceChange {
		for _, rc := range p.ResourceChanges {
			if rc.Address == "terraform_data.app" {
				return rc
			}
		}
		t.Fatal("no terraform_data.app in mixed.json")
		return nil
	}
	edits := map[string]func(p *tfjson.Plan){
		"resource drift": func(p *tfjson.Plan) {
			p.ResourceDrift = append(p.ResourceDrift, &tfjson.ResourceChange{
				Address: "terraform_data.stable",
				Change: &tfjson.Change{
					Actions: tfjson.Actions{tfjson.ActionUpdate},
					Before:  map[string]any{"input": "unchanged"},
					After:   map[string]any{"input": "edited in the console"},
				},
			})
		},
		"timestamp and version": func(p *tfjson.Plan) {
			p.Timestamp = "2030-01-01T00:00:00Z"
			p.TerraformVersion = "1.99.0"
		},
		"the prior value of an attribute known only after apply": func(p *tfjson.Plan) {
			app(p).Change.Before.(map[string]any)["output"] = map[string]any{"replicas": json.Number("7")}
		},
		"the prior id of an object a replace destroys": func(p *tfjson.Plan) {
			for _, rc := range p.ResourceChanges {
				if rc.Address == "terraform_data.web" {
					rc.Change.Before.(map[string]any)["id"] = "recreated-in-between"
				}
			}
		},
		"prior state": func(p *tfjson.Plan) { p.PriorState = nil },
		"order of resource changes": func(p *tfjson.Plan) {
			rc := p.ResourceChanges
			for i, j := 0, len(rc)-1; i < j; i, j = i+1, j-1 {
				rc[i], rc[j] = rc[j], rc[i]
			}
		},
		"no-op entries": func(p *tfjson.Plan) {
			var kept []*tfjson.ResourceChange
			for _, rc := range p.ResourceChanges {
				if !rc.Change.Actions.NoOp() {
					kept = append(kept, rc)
				}
			}
			p.ResourceChanges = kept
		},
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := loadFixture(t, "mixed")
			edit(p)
			if got := mustFingerprint(t, p); got != base {
				t.Errorf("changing %s changed the fingerprint: %s, want %s", name, got, base)
			}
		})
	}
}

// A plan decoded by a plain json.Unmarshal (float64 numbers, as terraform-exec does) has
// the same fingerprint as one from Parse (json.Number).
func TestFingerprintSameForFloatAndNumber(t *testing.T) {
	t.Parallel()
	for _, name := range fixtures {
		var plain tfjson.Plan
		if err := json.Unmarshal(readFixture(t, name), &plain); err != nil {
			t.Fatal(err)
		}
		if a, b := mustFingerprint(t, &plain), mustFingerprint(t, loadFixture(t, name)); a != b {
			t.Errorf("%s: float64 plan %s, json.Number plan %s", name, a, b)
		}
	}
}

func TestFingerprintHidesSensitiveValues(t *testing.T) {
	t.Parallel()
	p := loadFixture(t, "sensitive")
	doc, err := canonicalPlan(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(doc, []byte(`"input":"(sensitive)"`)) {
		t.Errorf("canonical JSON does not mark the sensitive input:\n%s", doc)
	}
	// Terraform marks db.input sensitive but not db.output, which holds the same string,
	// nor the audit note built with nonsensitive(): they are scrubbed all the same.
	for _, secret := range []string{"hunter2-s3cr3t", "old-pa55word", "postgres://"} {
		if strings.Contains(string(doc), secret) {
			t.Errorf("canonical JSON contains %q:\n%s", secret, doc)
		}
	}
	// A change only to a sensitive value keeps the fingerprint (documented).
	base := mustFingerprint(t, p)
	for _, rc := range p.ResourceChanges {
		if rc.Address == "terraform_data.db" {
			rc.Change.After.(map[string]any)["input"] = "postgres://app:other@db.internal:5432/app"
		}
	}
	if got := mustFingerprint(t, p); got != base {
		t.Errorf("a change to a sensitive value changed the fingerprint")
	}
}

func TestFingerprintNilPlan(t *testing.T) {
	t.Parallel()
	if _, err := Fingerprint(nil); err == nil {
		t.Error("Fingerprint(nil) gave no error")
	}
}

func TestCanonicalNumber(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"1": "1", "1.0": "1", "1e3": "1000", "0.5": "0.5", "1e21": "1e+21",
		"9007199254740993": "9007199254740993", // beyond float64: kept as written
	}
	for in, want := range tests {
		if got := canonicalNumber(in); got != want {
			t.Errorf("canonicalNumber(%s) = %v, want %s", in, got, want)
		}
	}
}

// plantimestamp() puts the plan's timestamp into values: two plans at different times
// plan the same change.
func TestFingerprintNormalizesThePlanTimestamp(t *testing.T) {
	t.Parallel()
	at := func(stamp string) *tfjson.Plan {
		p := loadFixture(t, "create")
		p.Timestamp = stamp
		for _, rc := range p.ResourceChanges {
			if after, ok := rc.Change.After.(map[string]any); ok {
				after["input"] = map[string]any{"released_at": stamp, "note": "planned " + stamp}
				break
			}
		}
		for _, oc := range p.OutputChanges {
			oc.After = stamp
		}
		return p
	}
	a, b := mustFingerprint(t, at("2026-12-01T10:00:00Z")), mustFingerprint(t, at("2026-12-01T10:00:07Z"))
	if a != b {
		t.Errorf("the plan timestamp in values changed the fingerprint: %s then %s", a, b)
	}
	doc, _ := canonicalPlan(at("2026-12-01T10:00:00Z"))
	if bytes.Contains(doc, []byte("2026-12-01T10:00:00Z")) || !bytes.Contains(doc, []byte(`"planned (plan timestamp)"`)) {
		t.Errorf("the timestamp is not normalized in:\n%s", doc)
	}
}

// Moves and imports are no-op actions; they are changes all the same, and a plan of
// only one has another fingerprint than a plan of nothing.
func TestFingerprintCoversMovesAndImports(t *testing.T) {
	t.Parallel()
	empty := mustFingerprint(t, loadFixture(t, "nochange"))
	for _, name := range []string{"moved", "import", "forget"} {
		if mustFingerprint(t, loadFixture(t, name)) == empty {
			t.Errorf("a plan with only a %s has the fingerprint of a plan without changes", name)
		}
	}
	p := loadFixture(t, "import")
	base := mustFingerprint(t, p)
	p.ResourceChanges[0].Change.Importing.ID = "another-object"
	if mustFingerprint(t, p) == base {
		t.Error("importing another object kept the fingerprint")
	}
}
