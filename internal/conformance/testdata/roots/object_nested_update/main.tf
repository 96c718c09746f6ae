resource "terraform_data" "o" {
  input = { app = { port = 8080, name = "web" }, env = "prod" }
}
