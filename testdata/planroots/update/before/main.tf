resource "terraform_data" "app" {
  input = {
    image = "ami-0aaa1111"
    size  = "small"
    ports = [80]
    tags  = { env = "staging" }
  }
}
