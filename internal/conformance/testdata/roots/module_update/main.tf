module "app" {
  source = "./modules/app"
  size   = 2
}
