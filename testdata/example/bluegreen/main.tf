# A root that follows repave's blue-green contract (apply-on-merge with
# strategy: blue-green). Two colors of immutable instances run side by side;
# a router sends traffic to the active one. A release is a pull request that
# gives the idle color the new image AND makes it active: repave first
# applies the new image with traffic left where it is, checks the idle color,
# then flips active_color and checks the live URLs. terraform_data stands in
# for instances and the load balancer, so this runs offline.
terraform {
  required_version = ">= 1.5.0"
  backend "local" {}
}

variable "active_color" {
  type        = string
  description = "The color that receives traffic: blue or green."
  default     = "blue"
  validation {
    condition     = contains(["blue", "green"], var.active_color)
    error_message = "active_color must be blue or green."
  }
}

variable "blue_image_id" {
  type    = string
  default = "img-1"
}

variable "green_image_id" {
  type    = string
  default = "img-1"
}

variable "blue_count" {
  type        = number
  description = "Instances of the blue color; keep-previous: false sets the old color's to 0."
  default     = 2
}

variable "green_count" {
  type    = number
  default = 2
}

variable "health_base" {
  type        = string
  description = "Base URL of the instances' health endpoints (in the cloud: each color's target group)."
  default     = "http://127.0.0.1:8080"
}

resource "terraform_data" "blue" {
  count            = var.blue_count
  input            = { color = "blue", image = var.blue_image_id, index = count.index }
  triggers_replace = [var.blue_image_id]
}

resource "terraform_data" "green" {
  count            = var.green_count
  input            = { color = "green", image = var.green_image_id, index = count.index }
  triggers_replace = [var.green_image_id]
}

# The load balancer's listener: where traffic goes.
resource "terraform_data" "router" {
  input = { active = var.active_color }
}

output "active_color" {
  value = var.active_color
}

output "health_check_urls_blue" {
  value = var.blue_count > 0 ? ["${var.health_base}/blue/${var.blue_image_id}"] : []
}

output "health_check_urls_green" {
  value = var.green_count > 0 ? ["${var.health_base}/green/${var.green_image_id}"] : []
}

# The live URL, through the router.
output "health_check_urls" {
  value = ["${var.health_base}/live/${var.active_color == "blue" ? var.blue_image_id : var.green_image_id}"]
}
