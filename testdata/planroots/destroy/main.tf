# Applied first with before/ (app and legacy); legacy is then removed from the configuration.
resource "terraform_data" "app" {
  input = "v1"
}
