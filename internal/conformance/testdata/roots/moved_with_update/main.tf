moved {
  from = terraform_data.old
  to   = terraform_data.new
}
resource "terraform_data" "new" {
  input = "v2"
}
