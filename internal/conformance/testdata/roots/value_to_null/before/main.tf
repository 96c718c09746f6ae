resource "terraform_data" "v" {
  input = "was set"
}
