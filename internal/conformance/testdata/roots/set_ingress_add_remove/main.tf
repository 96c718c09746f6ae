terraform {
  required_providers {
    set = { source = "repave.dev/test/set" }
  }
}

resource "set_group" "web" {
  name = "web"
  tags = ["a", "b"]
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
