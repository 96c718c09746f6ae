# A build whose provisioner fails: bake-image must record nothing.
variable "version" {
  type    = string
  default = "0.0.0"
}

source "null" "base" {
  communicator = "none"
}

build {
  sources = ["source.null.base"]

  provisioner "shell-local" {
    inline = ["echo installing packages", "exit 3"]
  }
}
