resource "terraform_data" "p" {
  input = jsonencode({ a = 1, b = { c = true } })
}
