# Applied first with the same configuration: the plan has only no-op changes.
resource "terraform_data" "app" {
  input = { image = "ami-0aaa1111", size = "small" }
}

output "app_id" {
  value = terraform_data.app.id
}
