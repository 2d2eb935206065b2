#!/usr/bin/env bash
# Regenerates the expected golden reports (NAME.report.json, NAME.report.txt, NAME.report.grouped.txt) from the
# recorded facts (NAME.facts.json) with the osescan binary you built.
#
#   tests/golden/regenerate.sh [path/to/osescan]     (default: $OSESCAN or build/cli/osescan)
#
# Run it after an intended change of the report format, of a check's verdicts or texts, or
# after adding a check to a selected family; then review `git diff tests/golden` line by
# line before committing - the diff IS the behaviour change.
set -euo pipefail
dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$dir/../.." && pwd)
osescan=${1:-${OSESCAN:-$root/build/cli/osescan}}
[[ -x $osescan ]] || { echo "osescan binary not found at '$osescan' (give its path)" >&2; exit 1; }
source "$dir/golden_lib.sh"
for facts in "$dir"/*.facts.json; do
    name=$(basename "$facts" .facts.json)
    golden_render "$osescan" "$dir" "$name" "$dir"
    echo "regenerated $name"
done
