package roots

import (
	"fmt"
	"syscall"
	"testing"
	"time"
)

// bigMonorepo writes roots roots and modules modules: each root calls two
// modules and has three files; modules call the next one in chains of five.
func bigMonorepo(t testing.TB, roots, modules int) string {
	t.Helper()
	files := map[string]string{}
	for i := range modules {
		d := fmt.Sprintf("modules/m%03d", i)
		body := "variable \"name\" {}\nresource \"terraform_data\" \"m\" { input = var.name }\n"
		if i%5 != 4 && i+1 < modules {
			body += mod("next", fmt.Sprintf("../m%03d", i+1))
		}
		files[d+"/main.tf"] = body
		files[d+"/variables.tf"] = "variable \"tags\" {\n  type    = map(string)\n  default = {}\n}\n"
	}
	for i := range roots {
		d := fmt.Sprintf("infra/team%02d/r%04d", i%20, i)
		files[d+"/main.tf"] = "terraform {\n  required_version = \">= 1.5\"\n}\n" +
			mod("a", fmt.Sprintf("../../../modules/m%03d", i%modules)) +
			mod("b", fmt.Sprintf("../../../modules/m%03d", (i*7)%modules)) +
			mod("registry", "terraform-aws-modules/vpc/aws")
		files[d+"/variables.tf"] = "variable \"region\" {\n  default = \"eu-west-1\"\n}\n"
		files[d+"/outputs.tf"] = "output \"id\" {\n  value = module.a\n}\n"
	}
	return writeTree(t, files)
}

func TestDiscoverOnALargeMonorepo(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("slower than 2 s: real terraform, packer or git runs")
	}
	dir := bigMonorepo(t, 1000, 200)
	p, _ := ParsePatterns([]string{"infra/**"})
	res, err := Discover(dir, p, Changes{Files: []string{"modules/m004/main.tf"}}, Consumers{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Roots) != 1000 || len(res.Warnings) != 0 {
		t.Fatalf("%d roots, warnings %q; want 1000 and none", len(res.Roots), res.Warnings)
	}
	// m004 ends a chain m000..m004: roots calling any of those change.
	want := 0
	for i := range 1000 {
		if i%200 <= 4 || (i*7)%200 <= 4 {
			want++
		}
	}
	if len(res.Changed) != want {
		t.Errorf("%d changed roots, want %d", len(res.Changed), want)
	}
}

func BenchmarkDiscover(b *testing.B) {
	dir := bigMonorepo(b, 1000, 200)
	p, _ := ParsePatterns([]string{"infra/**", "!infra/team19/**"})
	changes := Changes{Files: []string{"modules/m004/main.tf", "modules/m150/variables.tf", "infra/team03/r0003/main.tf", "README.md"}}
	cpu0 := cpuTime()
	for b.Loop() {
		res, err := Discover(dir, p, changes, Consumers{})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Roots) != 950 {
			b.Fatalf("%d roots", len(res.Roots))
		}
	}
	// CPU time (user + system, all threads) per run: unlike ns/op it does
	// not grow when other processes compete for the machine.
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
