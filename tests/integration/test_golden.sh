#!/usr/bin/env bash
# Golden tests: every tests/golden/NAME.facts.json is replayed (--from-facts, no network)
# and its JSON and text reports must equal NAME.report.json / NAME.report.txt exactly
# (after normalising run-dependent fields). Regenerate with tests/golden/regenerate.sh.
#
# Env (set by ctest): OSESCAN (the binary), OSESCAN_SOURCE_DIR, OSESCAN_BUILD_DIR.
set -euo pipefail

source_dir=${OSESCAN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
build_dir=${OSESCAN_BUILD_DIR:-$source_dir/build}
osescan=${OSESCAN:-$build_dir/cli/osescan}
golden=$source_dir/tests/golden
[[ -x $osescan ]] || { echo "FAIL: osescan binary not found at '$osescan'" >&2; exit 1; }

out=$(mktemp -d "${TMPDIR:-/tmp}/osescan-golden.XXXXXX")
trap 'rm -rf "$out"' EXIT
source "$golden/golden_lib.sh"

failures=0
cases=0
for facts in "$golden"/*.facts.json; do
    name=$(basename "$facts" .facts.json)
    cases=$((cases + 1))
    if ! golden_render "$osescan" "$golden" "$name" "$out"; then
        echo "FAIL: $name: could not render" >&2
        failures=$((failures + 1))
        continue
    fi
    for kind in json txt grouped.txt; do
        expected=$golden/$name.report.$kind
        if [[ ! -f $expected ]]; then
            echo "FAIL: $name: $expected is missing (run tests/golden/regenerate.sh)" >&2
            failures=$((failures + 1))
        elif ! diff -u "$expected" "$out/$name.report.$kind" >"$out/$name.$kind.diff"; then
            echo "FAIL: $name: the $kind report differs from $expected:" >&2
            head -n 80 "$out/$name.$kind.diff" >&2
            failures=$((failures + 1))
        fi
    done
done
if [[ $cases == 0 ]]; then
    echo "FAIL: no golden cases in $golden" >&2
    exit 1
fi
if [[ $failures != 0 ]]; then
    echo "FAIL: $failures golden comparison(s) failed; if the change is intended, run" \
        "tests/golden/regenerate.sh and review the diff" >&2
    exit 1
fi
echo "golden: $cases case(s), JSON and text reports as expected"
