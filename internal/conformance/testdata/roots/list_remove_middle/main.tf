resource "terraform_data" "l" {
  input = ["a", "c"]
}
