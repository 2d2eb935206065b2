#!/usr/bin/env bash
# --jsonl streams: a live scan on loopback of two targets, one answered at once (a closed
# port: connection refused) and one that never answers (a listener that accepts and stays
# silent, --timeout 30), is killed with SIGKILL once the first line is out. The stream must
# hold exactly the finished target as one complete JSON line and no summary line (the
# sign of an unfinished scan); the report files given (--json) are not left half-written.
#
# Env (set by ctest): OSESCAN (the binary), OSESCAN_SOURCE_DIR, OSESCAN_BUILD_DIR.
set -euo pipefail

source_dir=${OSESCAN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
build_dir=${OSESCAN_BUILD_DIR:-$source_dir/build}
osescan=${OSESCAN:-$build_dir/cli/osescan}
[[ -x $osescan ]] || { echo "FAIL: osescan binary not found at '$osescan'" >&2; exit 1; }

out=$(mktemp -d "${TMPDIR:-/tmp}/osescan-jsonl.XXXXXX")
silent_pid=""
scan_pid=""
cleanup() {
    [[ -n $scan_pid ]] && kill -9 "$scan_pid" 2>/dev/null
    [[ -n $silent_pid ]] && kill "$silent_pid" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$out"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# A TCP listener on loopback that accepts and never sends a byte.
/usr/bin/python3 -c '
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
print(s.getsockname()[1], flush=True)
held = []
while True:
    held.append(s.accept()[0])
' >"$out/silent.port" &
silent_pid=$!
for _ in $(seq 100); do [[ -s $out/silent.port ]] && break; sleep 0.1; done
silent_port=$(cat "$out/silent.port")
[[ -n $silent_port ]] || fail "the silent listener did not start"
# A port nobody listens on: bound and closed again.
closed_port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

"$osescan" check "https://127.0.0.1:$silent_port/" "https://127.0.0.1:$closed_port/" --only https.available \
    --timeout 30 --resolver 127.0.0.1:9 --jsonl "$out/stream.jsonl" --json "$out/report.json" --quiet \
    2>"$out/stderr" &
scan_pid=$!
for _ in $(seq 150); do [[ -s $out/stream.jsonl ]] && break; sleep 0.1; done
sleep 0.5
kill -0 "$scan_pid" 2>/dev/null || fail "the scan ended before it was killed (is the silent target not silent?)"
kill -9 "$scan_pid"
wait "$scan_pid" 2>/dev/null || true
scan_pid=""

/usr/bin/python3 - "$out" "$closed_port" <<'PYTHON'
import json
import os
import sys

out, closed_port = sys.argv[1], int(sys.argv[2])
with open(f"{out}/stream.jsonl", encoding="utf-8") as f:
    text = f.read()
problems = []
if not text.endswith("\n"):
    problems.append("the stream ends in the middle of a line")
lines = [json.loads(line) for line in text.splitlines()]
if [l["kind"] for l in lines] != ["catalogue", "target"]:
    problems.append(f"lines: {[l['kind'] for l in lines]}, expected its catalogue line, one target line and no summary")
elif lines[1]["result"]["target"]["port"] != closed_port:
    problems.append("the finished target is not the one with the closed port")
elif [f["outcome"] for f in lines[1]["result"]["findings"]] != ["no-https"]:
    problems.append(f"findings: {lines[1]['result']['findings']}")
elif "no-https" not in lines[0]["catalogue"]["https.available"]["outcomes"]:
    problems.append("the catalogue line does not describe https.available/no-https")
leftovers = [n for n in os.listdir(out) if n not in ("stream.jsonl", "silent.port", "stderr")]
if leftovers:
    problems.append(f"files left behind by the killed scan: {leftovers} (report files must appear whole or not at all)")
if problems:
    print("FAIL: " + "; ".join(problems), file=sys.stderr)
    sys.exit(1)
PYTHON
echo "jsonl stream: a killed scan kept its finished target as a complete line"
