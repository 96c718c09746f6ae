resource "terraform_data" "n" {
  input = { seconds = 1209600, ratio = 0.0000001 }
}
