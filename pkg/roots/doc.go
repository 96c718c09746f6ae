// Package roots finds the Terraform roots of a monorepo that a change touches.
//
// A directory holding .tf or .tf.json files is a configuration. A root is a
// configuration chosen by the roots globs that no other configuration calls
// as a local module. A root changes when a file under it changes, or when a
// local module it calls, directly or through other modules, changes. Local
// module calls are `module` blocks whose source starts with "./" or "../",
// read with HCL's own parser. The changed files come from git when the base
// commit is in the history, else from the pull request's file list.
//
// The changed roots are written as a GitHub Actions matrix; past GitHub's 256
// jobs per matrix, several roots share a job.
//
// Paths are slash-separated and relative to the repository root, "." being
// the root itself.
package roots
