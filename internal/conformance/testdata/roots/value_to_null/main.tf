resource "terraform_data" "v" {
  input = null
}
