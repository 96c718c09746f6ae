resource "terraform_data" "h" {
  input = <<-EOT
    #!/bin/sh
    echo old
    exit 0
  EOT
}
