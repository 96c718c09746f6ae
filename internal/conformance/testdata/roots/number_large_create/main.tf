# Numbers as written: 1209600, 2^53+1, 1e-7, -0.
resource "terraform_data" "n" {
  input = { weeks = 1209600, beyond_float = 9007199254740993, tiny = 0.0000001, zero = -0 }
}
output "big" {
  value = 9007199254740993
}
