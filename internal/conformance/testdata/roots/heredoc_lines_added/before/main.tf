resource "terraform_data" "h" {
  input = "first\nlast\n"
}
