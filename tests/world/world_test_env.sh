# Sourced by the integration tests that bring up a demo world of their own
# (tests/integration/test_world_*.sh, test_reports_world.sh, test_demo.sh).
#
#   world_test_require_namespaces        exit 77 (skipped) without root or network namespaces
#   world_test_use NAME                  own state dir <build>/world-test-NAME and namespace
#                                        osescan-wtest-NAME-<build dir hash>, so two checkouts
#                                        (or two build dirs) can run their world tests at once;
#                                        keys reused from another world test
#   world_test_known_checks OSESCAN      the check ids of sites.json's tables this build has
#                                        (comma-separated; empty when none)
# Expects source_dir and build_dir to be set.

world_test_require_namespaces() {
    if [[ $(id -u) != 0 ]]; then
        echo "SKIP: needs root to create the world's network namespace" >&2
        exit 77
    fi
    if ! ip netns add "osescan-probe-$$" 2>/dev/null; then
        echo "SKIP: cannot create network namespaces here" >&2
        exit 77
    fi
    ip netns delete "osescan-probe-$$"
}

world_test_use() {
    export OSESCAN_WORLD_STATE=$build_dir/world-test-$1
    export OSESCAN_WORLD_NETNS=osescan-wtest-$1-$(printf '%s' "$build_dir" | md5sum | cut -c1-6)
    # Keys, certificates and DH parameters take a minute or two to make: reuse those of
    # another world test.
    if [[ ! -d $OSESCAN_WORLD_STATE/dnssec ]]; then
        mkdir -p "$OSESCAN_WORLD_STATE"
        local other
        for other in "$build_dir"/world-test-*; do
            if [[ $other != "$OSESCAN_WORLD_STATE" && -d $other/dnssec && -d $other/pki && -d $other/dkim ]]; then
                cp -a "$other/dnssec" "$other/pki" "$other/dkim" "$OSESCAN_WORLD_STATE/"
                if [[ -d $other/dh ]]; then cp -a "$other/dh" "$OSESCAN_WORLD_STATE/"; fi
                break
            fi
        done
    fi
}

world_test_known_checks() {
    "$1" list-checks --json | /usr/bin/python3 -c '
import json, sys
catalogue = json.load(sys.stdin)
checks = catalogue["checks"] if isinstance(catalogue, dict) else catalogue
known = {c["id"] for c in checks}
table = json.load(open(sys.argv[1]))
wanted = table["foundation_checks"] + table.get("later_checks", []) + table.get("time_checks", [])
print(",".join(c for c in wanted if c in known))' "$source_dir/examples/world/sites.json"
}
