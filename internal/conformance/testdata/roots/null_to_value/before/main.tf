resource "terraform_data" "v" {
  triggers_replace = null
}
