resource "terraform_data" "r" {
  triggers_replace = "v1"
  lifecycle {
    create_before_destroy = true
  }
}
