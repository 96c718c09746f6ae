# Applied first with the old password (before/); the password then changes.
# The secret flows into a sensitive attribute (db), a sensitive output, and, through
# nonsensitive(), into an attribute Terraform no longer marks as sensitive (audit).
variable "db_password" {
  type      = string
  sensitive = true
}

resource "terraform_data" "db" {
  input = "postgres://app:${var.db_password}@db.internal:5432/app"
}

resource "terraform_data" "audit" {
  input = { note = nonsensitive("rotated to ${var.db_password}") }
}

output "db_url" {
  value     = terraform_data.db.input
  sensitive = true
}
