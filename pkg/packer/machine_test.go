package packer

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseLine(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		in   string
		ok   bool
		want Line
	}{
		{"ui say", "1795503033,,ui,say,==> null.web: Running", true,
			Line{Timestamp: 1795503033, Type: "ui", Data: []string{"say", "==> null.web: Running"}}},
		{"escaped comma", "1,,ui,message,    null.web: baking 1.2.3%!(PACKER_COMMA) with a comma", true,
			Line{Timestamp: 1, Type: "ui", Data: []string{"message", "    null.web: baking 1.2.3, with a comma"}}},
		{"newlines and returns", `1,,ui,say,\n==> Builds finished\r`, true,
			Line{Timestamp: 1, Type: "ui", Data: []string{"say", "\n==> Builds finished\r"}}},
		{"artifact file", "2,file.web,artifact,0,file,0,web-1.2.3.img", true,
			Line{Timestamp: 2, Target: "file.web", Type: "artifact", Data: []string{"0", "file", "0", "web-1.2.3.img"}}},
		{"no data", "3,null.web,artifact-count", true, Line{Timestamp: 3, Target: "null.web", Type: "artifact-count"}},
		{"trailing newline", "4,,error-count,1\n", true, Line{Timestamp: 4, Type: "error-count", Data: []string{"1"}}},
		{"plugin noise", "Warning: something printed directly", false, Line{}},
		{"bad timestamp", "abc,,ui,say,x", false, Line{}},
		{"empty type", "1,,", false, Line{}},
		{"empty", "", false, Line{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, ok := ParseLine(c.in)
			if ok != c.ok || !reflect.DeepEqual(got, c.want) {
				t.Errorf("ParseLine(%q) = %#v, %v; want %#v, %v", c.in, got, ok, c.want, c.ok)
			}
		})
	}
}

func TestParseAMIArtifactWithEscapedCommas(t *testing.T) {
	t.Parallel()
	f, err := os.Open(filepath.Join("..", "..", "testdata", "packer", "machine", "amazon-ebs.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out, err := Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Artifacts) != 1 {
		t.Fatalf("artifacts = %#v", out.Artifacts)
	}
	a := out.Artifacts[0]
	if a.ID != "eu-west-1:ami-0fedcba9876543210,us-east-1:ami-0123456789abcdef0" || a.BuilderID != "mitchellh.amazonebs" {
		t.Errorf("artifact = %#v", a)
	}
	if !strings.Contains(a.String, "\nus-east-1: ami-0123456789abcdef0\n") {
		t.Errorf("string not unescaped: %q", a.String)
	}
	got, err := Record(out, FromBuilder)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"aws:eu-west-1": "ami-0fedcba9876543210", "aws:us-east-1": "ami-0123456789abcdef0"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ArtifactMap = %v, want %v", got, want)
	}
}

