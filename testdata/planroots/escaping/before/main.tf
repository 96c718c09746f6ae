resource "terraform_data" "tenant" {
  for_each         = toset(["acme|corp", "<b>bold</b>"])
  triggers_replace = ["v1"]
  input            = { pipe = "a | b" }
}
