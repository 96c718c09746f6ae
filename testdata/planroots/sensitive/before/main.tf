variable "db_password" {
  type      = string
  sensitive = true
}

resource "terraform_data" "db" {
  input = "postgres://app:${var.db_password}@db.internal:5432/app"
}

output "db_url" {
  value     = terraform_data.db.input
  sensitive = true
}
