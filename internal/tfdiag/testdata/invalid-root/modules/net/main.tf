variable "cidr" {
  type = string
}

locals {
  subnets = [for i in range(2) : cidrsubnet(var.cidr, 8, i)]
}

output "first" {
  value = local.subnet[0]
}
