// Command localloop runs the whole repave loop on the bundled example with no
// GitHub account and no cloud: the real terraform, the real action binaries
// with the inputs and events a workflow would give them, and a stand-in
// GitHub served in-process (the one the tests use), so the comment shown is
// the comment that was posted. Run it from the repository root:
//
//	go run ./internal/localloop
package main

import (
	"context"
	"fmt"
	"os"
	"time"
)

// steps run in order; each is one part of the loop as a user's workflows
// would run it.
var steps = []struct {
	title string
	run   func(ctx context.Context, l *loop) error
}{
	{"Deploy img-example-0001 by workflow_dispatch (what production runs today)", deployFirst},
	{"A pull request moves the web tier to img-example-0002: plan-infra + comment-plan-on-pr", reviewPR},
	{"Merge: apply-on-merge applies the reviewed plan and health-checks it", applyMerge},
	{"bake-image bakes web 1.4.0 with packer and opens the promotion PR for prod; its plan shows what the image replaces", bakeAndPromote},
	{"Merge the promotion PR: apply-on-merge replaces the three instances with web 1.4.0 and records the deployment", applyPromotion},
	{"The nightly audit-check with images: web@prod finds the deployed image clean", auditClean},
	{"An operator scales the web tier by hand; the nightly audit-check finds it", auditHandChange},
	{"A blue-green release: green gets the new image, is checked, then takes the traffic", blueGreen},
}

func main() {
	ctx := context.Background()
	start := time.Now()
	l, err := newLoop(ctx, localWork)
	if err != nil {
		fmt.Fprintln(os.Stderr, "local loop:", err)
		os.Exit(1)
	}
	defer l.close()
	took := make([]time.Duration, len(steps))
	for i, s := range steps {
		fmt.Printf("\n==> [%d/%d] %s\n", i+1, len(steps), s.title)
		t0 := time.Now()
		err := s.run(ctx, l)
		took[i] = time.Since(t0)
		if err != nil {
			fmt.Fprintf(os.Stderr, "local loop failed at step %d after %.1fs: %v\n", i+1, took[i].Seconds(), err)
			l.close()
			os.Exit(1)
		}
		fmt.Printf("    step %d took %.1fs\n", i+1, took[i].Seconds())
	}
	fmt.Println("\nTime of each stage:")
	for i, s := range steps {
		fmt.Printf("  %2d. %5.1fs  %s\n", i+1, took[i].Seconds(), s.title)
	}
	fmt.Printf("\nEverything is under %s. Done in %.1fs.\n", l.dir, time.Since(start).Seconds())
}
