resource "terraform_data" "r" {
  triggers_replace = ["v2"]
  input            = "same"
}
