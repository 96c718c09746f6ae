package packer

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func parseFixture(t *testing.T, name string) *Output {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "testdata", "packer", "machine", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out, err := Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRecord covers each artifact shape Packer prints: a builder's own
// artifact, post-processor sequences after it (one of which reports an
// empty id), `artifact,N,nil`, an artifact with an empty builder id, and
// builds named by a build block. The fixtures named *-checksum.txt are real
// packer 1.6.6 output.
func TestRecord(t *testing.T) {
	t.Parallel()
	files := map[string]string{"file": "out/disk.img", "null": "Null"}
	cases := []struct {
		fixture, from string
		want          map[string]string
		err           []string // every part must be in the error
	}{
		{"amazon-ebs.txt", "", map[string]string{"aws:eu-west-1": "ami-0fedcba9876543210", "aws:us-east-1": "ami-0123456789abcdef0"}, nil},
		{"amazon-ebs-nil.txt", "", map[string]string{"aws:us-east-1": "ami-0123456789abcdef0"}, nil},
		{"amazon-ebs-nil.txt", FromLast, nil, []string{"amazon-ebs.web", "line 10", "nil", "artifact-from"}},
		{"amazon-ebs-empty-builder-id.txt", FromBuilder, map[string]string{"aws:us-east-1": "ami-0123456789abcdef0"}, nil},
		{"amazon-ebs-empty-builder-id.txt", FromLast, nil, []string{"amazon-ebs.web", "line 11", "empty", "artifact-from"}},
		{"named-amazon-ebs.txt", "", map[string]string{"aws:us-east-1": "ami-0123456789abcdef0"}, nil},
		{"unnamed-build-checksum.txt", "", files, nil},
		{"named-build-checksum.txt", "", files, nil},
		{"named-build-checksum.txt", FromLast, nil, []string{"web.", "line ", "empty", "packer.post-processor.checksum"}},
		{"named-build-checksum.txt", "packer.post-processor.checksum", nil, []string{"web.", "empty"}},
		{"named-build-checksum.txt", "packer.file", nil, []string{"web.null.base", "no artifact from packer.file", "fnoeding.null, packer.post-processor.checksum"}},
	}
	for _, c := range cases {
		t.Run(c.fixture+"/"+c.from, func(t *testing.T) {
			t.Parallel()
			got, err := Record(parseFixture(t, c.fixture), c.from)
			if c.err != nil {
				if err == nil {
					t.Fatalf("recorded %v, want an error", got)
				}
				for _, part := range c.err {
					if !strings.Contains(err.Error(), part) {
						t.Errorf("error %q does not say %q", err, part)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("recorded %v, want %v", got, c.want)
			}
		})
	}
}

func TestRecordRefusesADiscardedBuilderArtifact(t *testing.T) {
	t.Parallel()
	in := strings.Join([]string{
		"1,qemu.web,artifact,0,builder-id,mitchellh.post-processor.vagrant", "1,qemu.web,artifact,0,id,web.box", "1,qemu.web,artifact,0,end",
	}, "\n")
	out, _ := Parse(strings.NewReader(in))
	_, err := Record(out, "")
	if err == nil || !strings.Contains(err.Error(), "qemu.web") || !strings.Contains(err.Error(), "keep_input_artifact") {
		t.Fatalf("err = %v, want one naming the build and keep_input_artifact", err)
	}
	got, err := Record(out, "mitchellh.post-processor.vagrant")
	if err != nil || got["qemu"] != "web.box" {
		t.Fatalf("Record(vagrant) = %v, %v", got, err)
	}
}

func TestSourceName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"null.x": "null.x", "web.null.x": "null.x", "web.v2.amazon-ebs.base": "amazon-ebs.base", "null": "null"} {
		if got := SourceName(in); got != want {
			t.Errorf("SourceName(%q) = %q, want %q", in, got, want)
		}
	}
}
