package pgtest_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/pgtest"
)

func TestStartServesQueries(t *testing.T) {
	t.Parallel()
	conn := pgtest.Start(t)
	if !strings.HasPrefix(conn, "postgres://postgres@127.0.0.1:") {
		t.Fatalf("conn = %q", conn)
	}
	psql, err := exec.LookPath("psql")
	if err != nil {
		t.Skip("psql is not on PATH; Terraform's pg backend tests use the cluster")
	}
	out, err := exec.Command(psql, conn, "-Atc", "select 1+1").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "2" {
		t.Fatalf("psql: %v %s", err, out)
	}
}
