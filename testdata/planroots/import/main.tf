# Only an import: an object that exists is brought under management, nothing is created.
import {
  to = terraform_data.legacy
  id = "legacy-object-0042"
}

resource "terraform_data" "legacy" {}
