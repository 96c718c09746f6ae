// Package leaktest holds the leak corpus: the real action binaries run over a
// root whose sensitive variables hold hard secrets (quotes, backslashes, a
// pipe, HTML, a PEM key, an 8-digit PIN, a value used as an index key, values
// Terraform unmarks), against the GitHub stand-in, and every output path is
// scanned for every secret in every form.
package leaktest
