resource "terraform_data" "h" {
  input = <<-EOT
    line one
    line two
  EOT
}
