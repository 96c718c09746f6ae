terraform {
  required_providers {
    set = { source = "repave.dev/test/set" }
  }
}

resource "set_group" "web" {
  name   = "web"
  tags   = ["a", "b"]
  secret = "s3cr3t-new-value"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
