resource "terraform_data" "n" {
  input = { seconds = 1, ratio = 1.5 }
}
