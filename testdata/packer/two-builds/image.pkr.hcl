# Two builds in one template: a null build and a file build, a shell-local
# provisioner that prints a comma (escaped in machine-readable output), and
# the manifest post-processor.
variable "version" {
  type    = string
  default = "0.0.0"
}

variable "greeting" {
  type    = string
  default = "hello"
}

source "null" "base" {
  communicator = "none"
}

source "file" "disk" {
  content = "disk ${var.version}"
  target  = "out/disk-${var.version}.img"
}

build {
  sources = ["source.null.base", "source.file.disk"]

  provisioner "shell-local" {
    inline = ["echo ${var.greeting}, image ${var.version}"]
  }

  post-processor "manifest" {
    output = "out/manifest.json"
  }
}
