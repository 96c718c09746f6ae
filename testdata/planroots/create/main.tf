# Nothing applied: every resource is created.
resource "terraform_data" "web" {
  input = {
    image = "ami-0abc1234"
    ports = [80, 443]
    tags  = { env = "prod", team = "platform" }
  }
}

resource "terraform_data" "worker" {
  for_each = toset(["blue", "green"])
  input    = each.key
}

output "web_id" {
  value = terraform_data.web.id
}
