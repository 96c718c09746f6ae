variable "size" {
  type = number
}

resource "terraform_data" "app" {
  input = { size = var.size }
}
