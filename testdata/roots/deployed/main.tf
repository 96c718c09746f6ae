# A deployed web tier for apply-on-merge tests: the state lives outside the
# checkout (backend-config path=...), as with any remote backend, so a rollback
# worktree plans against the same state.
terraform {
  required_version = ">= 1.5.0"
  backend "local" {}
}

variable "image_id" {
  type    = string
  default = "img-1"
}

variable "health_base" {
  type        = string
  description = "Base URL of the test's health endpoint."
}

resource "terraform_data" "web" {
  count            = 2
  input            = { name = "web-${count.index}", image = var.image_id }
  triggers_replace = [var.image_id]
}

output "health_check_urls" {
  value = ["${var.health_base}/${var.image_id}"]
}
