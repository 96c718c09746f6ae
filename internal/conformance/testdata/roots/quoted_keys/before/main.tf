resource "terraform_data" "m" {
  input = { "key with space" = "v1", "dash-key" = "d" }
}
