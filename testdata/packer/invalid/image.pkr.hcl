source "null" "base" {
  communicator = "none"
}

build {
  sources = [source.null.base
}
