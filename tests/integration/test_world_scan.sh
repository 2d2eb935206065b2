#!/usr/bin/env bash
# osescan against the demo world: every site of examples/world/sites.json is scanned from
# inside the world with every check this build has, and each verdict must equal the site's
# `expect`/`expect_later` (tests/world/compare_expectations.py --later). Then the RPKI
# checks run again with VRPs from the world's RTR server instead of its JSON file: both
# sources must give the same verdicts. Uses its own namespace and state
# directory. Exits 77 (skipped) without root, without network namespaces, or while the
# build has none of the checks the table has expectations for.
set -euo pipefail

source_dir=${OSESCAN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
build_dir=${OSESCAN_BUILD_DIR:-$source_dir/build}
osescan=${OSESCAN:-$build_dir/cli/osescan}
world=$source_dir/examples/world
python=/usr/bin/python3

if [[ $(id -u) != 0 ]]; then
    echo "SKIP: needs root to create the world's network namespace" >&2
    exit 77
fi
[[ -x $osescan ]] || { echo "FAIL: osescan binary not found at $osescan" >&2; exit 1; }
# shellcheck source=../world/world_test_env.sh
source "$source_dir/tests/world/world_test_env.sh"
only=$(world_test_known_checks "$osescan")
if [[ -z $only ]]; then
    echo "SKIP: this build has none of the checks sites.json has expectations for" >&2
    exit 77
fi
world_test_require_namespaces
world_test_use scan
trap '"$world/down" >/dev/null 2>&1 || true' EXIT
"$world/up"
# shellcheck source=/dev/null
source "$OSESCAN_WORLD_STATE/world.env"
mapfile -t sites < <("$python" -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["sites"]))' \
    "$OSESCAN_WORLD_STATE/world.json")
# The time servers (chronyd), scanned as nts://NAME targets.
mapfile -t time_servers < <("$python" -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1])).get("time_servers", [])))' \
    "$OSESCAN_WORLD_STATE/world.json")
sites+=("${time_servers[@]}")

report=$OSESCAN_WORLD_STATE/scan-report.json
echo "scanning ${#sites[@]} sites for: $only"
mapfile -t selector_args < <("$python" -c '
import json, sys
for s in json.load(open(sys.argv[1])).get("dkim_selectors", []): print("--dkim-selector"); print(s)' \
    "$OSESCAN_WORLD_STATE/world.json")
common=(--resolver "$OSESCAN_WORLD_RESOLVER" --ca-file "$OSESCAN_WORLD_CA_FILE"
        --trust-anchor "$OSESCAN_WORLD_TRUST_ANCHOR" --root-hints "$OSESCAN_WORLD_ROOT_HINTS"
        --allow-documentation-prefixes "${selector_args[@]}" --timeout 5 --fail-on never --quiet)
"$world/run" "$osescan" check "${sites[@]}" --only "$only" "${common[@]}" \
    --rpki-vrps "$(jq -r .vrp_url_by_address "$OSESCAN_WORLD_STATE/world.json")" --json "$report"
"$python" "$source_dir/tests/world/compare_expectations.py" --later "$report"

if [[ ,$only, == *,rpki.* ]]; then
    rtr_report=$OSESCAN_WORLD_STATE/scan-report-rtr.json
    "$world/run" "$osescan" check "${sites[@]}" --only rpki "${common[@]}" --rpki-rtr "$OSESCAN_WORLD_RTR" \
        --json "$rtr_report"
    "$python" - "$report" "$rtr_report" <<'PY'
import json, sys
def rpki_verdicts(path):
    out = {}
    for target in json.load(open(path))["targets"]:
        for f in target["findings"]:
            if f["check_id"].startswith("rpki."):
                out[(target["target"]["host"], f["check_id"], f["subject"])] = (f["status"], f["outcome"])
    return out
json_source, rtr_source = rpki_verdicts(sys.argv[1]), rpki_verdicts(sys.argv[2])
differ = sorted(k for k in json_source.keys() | rtr_source.keys() if json_source.get(k) != rtr_source.get(k))
for key in differ:
    print("RTR/JSON DIFFER", key, json_source.get(key), rtr_source.get(key))
print(f"rpki via RTR vs JSON: {len(json_source)} findings compared, {len(differ)} differ")
sys.exit(1 if differ or not json_source else 0)
PY
fi
