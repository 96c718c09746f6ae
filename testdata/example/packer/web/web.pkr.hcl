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

  # A real image bakes a Consul agent in, so each instance registers itself
  # and its health checks at boot; apply-on-merge (after each apply) and
  # audit-check (between deploys) then take the agent's service endpoint as a
  # health-check URL: http://<agent>:8500/v1/agent/health/service/name/web
  # answers 200 when every check of the service passes, 429 on a warning and
  # 503 when one is critical. With a cloud builder (amazon-ebs, googlecompute,
  # azure-arm) instead of the file builder, uncomment:
  #
  # provisioner "shell" {
  #   inline = [
  #     "curl -fsSL https://apt.releases.hashicorp.com/gpg | sudo gpg --dearmor -o /usr/share/keyrings/hashicorp.gpg",
  #     "echo \"deb [signed-by=/usr/share/keyrings/hashicorp.gpg] https://apt.releases.hashicorp.com $(lsb_release -cs) main\" | sudo tee /etc/apt/sources.list.d/hashicorp.list",
  #     "sudo apt-get update && sudo apt-get install -y consul",
  #     "sudo systemctl enable consul",
  #   ]
  # }
  # provisioner "file" {
  #   # retry_join, datacenter, encrypt key from the cloud's metadata at boot
  #   source      = "consul/web.hcl" # service "web" { port = 80, check { http = "http://localhost/healthz", interval = "10s" } }
  #   destination = "/tmp/web.hcl"
  # }
  # provisioner "shell" {
  #   inline = ["sudo mv /tmp/web.hcl /etc/consul.d/web.hcl", "sudo chown consul:consul /etc/consul.d/web.hcl"]
  # }

  post-processor "manifest" {
    output     = "output/packer-manifest.json"
    strip_path = true
    custom_data = {
      version = var.version
    }
  }
}
