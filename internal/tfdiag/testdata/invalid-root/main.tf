# A Terraform root with deliberate mistakes, used to capture real
# `terraform validate -json` diagnostics (see ../generate.sh).
terraform {
  required_version = ">= 1.5"
}

resource "terraform_data" "web" {
  input = var.image_id
}

output "web" {
  value = terraform_data.web.output
}

output "bad" {
  value = terraform_data.db.id
}

module "net" {
  source = "./modules/net"
  cidr   = "10.0.0.0/16"
}

output "sum" {
  value = {
    a = 1
  } + 1
}
