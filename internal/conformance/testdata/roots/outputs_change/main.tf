output "kept" {
  value = "v2"
}
output "added" {
  value = { a = 1 }
}
