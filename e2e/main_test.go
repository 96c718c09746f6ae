package e2e

import (
	"flag"
	"fmt"
	"os"
	"testing"
)

// TestMain skips the whole suite under -short: every test runs the composite
// actions under act (containers, minutes), which the fast target
// `go test -short ./...` leaves to the full command.
func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		fmt.Println("e2e: skipped under -short (runs the actions under act)")
		os.Exit(0)
	}
	os.Exit(m.Run())
}
