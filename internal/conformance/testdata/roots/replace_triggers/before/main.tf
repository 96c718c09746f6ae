resource "terraform_data" "r" {
  triggers_replace = ["v1"]
  input            = "same"
}
