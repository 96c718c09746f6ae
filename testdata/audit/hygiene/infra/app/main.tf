terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
    random = { source = "hashicorp/random", version = "~> 3.6" }
  }
}

provider "aws" {
  region     = "us-east-1"
  access_key = "AKIAIOSFODNN7EXAMPLE"
}

provider "tls" {}

variable "db_password" {
  type      = string
  sensitive = true
  default   = "fixture-literal-one"
}

variable "token_ttl" {
  default = "3600"
}

resource "terraform_data" "db" {
  input = {
    password        = var.db_password
    master_password = "fixture-literal-two"
    secret_name     = "prod/db"
    # api_token = "commented-out-is-ignored"
    greeting = "${var.db_password}"
  }
}

module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
}

module "pinned" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.8.1"
}

module "git" {
  source = "git::https://example.com/net.git"
}

module "git_pinned" {
  source = "git::https://example.com/net.git?ref=v1.2.0"
}

module "local" {
  source = "./modules/net"
}
