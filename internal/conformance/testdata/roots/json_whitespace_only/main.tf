resource "terraform_data" "p" {
  input = "{ \"a\": 1 }"
}
