resource "terraform_data" "keep" {
  input = "k"
}
removed {
  from = terraform_data.drop
  lifecycle {
    destroy = false
  }
}
