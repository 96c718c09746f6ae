# A root that follows repave's canary contract (apply-on-merge with
# strategy: canary). canary_weight (0–100) is the share of traffic the new
# version gets; the committed value is the final state (100). A release is a
# pull request that sets image_id to the new image and previous_image_id to
# the one running now; repave applies each canary step (10, 50, 100 by
# default), holding each for min-healthy-time with the checks passing, and
# puts the weight back to 0 when a step fails.
terraform {
  required_version = ">= 1.5.0"
  backend "local" {}
}

variable "image_id" {
  type    = string
  default = "img-1"
}

variable "previous_image_id" {
  type    = string
  default = "img-1"
}

variable "canary_weight" {
  type        = number
  description = "Percent of traffic on image_id; the rest stays on previous_image_id."
  default     = 100
  validation {
    condition     = var.canary_weight >= 0 && var.canary_weight <= 100
    error_message = "canary_weight is a percentage: 0 to 100."
  }
}

variable "health_base" {
  type    = string
  default = "http://127.0.0.1:8080"
}

resource "terraform_data" "stable" {
  input            = { image = var.previous_image_id, weight = 100 - var.canary_weight }
  triggers_replace = [var.previous_image_id]
}

resource "terraform_data" "canary" {
  input            = { image = var.image_id, weight = var.canary_weight }
  triggers_replace = [var.image_id]
}

output "health_check_urls" {
  value = ["${var.health_base}/canary/${var.canary_weight}/${var.image_id}"]
}
