variable "pw" {
  type      = string
  sensitive = true
  default   = "hunter2-old"
}
resource "terraform_data" "s" {
  input = { user = "app", password = var.pw }
}
