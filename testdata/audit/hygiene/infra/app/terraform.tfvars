region      = "us-east-1"
api_token   = "fixture-literal-three"
empty_token = ""
