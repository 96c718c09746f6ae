package main

import "github.com/hashicorp/terraform-plugin-framework/path"

func pathOf(name string) path.Path { return path.Root(name) }
