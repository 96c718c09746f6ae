# A root of objects that live outside Terraform's state: drift_file resources
# of the test-only provider in pkg/audit/testdata/driftprovider are files, so
# a test can change one "by hand" and a refresh-only plan shows real drift.
terraform {
  required_version = ">= 1.5.0"
  required_providers {
    drift = {
      source  = "repave.dev/test/drift"
      version = "0.0.1"
    }
  }
}

variable "dir" {
  type        = string
  description = "Where the files (the real objects) live."
}

variable "api_token" {
  type      = string
  sensitive = true
}

resource "drift_file" "motd" {
  path    = "${var.dir}/motd.txt"
  content = "welcome"
}

resource "drift_file" "config" {
  path    = "${var.dir}/config.ini"
  content = "workers=4"
}

resource "drift_file" "token" {
  path    = "${var.dir}/token"
  content = var.api_token
}
