# A root of built-in terraform_data resources: no provider download, real plans.
terraform {
  required_version = ">= 1.5.0"
}

variable "image_id" {
  type        = string
  description = "Golden image the instances run; a new one replaces them."
}

variable "instance_count" {
  type    = number
  default = 2
}

variable "db_password" {
  type      = string
  sensitive = true
  default   = "not-a-real-password"
}

resource "terraform_data" "web" {
  count            = var.instance_count
  input            = { name = "web-${count.index}", image = var.image_id }
  triggers_replace = [var.image_id]
}

resource "terraform_data" "db" {
  input = { engine = "postgres", password = var.db_password }
}

output "instance_names" {
  value = [for w in terraform_data.web : w.output.name]
}

output "db_password" {
  value     = var.db_password
  sensitive = true
}
