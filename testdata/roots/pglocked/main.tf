# State in PostgreSQL (Terraform's pg backend: real locking with advisory
# locks). The provisioner holds the apply, and so the lock, for a while.
terraform {
  required_version = ">= 1.5.0"
  backend "pg" {}
}

variable "image_id" {
  type = string
}

variable "hold_seconds" {
  type    = number
  default = 0
}

# started_file, when set, is touched by each provisioner before it sleeps:
# its existence says the apply holds the state lock (tests wait for it).
variable "started_file" {
  type    = string
  default = ""
}

resource "terraform_data" "web" {
  count            = 2
  input            = { image = var.image_id }
  triggers_replace = [var.image_id]

  provisioner "local-exec" {
    command = "%{if var.started_file != ""}touch '${var.started_file}'; %{endif}sleep ${var.hold_seconds}"
  }
}
