terraform {
  required_providers {
    set = { source = "repave.dev/test/set" }
  }
}

resource "set_group" "web" {
  name      = "web"
  tags      = ["a", "b"]
  policy    = jsonencode({ Statement = [{ Action = "ec2:*", Effect = "Allow" }] })
  user_data = "#!/bin/sh\necho hi\n"
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
