resource "terraform_data" "m" {
  input = { "key with space" = "v2", "dash-key" = "d" }
}
