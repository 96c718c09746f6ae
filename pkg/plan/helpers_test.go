package plan

import (
	"os"
	"path/filepath"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

// fixtures are the plans in testdata/plans, written by testdata/plans/generate.sh with the
// real terraform binary.
var fixtures = []string{
	"mixed.replan",
	"create", "destroy", "escaping", "mixed", "nochange", "replace", "sensitive",
	"sensitive_output", "update", "import", "moved", "forget",
}

func fixturePath(name string) string {
	return filepath.Join("..", "..", "testdata", "plans", name+".json")
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(fixturePath(name))
	if err != nil {
		t.Fatalf("reading fixture (regenerate with testdata/plans/generate.sh): %v", err)
	}
	return data
}

func loadFixture(t testing.TB, name string) *tfjson.Plan {
	t.Helper()
	p, err := Parse(readFixture(t, name))
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return p
}
