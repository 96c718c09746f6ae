// Package conformance holds the suite that checks repave's rendering of plans against
// Terraform's own: for each root under testdata/roots (and the plan roots of
// testdata/planroots), real terraform applies the root's before/ configuration, plans
// the root, and the test compares the comment repave renders from the redacted plan
// JSON with `terraform show` of the same plan file: the same resources, actions,
// changed attributes and values. The package has no code of its own.
package conformance
