resource "terraform_data" "s" {
  input = "blue"
}
