resource "terraform_data" "o" {
  input = { keep = "k", old = "x" }
}
