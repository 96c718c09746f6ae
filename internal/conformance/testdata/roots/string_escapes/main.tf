resource "terraform_data" "s" {
  input = { quote = "say \"hi\"", backslash = "C:\\temp", template = "$${not_interpolated}", unicode = "h\u00e9llo \u2713", tab = "a\tb" }
}
