packer {
  required_plugins {
    amazon = {
      source = "github.com/hashicorp/amazon"
    }
  }
}

source "amazon-ebs" "web" {
  region        = "us-east-1"
  instance_type = "t3.micro"
  source_ami_filter {
    filters = {
      name = "ubuntu/images/*ubuntu-jammy-22.04-amd64-server-*"
    }
    most_recent = true
  }
  ssh_private_key_file = "keys/web"
}

source "amazon-ebs" "pinned" {
  region = "us-east-1"
  source_ami_filter {
    most_recent = true
    owners      = ["099720109477"]
  }
}

build {
  sources = ["source.amazon-ebs.web"]
  provisioner "file" {
    content     = <<-EOT
      -----BEGIN OPENSSH PRIVATE KEY-----
      fixture, not a key
      -----END OPENSSH PRIVATE KEY-----
    EOT
    destination = "/tmp/key"
  }
}
