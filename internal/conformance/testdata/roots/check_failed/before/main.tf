resource "terraform_data" "app" {
  input = { replicas = 2 }
}
