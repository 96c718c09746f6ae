resource "terraform_data" "f" {
  for_each = toset(["a", "b"])
  input    = each.key
}