func TestArtifactMap(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		final []Artifact
		want  map[string]string
	}{
		{"file builder stores a file", []Artifact{{Build: "file.web", BuilderID: "packer.file", ID: "File", Files: []string{"img-web-1.0.0"}}},
			map[string]string{"file": "img-web-1.0.0"}},
		{"null and file", []Artifact{{Build: "null.base", BuilderID: "fnoeding.null", ID: "Null"}, {Build: "file.disk", BuilderID: "packer.file", ID: "File", Files: []string{"d.img"}}},
			map[string]string{"null": "Null", "file": "d.img"}},
		{"two AMI builds in one region are told apart by build", []Artifact{
			{Build: "amazon-ebs.arm", BuilderID: "mitchellh.amazonebs", ID: "us-east-1:ami-1"},
			{Build: "amazon-ebs.x86", BuilderID: "mitchellh.amazonebs", ID: "us-east-1:ami-2"}},
			map[string]string{"amazon-ebs.arm:us-east-1": "ami-1", "amazon-ebs.x86:us-east-1": "ami-2"}},
		{"named build blocks keep the same keys", []Artifact{
			{Build: "web.amazon-ebs.arm", BuilderID: "mitchellh.amazonebs", ID: "us-east-1:ami-1"},
			{Build: "web.amazon-ebs.x86", BuilderID: "mitchellh.amazonebs", ID: "us-east-1:ami-2"},
			{Build: "web.null.base", BuilderID: "fnoeding.null", ID: "Null"}},
			map[string]string{"amazon-ebs.arm:us-east-1": "ami-1", "amazon-ebs.x86:us-east-1": "ami-2", "null": "Null"}},
		{"docker digest keeps its colon", []Artifact{{Build: "docker.app", BuilderID: "packer.docker", ID: "sha256:abc"}},
			map[string]string{"docker": "sha256:abc"}},
		{"gcp and azure", []Artifact{{Build: "googlecompute.web", BuilderID: "packer.googlecompute", ID: "web-1-4-0"},
			{Build: "azure-arm.web", BuilderID: "Azure.ResourceManagement.VMImage", ID: "/subscriptions/s/images/web"}},
			map[string]string{"gcp": "web-1-4-0", "azure": "/subscriptions/s/images/web"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := ArtifactMap(c.final); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

func TestRecordTakesTheBuilderOrTheLastArtifactOfEachBuild(t *testing.T) {
	t.Parallel()
	in := strings.Join([]string{
		"1,b.one,artifact,0,builder-id,x.builder", "1,b.one,artifact,0,id,first", "1,b.one,artifact,0,end",
		"1,b.one,artifact,1,builder-id,x.pp", "1,b.one,artifact,1,id,second", "1,b.one,artifact,1,end",
		"1,b.two,artifact,0,id,only", "1,b.two,artifact,0,end",
		"1,b.three,artifact,0,id,never-ended",
	}, "\n")
	out, _ := Parse(strings.NewReader(in))
	for from, want := range map[string]map[string]string{
		FromBuilder: {"b.one": "first", "b.two": "only"},
		FromLast:    {"b.one": "second", "b.two": "only"},
	} {
		got, err := Record(out, from)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Record(%s) = %v, %v; want %v", from, got, err, want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	in := strings.Join([]string{
		"1,,ui,error,Build 'null.x' errored after 7 ms: Script exited with non-zero exit status: 3",
		"1,,error-count,1",
		"1,null.x,error,Script exited with non-zero exit status: 3",
	}, "\n")
	out, _ := Parse(strings.NewReader(in))
	if out.ErrorCount != 1 || out.BuildErrors["null.x"] != "Script exited with non-zero exit status: 3" || len(out.UIErrors) != 1 {
		t.Errorf("output = %#v", out)
	}
}

// FuzzParse feeds arbitrary streams (never a panic, one final artifact per
// build) and checks that a message escaped as Packer escapes it parses back.
func FuzzParse(f *testing.F) {
	f.Add("1700000200,amazon-ebs.web,artifact,0,id,eu-west-1:ami-0f%!(PACKER_COMMA)us-east-1:ami-01\n1700000200,amazon-ebs.web,artifact,0,end", "a, b")
	f.Add(`1,,ui,say,\n==> done\r`, "line\nnext\r")
	f.Add("1,file.web,artifact,0,file,0,web.img\n1,file.web,artifact,0,end", "")
	f.Add("1,,error-count,x\n1,a,artifact,-1,end\n,,,\n", "us-east-1:ami-1,eu-west-1:ami-2")
	f.Add("1,a.b,artifact,0,builder-id,x\n1,a.b,artifact,0,id,i\n1,a.b,artifact,0,end\n1,a.b,artifact,1,nil\n1,a.b,artifact,1,end", "")
	f.Add("1,w.a.b,artifact,0,builder-id,\n1,w.a.b,artifact,0,id,us-east-1:%!(PACKER_COMMA)eu-west-1:ami-2\n1,w.a.b,artifact,0,end", "")
	f.Fuzz(func(t *testing.T, stream, msg string) {
		out, err := Parse(strings.NewReader(stream))
		if err != nil {
			return
		}
		for _, from := range []string{FromBuilder, FromLast, "x.pp"} {
			m, err := Record(out, from)
			if err != nil {
				continue
			}
			for k, id := range m {
				if strings.TrimSpace(id) == "" {
					t.Errorf("Record(%s) records an empty id for %q", from, k)
				}
			}
		}

		// Packer's own escaping is ambiguous for text that already holds the
		// escape sequences; skip those.
		if strings.Contains(msg, "%!(PACKER_COMMA)") || strings.Contains(msg, `\n`) || strings.Contains(msg, `\r`) || strings.Contains(msg, "\x00") {
			return
		}
		esc := strings.NewReplacer(",", "%!(PACKER_COMMA)", "\n", `\n`, "\r", `\r`).Replace(msg)
		l, ok := ParseLine("1,,ui,say," + esc)
		if !ok || len(l.Data) != 2 || l.Data[1] != strings.TrimRight(msg, "\r\n") && l.Data[1] != msg {
			t.Errorf("ParseLine(escaped %q) = %#v, %v", msg, l, ok)
		}
	})
}
