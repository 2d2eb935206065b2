#!/usr/bin/env bash
# --save-facts / --from-facts round trip and the text output's colour decision, through
# the real binary: a replay saved again holds the same facts; re-judging the saved facts
# gives the same findings; colour only on a terminal without NO_COLOR.
#
# Env (set by ctest): OSESCAN (the binary), OSESCAN_SOURCE_DIR, OSESCAN_BUILD_DIR.
set -euo pipefail

source_dir=${OSESCAN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
build_dir=${OSESCAN_BUILD_DIR:-$source_dir/build}
osescan=${OSESCAN:-$build_dir/cli/osescan}
golden=$source_dir/tests/golden
[[ -x $osescan ]] || { echo "FAIL: osescan binary not found at '$osescan'" >&2; exit 1; }

out=$(mktemp -d "${TMPDIR:-/tmp}/osescan-replay.XXXXXX")
trap 'rm -rf "$out"' EXIT
facts=$golden/edge-cases.facts.json

"$osescan" check --from-facts "$facts" --only https,tls --fail-on never --quiet \
    --json "$out/first.json" --save-facts "$out/saved.facts.json"
"$osescan" check --from-facts "$out/saved.facts.json" --only https,tls --fail-on never --quiet \
    --json "$out/second.json"
# Only the two targets named (by host, and by URL with port and path).
"$osescan" check --from-facts "$facts" --only https,tls --fail-on never --quiet \
    --json "$out/subset.json" GONE.example https://198.51.100.40:8443/status

/usr/bin/python3 - "$facts" "$out" <<'PYTHON'
import json
import sys

original_path, out = sys.argv[1], sys.argv[2]
load = lambda p: json.load(open(p, encoding="utf-8"))
original, saved = load(original_path), load(f"{out}/saved.facts.json")
first, second, subset = load(f"{out}/first.json"), load(f"{out}/second.json"), load(f"{out}/subset.json")
failures = []

def observations(facts_file):
    # Per target: the observations, order-independent; compared as values (10000 == 10000.0).
    by_request = lambda o: json.dumps(o["request"], sort_keys=True)
    return [(t["target"]["host"], sorted(t["observations"], key=by_request)) for t in facts_file["targets"]]

if saved["schema"] != "osescan-facts/1":
    failures.append(f"saved facts schema {saved['schema']}")
if saved["context"] != original["context"]:
    failures.append(f"context changed: {saved['context']} vs {original['context']}")
if observations(saved) != observations(original):
    failures.append("saved observations differ from the replayed file's")
findings = lambda r: [(t["target"], t["findings"]) for t in r["targets"]]
if findings(first) != findings(second):
    failures.append("re-judging the saved facts gave different findings")
if [t["target"]["host"] for t in subset["targets"]] != ["gone.example", "198.51.100.40"]:
    failures.append(f"subset targets: {[t['target']['host'] for t in subset['targets']]}")
if failures:
    print("FAIL: " + "; ".join(failures), file=sys.stderr)
    sys.exit(1)
PYTHON

# Colour: a pseudo-terminal via script(1); NO_COLOR set -> none; a pipe -> none.
if command -v script >/dev/null; then
    cmd="$osescan check --from-facts $golden/weak-site.facts.json --only https,tls --fail-on never"
    env -u NO_COLOR script -qec "$cmd" /dev/null >"$out/tty.txt"
    NO_COLOR=1 script -qec "$cmd" /dev/null >"$out/tty-nocolor.txt"
    env -u NO_COLOR $cmd >"$out/pipe.txt"
    grep -q $'\x1b\\[31m' "$out/tty.txt" || { echo "FAIL: no colour on a terminal" >&2; exit 1; }
    if grep -q $'\x1b\\[' "$out/tty-nocolor.txt"; then echo "FAIL: colour despite NO_COLOR" >&2; exit 1; fi
    if grep -q $'\x1b' "$out/pipe.txt"; then echo "FAIL: colour (or an escape) on a pipe" >&2; exit 1; fi
    # The server's escape in the HSTS header is shown escaped, never raw, even on a terminal.
    grep -q 'at .\\x1b\[31m' "$out/tty.txt" || { echo "FAIL: the HSTS escape is not shown escaped" >&2; exit 1; }
    if grep -q $'max-age=0\x1b' "$out/tty.txt"; then echo "FAIL: a raw server escape reached the terminal" >&2; exit 1; fi
fi
echo "replay: save/replay round trip and colour decision as expected"
