# The bundled example: a web tier of immutable instances that run a golden
# image. terraform_data stands in for the cloud resources, so the whole loop
# runs offline; triggers_replace gives the real replace-on-new-image behaviour.
terraform {
  required_version = ">= 1.5.0"
}

variable "image_id" {
  type        = string
  description = "The golden image the web instances boot from."
  default     = "img-example-0001"
}

variable "instance_count" {
  type    = number
  default = 3
}

variable "db_password" {
  type        = string
  description = "Given at run time (from Vault in CI); never shown."
  sensitive   = true
  default     = "example-only-password"
}

resource "terraform_data" "web" {
  count            = var.instance_count
  input            = { name = "web-${count.index}", image = var.image_id, size = "small" }
  triggers_replace = [var.image_id]
}

resource "terraform_data" "database" {
  input = { engine = "postgres", version = "16", password = var.db_password }
}

output "web_instances" {
  value = [for w in terraform_data.web : w.output.name]
}

output "database_password" {
  value     = var.db_password
  sensitive = true
}

variable "health_url" {
  type        = string
  description = "Where the web tier answers health checks (in the cloud: the load balancer's URL)."
  default     = ""
}

output "health_check_urls" {
  description = "apply-on-merge checks these after every apply."
  value       = var.health_url == "" ? [] : ["${var.health_url}/healthz?image=${var.image_id}"]
}
