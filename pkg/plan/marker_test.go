package plan

import "testing"

func TestMarkerRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []Marker{
		{Root: "infra/prod", Workspace: "default", Fingerprint: "ab12", SHA: "0123abc"},
		{Root: "envs/eu-west-1/app_v2.x", Workspace: "blue-green", Fingerprint: "f", SHA: "s"},
		{Root: "my root/with spaces", Workspace: "ws 1"},
		{Root: "100%/a-->b<c>\"d\"", Workspace: "x=y"},
		{},
	}
	for _, m := range tests {
		s := m.String()
		for _, body := range []string{s, s + "\n### heading", s + "\r\nbody", "  " + s + "  \r\n"} {
			got, ok := ParseMarker(body)
			if !ok || got != m {
				t.Errorf("ParseMarker(%q) = %+v, %v; want %+v", body, got, ok, m)
			}
		}
	}
}

func TestMarkerString(t *testing.T) {
	t.Parallel()
	m := Marker{Root: "infra/my app", Workspace: "default", Fingerprint: "abc", SHA: "def"}
	want := "<!-- repave:plan root=infra/my%20app workspace=default fingerprint=abc sha=def -->"
	if got := m.String(); got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestParseMarkerRejects(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		"",
		"### Terraform plan",
		"text\n<!-- repave:plan root=a workspace=b fingerprint=c sha=d -->", // not the first line
		"<!-- other:plan root=a -->",
		"<!-- repave:plan root=a workspace=b", // not closed
		"<!-- repave:plan root=%zz -->",       // bad escape
	} {
		if m, ok := ParseMarker(body); ok {
			t.Errorf("ParseMarker(%q) = %+v, true; want false", body, m)
		}
	}
}

func TestParseMarkerToleratesUnknownFields(t *testing.T) {
	t.Parallel()
	m, ok := ParseMarker("<!-- repave:plan root=a  version=2 workspace=w fingerprint=f sha=s -->")
	if !ok || m != (Marker{Root: "a", Workspace: "w", Fingerprint: "f", SHA: "s"}) {
		t.Errorf("got %+v, %v", m, ok)
	}
}

func TestSameTarget(t *testing.T) {
	t.Parallel()
	a := Marker{Root: "infra/prod", Workspace: "default", Fingerprint: "1", SHA: "x"}
	tests := []struct {
		b    Marker
		want bool
	}{
		{Marker{Root: "infra/prod", Workspace: "default", Fingerprint: "2", SHA: "y"}, true},
		{Marker{Root: "./infra/prod/", Workspace: ""}, true},
		{Marker{Root: "infra/prod", Workspace: "staging"}, false},
		{Marker{Root: "infra/dev", Workspace: "default"}, false},
	}
	for _, tt := range tests {
		if got := a.SameTarget(tt.b); got != tt.want {
			t.Errorf("SameTarget(%+v) = %v, want %v", tt.b, got, tt.want)
		}
	}
}
