#!/usr/bin/env bash
# Re-resolve constraints.txt from scripts/constraints-base.txt and setup.py.
# The public Plone constraints/versions files cannot be reached from our
# machines, so this file is the source of truth: resolve in a throw-away
# venv against PyPI, check that no pre-release slipped in, and write the
# frozen set with a header saying how it was made.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3.11}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$python" -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install -q --disable-pip-version-check -U pip setuptools wheel
"$tmp/venv/bin/pip" install -q --disable-pip-version-check \
    -c scripts/constraints-base.txt -e '.[test,release]' zc.buildout plone.recipe.zope2instance
frozen=$("$tmp/venv/bin/pip" freeze --all --exclude-editable | grep -v '^ntnu.casemgmt' | sort -f)
if grep -Ei '==[0-9.]+(a|b|rc|\.dev)[0-9]+' <<<"$frozen"; then
    echo "pre-release in the resolved set: pin a final release in scripts/constraints-base.txt" >&2
    exit 1
fi
{
    echo "# Pins of every package ntnu.casemgmt installs, for pip (-c) and buildout (versions.cfg)."
    echo "# Made by 'make constraints' (scripts/update_constraints.sh) on $(date -u +%Y-%m-%d) with $("$python" --version):"
    echo "# a fresh venv, pip install -c scripts/constraints-base.txt -e '.[test,release]', pip freeze."
    echo "# The public Plone constraints URL is not used (unreachable here); to move to a new Plone"
    echo "# release, change scripts/constraints-base.txt and run 'make constraints'. No pre-releases."
    echo "$frozen"
} > constraints.txt
"$tmp/venv/bin/python" scripts/versions_cfg.py
echo "constraints.txt: $(grep -vc '^#' constraints.txt) pins"
