resource "terraform_data" "app" {
  input = "web"
}

resource "terraform_data" "cache" {
  input = "redis"
}
