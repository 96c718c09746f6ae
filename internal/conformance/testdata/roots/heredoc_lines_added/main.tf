resource "terraform_data" "h" {
  input = "first\nmiddle\nlast\n"
}
