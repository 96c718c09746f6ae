resource "terraform_data" "a" {
  input = "a"
}
resource "terraform_data" "b" {
  input = "b"
}
resource "terraform_data" "c" {
  input = ["fixed", terraform_data.b.id]
}
