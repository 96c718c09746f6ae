resource "terraform_data" "f" {
  for_each = toset(["b", "c"])
  input    = each.key
}
