resource "terraform_data" "r" {
  triggers_replace = "v2"
  lifecycle {
    create_before_destroy = true
  }
}
