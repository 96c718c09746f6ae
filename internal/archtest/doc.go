// Package archtest enforces the import rules of docs/architecture.md: its test
// reads the module's import graph with `go list -deps` and fails on an import
// a rule forbids, directly or through another package.
package archtest
