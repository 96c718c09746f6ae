# Applied first with image_id = ami-0aaa1111 (before/), planned with ami-0bbb2222:
# triggers_replace forces a replacement.
variable "image_id" {
  type = string
}

resource "terraform_data" "web" {
  triggers_replace = [var.image_id]
  input            = { image = var.image_id, size = "small" }
}

output "image_id" {
  value = var.image_id
}
