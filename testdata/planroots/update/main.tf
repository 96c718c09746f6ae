# Applied first with before/: input changes in place (size, ports, tags).
resource "terraform_data" "app" {
  input = {
    image = "ami-0aaa1111"
    size  = "large"
    ports = [80, 443]
    tags  = { env = "staging", owner = "platform" }
  }
}
