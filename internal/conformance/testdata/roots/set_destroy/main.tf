terraform {
  required_providers {
    set = { source = "repave.dev/test/set" }
  }
}

