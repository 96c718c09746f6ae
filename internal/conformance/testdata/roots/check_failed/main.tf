# A check block whose assertion fails: the plan still succeeds, with a warning, and
# the comment names the failed check.
resource "terraform_data" "app" {
  input = { replicas = 0 }
}

check "replicas" {
  assert {
    condition     = terraform_data.app.input.replicas > 0
    error_message = "at least one replica must run"
  }
}
