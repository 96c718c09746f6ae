image_id = "ami-0bbb2222"
