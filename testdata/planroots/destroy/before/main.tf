resource "terraform_data" "app" {
  input = "v1"
}

resource "terraform_data" "legacy" {
  input = { name = "legacy-worker", replicas = 2 }
}
