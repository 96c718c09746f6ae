package e2e

import (
	"flag"
	"fmt"
	"os"
	"testing"
)

// TestMain skips the whole package under -short: every test here runs act
// over real workflows (minutes), which the fast `go test -short ./...` leaves
// to the full run.
func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		fmt.Println("e2e: skipped under -short (runs act; the full run covers it)")
		os.Exit(0)
	}
	os.Exit(m.Run())
}
