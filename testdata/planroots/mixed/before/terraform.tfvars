image_id = "ami-0aaa1111"
