resource "terraform_data" "c" {
  count = 1
  input = "n${count.index}"
}
