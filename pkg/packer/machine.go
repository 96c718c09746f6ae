package packer

import (
	"bufio"
	"io"
	"strconv"
	"strings"
)

// Line is one line of `packer -machine-readable` output:
// timestamp,target,type,data... with the data fields unescaped.
type Line struct {
	Timestamp int64
	// Target is the build the line is about ("file.web"), "" for the UI.
	Target string
	// Type is the message type: "ui", "artifact", "artifact-count", "error", ...
	Type string
	// Data are the remaining fields, unescaped.
	Data []string
}

// Unescape undoes Packer's machine-readable escaping: "%!(PACKER_COMMA)" is a
// comma inside a field, and the two-character sequences `\n` and `\r` are
// newlines and carriage returns.
func Unescape(s string) string {
	if !strings.ContainsAny(s, `%\`) {
		return s
	}
	return unescaper.Replace(s)
}

var unescaper = strings.NewReplacer("%!(PACKER_COMMA)", ",", `\n`, "\n", `\r`, "\r")

// ParseLine parses one machine-readable line. ok is false for lines that are
// not machine-readable (fewer than three fields or a non-numeric timestamp),
// which Packer prints when a plugin writes to stdout directly.
func ParseLine(s string) (l Line, ok bool) {
	s = strings.TrimRight(s, "\r\n")
	fields := strings.Split(s, ",")
	if len(fields) < 3 {
		return Line{}, false
	}
	ts, err := strconv.ParseInt(fields[0], 10, 64)
	if err != nil || fields[2] == "" {
		return Line{}, false
	}
	l = Line{Timestamp: ts, Target: Unescape(fields[1]), Type: fields[2]}
	if len(fields) > 3 {
		l.Data = make([]string, len(fields)-3)
		for i, f := range fields[3:] {
			l.Data[i] = Unescape(f)
		}
	}
	return l, true
}

// Artifact is one artifact a build reported.
type Artifact struct {
	// Build is the build that made it, as Packer names it ("amazon-ebs.web").
	Build     string
	Index     int
	BuilderID string // e.g. "mitchellh.amazonebs", "packer.file"
	// ID is the artifact id; for AMIs "us-east-1:ami-0abc,eu-west-1:ami-0def".
	ID     string
	String string
	Files  []string
	// Nil is Packer's `artifact,N,nil`: the build reported no artifact there.
	Nil bool
	// Line is the line of the stream (counting from 1) that gave the id, or
	// said nil; the artifact's first line when it had neither.
	Line int
}

// Output is what a machine-readable build stream said.
type Output struct {
	// Artifacts in the order Packer reported them; each build lists its
	// builder's artifact first and then those of its post-processors.
	Artifacts []Artifact
	// UIErrors are the `ui,error` messages, unescaped, in order.
	UIErrors []string
	// BuildErrors maps a failed build to its error.
	BuildErrors map[string]string
	// ErrorCount is Packer's error-count, 0 when the stream had none.
	ErrorCount int
}

// Parser reads a machine-readable stream line by line; Feed may be called as
// the lines arrive, and Output read at the end.
type Parser struct {
	out Output
	// open artifacts by build and index, until their "end" field
	open map[string]*Artifact
	// line counts the lines fed so far.
	line int
}

// NewParser returns an empty Parser.
func NewParser() *Parser {
	return &Parser{out: Output{BuildErrors: map[string]string{}}, open: map[string]*Artifact{}}
}

// Feed parses one line and returns it (ok false when it was not
// machine-readable).
func (p *Parser) Feed(s string) (Line, bool) {
	p.line++
	l, ok := ParseLine(s)
	if !ok {
		return l, false
	}
	switch l.Type {
	case "ui":
		if len(l.Data) >= 2 && l.Data[0] == "error" {
			p.out.UIErrors = append(p.out.UIErrors, strings.TrimSpace(l.Data[1]))
		}
	case "error":
		if l.Target != "" && len(l.Data) > 0 {
			p.out.BuildErrors[l.Target] = l.Data[0]
		}
	case "error-count":
		if len(l.Data) > 0 {
			p.out.ErrorCount, _ = strconv.Atoi(l.Data[0])
		}
	case "artifact":
		p.artifact(l)
	}
	return l, true
}

// artifact handles "artifact,<index>,<field>,<value...>".
func (p *Parser) artifact(l Line) {
	if len(l.Data) < 2 {
		return
	}
	idx, err := strconv.Atoi(l.Data[0])
	if err != nil {
		return
	}
	key := l.Target + "\x00" + l.Data[0]
	a := p.open[key]
	if a == nil {
		a = &Artifact{Build: l.Target, Index: idx, Line: p.line}
		p.open[key] = a
	}
	val := ""
	if len(l.Data) > 2 {
		val = l.Data[2]
	}
	switch l.Data[1] {
	case "builder-id":
		a.BuilderID = val
	case "id":
		a.ID, a.Line = val, p.line
	case "nil":
		a.Nil, a.Line = true, p.line
	case "string":
		a.String = val
	case "file":
		if len(l.Data) > 3 {
			a.Files = append(a.Files, l.Data[3])
		}
	case "end":
		p.out.Artifacts = append(p.out.Artifacts, *a)
		delete(p.open, key)
	}
}

// Output returns what the stream said so far.
func (p *Parser) Output() *Output {
	out := p.out
	return &out
}

// Parse reads a whole machine-readable stream.
func Parse(r io.Reader) (*Output, error) {
	p := NewParser()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for sc.Scan() {
		p.Feed(sc.Text())
	}
	return p.Output(), sc.Err()
}
