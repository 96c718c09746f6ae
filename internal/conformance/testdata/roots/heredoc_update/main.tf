resource "terraform_data" "h" {
  input = <<-EOT
    #!/bin/sh
    echo new
    exit 0
  EOT
}
