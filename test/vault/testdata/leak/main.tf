# A root fed by secrets from Vault: a sensitive variable, a non-sensitive one
# that flows into a resource attribute and an output, and a multi-line value.
terraform {
  required_version = ">= 1.5"
}

variable "db_password" {
  type      = string
  sensitive = true
}

variable "db_port" {
  type = number # a number from Vault: scrubbing must keep plan.json valid JSON
}

variable "api_key" {
  type = string # not marked sensitive: Terraform would print it
}

variable "tls_key" {
  type = string # multi-line, not marked sensitive
}

resource "terraform_data" "db" {
  input = { user = "app", password = var.db_password, port = var.db_port }
}

resource "terraform_data" "app" {
  input = { endpoint = "https://app.acme.test/?key=${var.api_key}", tls = var.tls_key }
}

output "endpoint" {
  value = terraform_data.app.input.endpoint
}
