#!/usr/bin/env bash
# `osescan demo`, the README's main command, end to end on a few sites of the demo world:
# it brings the world up, scans inside the namespace, prints one verdict line per site and
# where the reports are, and writes a JSON report (valid against the schema) and an HTML
# report. Uses its own namespace and state directory. Then the same, rootless, as an
# unprivileged user (examples/world in a user namespace). Exits 77 without root or namespaces.
set -euo pipefail
source_dir=${OSESCAN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
build_dir=${OSESCAN_BUILD_DIR:-$source_dir/build}
osescan=${OSESCAN:-$build_dir/cli/osescan}
world=$source_dir/examples/world
# shellcheck source=../world/world_test_env.sh
source "$source_dir/tests/world/world_test_env.sh"
world_test_require_namespaces
world_test_use demo
trap '"$world/down" >/dev/null 2>&1 || true' EXIT
out=$OSESCAN_WORLD_STATE/demo.out
failures=0
expect() {  # expect DESCRIPTION COMMAND...
    if "${@:2}"; then echo "ok   $1"; else echo "FAIL $1"; failures=$((failures + 1)); fi
}
set +e
OSESCAN_SOURCE_DIR=$source_dir "$osescan" demo good.example tls10.example nodmarc.example expired.example silent.example >"$out" 2>"$out.err"
rc=$?
set -e
cat "$out"
expect "demo exits 0 (got $rc)" test "$rc" = 0
expect "good.example scores 100/100" grep -Eq '^good\.example +100/100 ' "$out"
expect "tls10.example fails tls.version" grep -Eq '^tls10\.example .*fail tls\.version' "$out"
expect "nodmarc.example fails mail.dmarc" grep -Eq '^nodmarc\.example .*fail mail\.dmarc' "$out"
# The score model (report/README.md "Scores"): an expired certificate caps the score below 50;
# a web server that never answers leaves the score incomplete, never a clean 100.
expect "expired.example is capped" grep -Eq '^expired\.example +( [0-9]|[1-4][0-9])/100 capped ' "$out"
expect "silent.example is not a clean score" grep -Eq '^silent\.example +([0-9 ]+/100 incomplete|—) ' "$out"
expect "the report paths are printed" grep -q "Report (HTML, open it in a browser): $OSESCAN_WORLD_STATE/demo-report.html" "$out"
expect "the JSON report validates against the schema" /usr/bin/python3 -c '
import json, sys, jsonschema
schema = json.load(open(sys.argv[1])); report = json.load(open(sys.argv[2]))
jsonschema.validate(report, schema)
assert [t["target"]["host"] for t in report["targets"]] == ["good.example", "tls10.example", "nodmarc.example",
                                                         "expired.example", "silent.example"]
' "$source_dir/report/osescan-report.schema.json" "$OSESCAN_WORLD_STATE/demo-report.json"
expect "the HTML report names every site" /usr/bin/python3 -c '
import sys
html = open(sys.argv[1]).read()
assert html.lstrip().lower().startswith("<!doctype html")
for site in ("good.example", "tls10.example", "nodmarc.example"): assert site in html, site
' "$OSESCAN_WORLD_STATE/demo-report.html"
# Rootless: as an unprivileged user (uid 65534) in a user + network namespace, with a state
# directory that user owns. Skipped where unprivileged user namespaces are disabled.
# Also skipped when that user cannot reach this checkout or the binary (e.g. under /root).
nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
if ! "${nobody[@]}" test -x "$osescan" -a -r "$world/sites.json" -a -x "$world/up" 2>/dev/null; then
    echo "skip rootless part: uid 65534 cannot read $world or run $osescan"
elif "${nobody[@]}" unshare -rn true 2>/dev/null; then
    rootless=$(mktemp -d "${TMPDIR:-/tmp}/osescan-rootless.XXXXXX")
    chmod 755 "$rootless"
    chown 65534:65534 "$rootless"
    as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$rootless"
               OSESCAN_SOURCE_DIR="$source_dir" OSESCAN_WORLD_STATE="$rootless/world" OSESCAN_WORLD_NETNS=osescan-rootless)
    set +e
    "${as_nobody[@]}" "$osescan" demo good.example tls10.example >"$out.rootless" 2>&1
    rc=$?
    "${as_nobody[@]}" "$world/down" >/dev/null 2>&1
    set -e
    expect "rootless demo exits 0 (got $rc)" test "$rc" = 0
    expect "rootless: good.example scores 100/100" grep -Eq '^good\.example +100/100 ' "$out.rootless"
    expect "rootless: tls10.example fails tls.version" grep -Eq '^tls10\.example .*fail tls\.version' "$out.rootless"
    # "[/]tmp/..." matches the daemons' command lines but not this pgrep's own.
    expect "rootless: down leaves no process of that world" bash -c "! pgrep -f '[/]${rootless#/}/world' >/dev/null"
    rm -rf "$rootless"
else
    echo "skip rootless part: unprivileged user namespaces are disabled here"
fi
echo "demo: $failures failed"
((failures == 0))
