# Applied first with before/: cache is removed from state but its object is kept.
resource "terraform_data" "app" {
  input = "web"
}

removed {
  from = terraform_data.cache

  lifecycle {
    destroy = false
  }
}
