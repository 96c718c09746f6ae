resource "terraform_data" "s" {
  input = "green"
}
