// Package audit is audit-check's work: drift of Terraform roots (pending
// changes and changes made outside Terraform), manual changes found in
// CloudTrail audit logs, repository hygiene rules, the report model and its
// Markdown, and the one GitHub issue per root that tracks the findings. It
// builds on pkg/tf, pkg/plan and pkg/gh, and never imports the runner.
package audit
