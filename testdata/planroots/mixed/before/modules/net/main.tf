resource "terraform_data" "vpc" {
  input = { cidr = "10.0.0.0/16" }
}
