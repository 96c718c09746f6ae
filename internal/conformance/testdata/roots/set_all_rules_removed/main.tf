terraform {
  required_providers {
    set = { source = "repave.dev/test/set" }
  }
}

resource "set_group" "web" {
  name = "web"
  tags = ["a", "b"]
}
