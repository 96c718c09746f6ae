resource "terraform_data" "old" {
  input = "v1"
}
