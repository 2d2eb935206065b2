#!/usr/bin/env bash
# The RPKI checks' VRP source as the CLI chooses it (cli/check_options.cpp, engine/rpki/):
#   - no source named: the built-in default (here pointed at a loopback port where nothing
#     listens, through the tests' OSESCAN_RPKI_DEFAULT_URL: never the public internet) with
#     an empty cache = offline: ONE warning line on stderr saying how to give a source, the
#     scan goes on, every RPKI check says the same reason once (error, outcome no-vrp-source),
#     and a replay of the saved facts says it again without the warning;
#   - --rpki-source none: the RPKI checks are not_applicable (rpki-off), nothing on stderr;
#   - a source the user names and that cannot be read: exit 3; two sources: exit 2;
#   - --help documents --rpki-source and --rpki-cache.
# The cache cases (fresh, stale, offline) are in tests/engine/test_rpki_sources.cpp against nginx.
#
# Env (set by ctest): OSESCAN (the binary), OSESCAN_SOURCE_DIR, OSESCAN_BUILD_DIR.
set -uo pipefail

source_dir=${OSESCAN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
build_dir=${OSESCAN_BUILD_DIR:-$source_dir/build}
osescan=${OSESCAN:-$build_dir/cli/osescan}
[[ -x $osescan ]] || { echo "FAIL: osescan binary not found at '$osescan'" >&2; exit 1; }

out=$(mktemp -d "${TMPDIR:-/tmp}/osescan-rpki-source.XXXXXX")
trap 'rm -rf "$out"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# A loopback port nobody listens on (taken from the kernel, then released).
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export OSESCAN_RPKI_DEFAULT_URL="http://127.0.0.1:$port/vrps.json"
export XDG_CACHE_HOME=$out/cache
export NO_COLOR=1

# run NAME EXPECTED_RC ARGS...: osescan check ARGS; NAME.{stdout,stderr}.
run() {
    local name=$1 want=$2 rc=0
    shift 2
    "$osescan" check "$@" >"$out/$name.stdout" 2>"$out/$name.stderr" </dev/null || rc=$?
    [[ $rc == "$want" ]] || fail "$name: osescan check $*: exit $rc, expected $want; stderr: $(head -c 800 "$out/$name.stderr")"
}

# 1. Offline, no cache: one line, the scan goes on, each RPKI check says why once.
run offline 1 --only rpki.web 198.51.100.7 --json "$out/offline.json" --save-facts "$out/offline.facts.json"
[[ $(wc -l <"$out/offline.stderr") == 1 ]] || fail "offline: expected one stderr line, got: $(cat "$out/offline.stderr")"
grep -Eq "^osescan: warning: RPKI checks skipped: the default VRP source could not be loaded \(VRP download http://127\.0\.0\.1:$port/vrps\.json: .*\); name one with --rpki-source URL\|FILE .* or --rpki-rtr HOST:PORT, or turn the RPKI checks off with --rpki-source none$" \
    "$out/offline.stderr" || fail "offline: the warning does not say how to give a source: $(cat "$out/offline.stderr")"
if [[ -d $out/cache/osescan ]] && [[ -n $(ls -A "$out/cache/osescan") ]]; then fail "offline: something was cached"; fi

# 2. Its replay: the same findings from the recorded source status, no warning.
run replay 1 --from-facts "$out/offline.facts.json" --only rpki.web --json "$out/replay.json"
[[ ! -s $out/replay.stderr ]] || fail "replay: unexpected stderr: $(cat "$out/replay.stderr")"

# 3. --rpki-source none: not applicable, silent, exit 0.
run none 0 --only rpki.web 198.51.100.7 --rpki-source none --json "$out/none.json"
[[ ! -s $out/none.stderr ]] || fail "none: unexpected stderr: $(cat "$out/none.stderr")"

/usr/bin/python3 - "$out" <<'PYTHON' || failures=$((failures + 1))
import json
import sys

out = sys.argv[1]
failures = []

def resolve(value, pool):  # osescan/3: evidence a target repeats is in its evidence_pool
    if isinstance(value, dict):
        if value.keys() == {"$pool"}:
            return resolve(pool[value["$pool"]], pool)
        return {k: resolve(v, pool) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, pool) for v in value]
    return value

def findings(name):
    with open(f"{out}/{name}.json", encoding="utf-8") as f:
        report = json.load(f)
    return [dict(f, evidence=resolve(f["evidence"], t["evidence_pool"]))
            for t in report["targets"] for f in t["findings"] if f["check_id"].startswith("rpki.")]

for name in ("offline", "replay"):
    got = findings(name)
    ids = sorted(f["check_id"] for f in got)
    if ids != ["rpki.web.roa_exists", "rpki.web.valid"]:
        failures.append(f"{name}: expected one finding per rpki.web check, got {ids}")
    for f in got:
        if (f["status"], f["outcome"]) != ("error", "no-vrp-source"):
            failures.append(f"{name}: {f['check_id']}: {f['status']}/{f['outcome']}, expected error/no-vrp-source")
        if "--rpki-source none" not in f["summary"] or "could not be loaded" not in f["summary"]:
            failures.append(f"{name}: {f['check_id']}: summary does not say why and how: {f['summary']}")
        source = f["evidence"].get("vrp_source", {})
        if source.get("kind") != "unavailable" or source.get("default") is not True:
            failures.append(f"{name}: {f['check_id']}: evidence lacks the source status: {source}")

for f in findings("none"):
    if (f["status"], f["outcome"]) != ("not_applicable", "rpki-off"):
        failures.append(f"none: {f['check_id']}: {f['status']}/{f['outcome']}, expected not_applicable/rpki-off")
    if "--rpki-source none" not in f["summary"]:
        failures.append(f"none: {f['check_id']}: summary does not name the option: {f['summary']}")
if len(findings("none")) != 2:
    failures.append("none: expected one finding per rpki.web check")

for message in failures:
    print("FAIL: " + message, file=sys.stderr)
sys.exit(1 if failures else 0)
PYTHON

# 4. A source the user names is theirs: unreadable -> exit 3 with the reason; two -> exit 2.
run named 3 --only rpki.web 198.51.100.7 --rpki-source "$out/missing.json"
grep -q "VRP file $out/missing.json: cannot read it" "$out/named.stderr" || fail "named: $(cat "$out/named.stderr")"
run two 2 --only rpki.web 198.51.100.7 --rpki-source none --rpki-rtr 127.0.0.1:323
grep -q "choose one VRP source" "$out/two.stderr" || fail "two: $(cat "$out/two.stderr")"
# No RPKI check selected: the source is not even loaded (a missing file does not matter).
run unselected 0 --only mail.spf 198.51.100.7 --rpki-source "$out/missing.json"

# 5. --help documents the options.
"$osescan" check --help >"$out/help.txt" 2>&1
for option in --rpki-source --rpki-cache "default|none|FILE|URL" console.rpki-client.org; do
    grep -q -- "$option" "$out/help.txt" || fail "--help does not mention $option"
done

if ((failures)); then
    echo "FAIL: $failures problem(s)" >&2
    exit 1
fi
echo "PASS: default source offline (one line, error findings, replay), none, named, two, help"
