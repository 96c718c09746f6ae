resource "terraform_data" "v" {
  input = "now set"
}
