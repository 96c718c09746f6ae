resource "terraform_data" "c" {
  count = 3
  input = "n${count.index}"
}
