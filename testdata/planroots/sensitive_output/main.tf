# Nothing applied: a sensitive output whose value is a constant in the configuration.
resource "terraform_data" "api" {
  input = "api-v2"
}

output "api_token" {
  value     = "tok-static-9f8e7d6c"
  sensitive = true
}

output "endpoint" {
  value = "https://api.internal/v2"
}
