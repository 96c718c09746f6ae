# The bundled example golden image. The file builder stands in for a cloud
# image (the "image" is a file named after the version), so the whole bake
# runs offline; bake-image passes -var version=<the version it records>.
variable "version" {
  type    = string
  default = "0.0.0-dev"
}

source "file" "web" {
  content = "web golden image ${var.version}\n"
  target  = "output/img-web-${var.version}"
}

build {
  sources = ["source.file.web"]

  provisioner "shell-local" {
    inline = ["echo hardening web ${var.version}: packages, users, sshd"]
  }

  post-processor "manifest" {
    output     = "output/packer-manifest.json"
    strip_path = true
    custom_data = {
      version = var.version
    }
  }
}
