#!/bin/sh
# Regenerates validate.json from invalid-root with the real Terraform binary
# (offline: the root uses only the built-in terraform_data resource and a
# local module). Run from this directory: ./generate.sh
set -eu
cd "$(dirname "$0")/invalid-root"
export TF_CLI_CONFIG_FILE=/dev/null TF_IN_AUTOMATION=1
terraform init -backend=false -input=false >/dev/null
# validate exits 1 because the root is invalid on purpose.
terraform validate -json >../validate.json || true
rm -rf .terraform .terraform.lock.hcl
