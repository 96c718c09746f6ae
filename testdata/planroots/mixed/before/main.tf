variable "image_id" {
  type = string
}

resource "terraform_data" "app" {
  input = { version = "1.4.0", replicas = 2 }
}

resource "terraform_data" "web" {
  triggers_replace = [var.image_id]
  input            = var.image_id
}

resource "terraform_data" "legacy" {
  input = "to be removed"
}

resource "terraform_data" "stable" {
  input = "unchanged"
}

module "net" {
  source = "./modules/net"
}

output "image_id" {
  value = var.image_id
}
