variable "pw" {
  type      = string
  sensitive = true
  default   = "hunter2-new"
}
resource "terraform_data" "s" {
  input = { user = "app", password = var.pw }
}
