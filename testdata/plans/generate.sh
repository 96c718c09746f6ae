#!/usr/bin/env bash
# Regenerates testdata/plans/<name>.json from the Terraform roots in testdata/planroots/.
#
# Each root uses only the built-in terraform_data resource, so this runs offline with the
# real terraform binary on PATH (written with Terraform 1.11). For a root <name>:
#
#   1. if planroots/<name>/before/ exists, its configuration (and terraform.tfvars) is
#      applied first, so the plan that follows can update, replace or destroy;
#   2. the configuration in planroots/<name>/ (without before/) is planned against that
#      state with `terraform plan -out`, and `terraform show -json` of the plan file is
#      written unchanged to plans/<name>.json.
#
# For the root "mixed" a second, separate plan run against the same state is written to
# plans/mixed.replan.json: the fingerprint tests use it to show that re-planning an
# unchanged root gives the same fingerprint although timestamps differ.
#
# Work happens in a temporary directory; no state, .terraform/ or plan file is left in the
# repository.
#
# Usage: testdata/plans/generate.sh [name...]   (default: every root)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
roots="$here/../planroots"
export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1

tf() { terraform "$@" -no-color >/dev/null; }

generate() {
	local name="$1" src="$roots/$1" work
	work="$(mktemp -d)"
	trap 'rm -rf "$work"' RETURN

	if [[ -d "$src/before" ]]; then
		cp -R "$src/before/." "$work/"
		(cd "$work" && tf init -input=false && tf apply -input=false -auto-approve)
		find "$work" -mindepth 1 -maxdepth 1 ! -name '*.tfstate*' ! -name '.terraform*' -exec rm -rf {} +
	fi
	cp -R "$src/." "$work/"
	rm -rf "$work/before"

	(
		cd "$work"
		tf init -input=false
		tf plan -input=false -out=plan.tfplan
		terraform show -json plan.tfplan >"$here/$name.json"
		if [[ "$name" == mixed ]]; then
			sleep 1 # a later timestamp in the second plan
			tf plan -input=false -out=replan.tfplan
			terraform show -json replan.tfplan >"$here/$name.replan.json"
		fi
	)
	echo "wrote testdata/plans/$name.json"
}

if [[ $# -eq 0 ]]; then
	set -- $(cd "$roots" && ls -d */ | tr -d /)
fi
for name in "$@"; do
	generate "$name"
done
