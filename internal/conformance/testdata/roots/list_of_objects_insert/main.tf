resource "terraform_data" "l" {
  input = [{ name = "a", size = 1 }, { name = "b", size = 2 }, { name = "c", size = 3 }]
}
