resource "terraform_data" "o" {
  input = { app = { port = 80, name = "web" }, env = "prod" }
}
