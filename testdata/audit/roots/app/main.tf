# An audited root: terraform_data stands in for cloud resources (offline, real
# state). The pipeline applies it with the defaults; the audit tests then
# apply other values "by hand" from a second checkout against the same state.
terraform {
  required_version = ">= 1.5.0"
}

variable "image_id" {
  type    = string
  default = "img-0001"
}

variable "web_sizes" {
  type        = map(string)
  description = "Instance size per web index; unset means small."
  default     = {}
}

variable "db_storage_gb" {
  type    = number
  default = 100
}

variable "db_password" {
  type      = string
  sensitive = true
}

resource "terraform_data" "web" {
  count            = 3
  input            = { name = "web-${count.index}", image = var.image_id, size = lookup(var.web_sizes, tostring(count.index), "small") }
  triggers_replace = [var.image_id]
}

resource "terraform_data" "db" {
  input = { engine = "postgres", storage_gb = var.db_storage_gb, password = var.db_password }
}
