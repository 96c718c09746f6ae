output "kept" {
  value = "v1"
}
output "gone" {
  value = 1
}
