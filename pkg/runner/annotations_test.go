package runner

import (
	"testing"
)

func TestAnnotateEscaping(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		a    Annotation
		want string
	}{
		{"position on one line",
			Annotation{Level: "error", Title: "Reference to undeclared input variable", Message: "An input variable with the name \"image_id\" has not been declared.", File: "infra/prod/main.tf", Line: 8, EndLine: 8, Col: 11, EndColumn: 23},
			"::error col=11,endColumn=23,file=infra/prod/main.tf,line=8,title=Reference to undeclared input variable::An input variable with the name \"image_id\" has not been declared.\n"},
		{"multi-line range drops columns",
			Annotation{Level: "warning", Title: "t", Message: "m", File: "main.tf", Line: 25, EndLine: 27, Col: 11, EndColumn: 4},
			"::warning endLine=27,file=main.tf,line=25,title=t::m\n"},
		{"data escapes %, CR, LF",
			Annotation{Level: "notice", Message: "100% done\r\nnext: a,b"},
			"::notice::100%25 done%0D%0Anext: a,b\n"},
		{"properties also escape : and ,",
			Annotation{Level: "error", Title: "Error: a, b\n50%", File: "C:dir,x/main.tf", Line: 1},
			"::error file=C%3Adir%2Cx/main.tf,line=1,title=Error%3A a%2C b%0A50%25::\n"},
		{"unknown level is a warning",
			Annotation{Level: "fatal", Message: "x"},
			"::warning::x\n"},
		{"forged command in message stays data",
			Annotation{Level: "notice", Message: "ok\n::add-mask::x"},
			"::notice::ok%0A::add-mask::x\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, out := newTest(nil)
			r.Annotate(tt.a)
			if out.String() != tt.want {
				t.Errorf("got  %q\nwant %q", out, tt.want)
			}
		})
	}
}

func TestAnnotateScrubs(t *testing.T) {
	t.Parallel()
	r, out := newTest(nil)
	r.SetScrubber(func(s string) string {
		if s == "" {
			return s
		}
		return "[" + s + "]"
	})
	r.Annotate(Annotation{Level: "error", Title: "T", Message: "M", File: "F"})
	if want := "::error file=[F],title=[T]::[M]\n"; out.String() != want {
		t.Errorf("got %q, want %q", out, want)
	}
}
