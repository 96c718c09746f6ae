resource "terraform_data" "o" {
  input = { keep = "k", new = "y" }
}
