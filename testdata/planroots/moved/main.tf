# Applied first with before/: app is renamed with a moved block and nothing else changes.
resource "terraform_data" "web" {
  input = "web"
}

moved {
  from = terraform_data.app
  to   = terraform_data.web
}

resource "terraform_data" "cache" {
  input = "redis"
}
