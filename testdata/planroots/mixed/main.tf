# Applied first with before/. Then: app updates, web is replaced (new image), legacy is
# destroyed (removed from configuration), cache is created, stable and module.net are
# unchanged, and the image_id output changes.
variable "image_id" {
  type = string
}

resource "terraform_data" "app" {
  input = { version = "1.5.0", replicas = 3 }
}

resource "terraform_data" "web" {
  triggers_replace = [var.image_id]
  input            = var.image_id
}

resource "terraform_data" "cache" {
  input = { engine = "redis", nodes = ["a", "b"] }
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
