package plan

import "testing"

// BenchmarkRender measures what comment-plan-on-pr does with a 10,000-resource plan:
// Parse, Summarize, Fingerprint and Render, per operation.
func BenchmarkRender(b *testing.B) {
	data := generatePlan(10000, "")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		p, err := Parse(data)
		if err != nil {
			b.Fatal(err)
		}
		_ = Summarize(p)
		fp, err := Fingerprint(p)
		if err != nil {
			b.Fatal(err)
		}
		if md := Render(p, RenderOptions{Marker: Marker{Root: "infra", Workspace: "default", Fingerprint: fp}}); len(md) == 0 {
			b.Fatal("empty")
		}
	}
}
