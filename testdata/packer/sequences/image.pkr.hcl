# A named build block with two post-processor sequences: the manifest (which
# passes the builder's artifact on) and checksum (whose artifact has an empty
# id). bake-image records the builder's own artifact unless artifact-from
# says otherwise.
variable "version" {
  type    = string
  default = "0.0.0"
}

source "file" "disk" {
  content = "disk ${var.version}"
  target  = "out/disk-${var.version}.img"
}

build {
  name    = "web"
  sources = ["source.file.disk"]

  post-processor "manifest" {
    output = "out/manifest.json"
  }

  post-processors {
    post-processor "checksum" {
      checksum_types = ["sha256"]
      output         = "out/{{.BuildName}}.{{.ChecksumType}}"
    }
  }
}
