#!/usr/bin/env bash
# A live scan recorded with --save-facts and replayed with --from-facts gives exactly the
# same findings (the recorded scan time and settings judge the replay), and the live JSON
# report validates against the schema. Runs osescan against the loopback world
# (tests/servers/loopback-world.sh: nsd and nginx in a private network namespace).
#
# Env (set by ctest): OSESCAN (the binary), OSESCAN_SOURCE_DIR, OSESCAN_BUILD_DIR.
# Needs root (network namespace); exits 77 (skipped) otherwise.
set -euo pipefail

source_dir=${OSESCAN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
build_dir=${OSESCAN_BUILD_DIR:-$source_dir/build}
osescan=${OSESCAN:-$build_dir/cli/osescan}
world=$source_dir/tests/servers/loopback-world.sh

if [[ $(id -u) != 0 ]]; then
    echo "SKIP: needs root to create a network namespace for the loopback servers" >&2
    exit 77
fi
[[ -x $osescan ]] || { echo "FAIL: osescan binary not found at '$osescan'" >&2; exit 1; }

state=$build_dir/loopback-world/test_cli_live_replay
export OSESCAN_LOOPBACK_PKI=$build_dir/loopback-world/pki
mkdir -p "$state"
trap '"$world" down "$state"' EXIT
"$world" up "$state" || exit $? # 77 passes on "this machine cannot"

out=$state/out
rm -rf "$out"
mkdir -p "$out"
# Families the loopback world serves; a target given twice (case, trailing dot) is scanned once.
selection=(--only https,tls)
targets=(strong.osescan.test weak.osescan.test Weak.Osescan.Test. https://expired.osescan.test/)

rc=0
NO_COLOR=1 "$world" exec "$state" "$osescan" check --resolver 127.0.0.53 --ca-file "$state/ca.pem" \
    --timeout 3 "${selection[@]}" --json "$out/live.json" --save-facts "$out/live.facts.json" \
    "${targets[@]}" >"$out/live.txt" 2>"$out/live.stderr" || rc=$?
[[ $rc == 1 ]] || { echo "FAIL: live scan: exit $rc, expected 1; $(head -c 2000 "$out/live.stderr")" >&2; exit 1; }

# The replay runs outside the namespace: it must not need the network at all.
rc=0
NO_COLOR=1 "$osescan" check --from-facts "$out/live.facts.json" "${selection[@]}" --json "$out/replay.json" \
    >"$out/replay.txt" 2>"$out/replay.stderr" || rc=$?
[[ $rc == 1 ]] || { echo "FAIL: replay: exit $rc, expected 1; $(head -c 2000 "$out/replay.stderr")" >&2; exit 1; }

/usr/bin/python3 - "$out" "$source_dir/report/osescan-report.schema.json" <<'PYTHON'
import json
import sys

import jsonschema

out, schema_path = sys.argv[1], sys.argv[2]
load = lambda p: json.load(open(p, encoding="utf-8"))
live, replay, facts = load(f"{out}/live.json"), load(f"{out}/replay.json"), load(f"{out}/live.facts.json")
failures = []

jsonschema.Draft202012Validator(load(schema_path)).validate(live)

hosts = [t["target"]["host"] for t in live["targets"]]
if hosts != ["strong.osescan.test", "weak.osescan.test", "expired.osescan.test"]:
    failures.append(f"live targets (input order, de-duplicated): {hosts}")
if [t["target"]["host"] for t in facts["targets"]] != hosts:
    failures.append("the facts file's targets differ from the report's")
if not all(t["observations"] for t in facts["targets"]):
    failures.append("a target has no recorded observations")
if live["context"] != replay["context"]:
    failures.append(f"context: live {live['context']} vs replay {replay['context']}")
if live["options"]["from_facts"] is not None or replay["options"]["from_facts"] is None:
    failures.append("options.from_facts does not tell a live scan from a replay")
for a, b in zip(live["targets"], replay["targets"]):
    if a["target"] != b["target"]:
        failures.append(f"target {a['target']} vs {b['target']}")
    if a["findings"] != b["findings"]:
        for fa, fb in zip(a["findings"], b["findings"]):
            if fa != fb:
                failures.append(f"{a['target']['host']} {fa['check_id']} {fa['subject']}: live "
                                f"{fa['status']} '{fa['summary']}' vs replay {fb['status']} '{fb['summary']}'")
        if len(a["findings"]) != len(b["findings"]):
            failures.append(f"{a['target']['host']}: {len(a['findings'])} vs {len(b['findings'])} findings")
    if a["scores"] != b["scores"]:
        failures.append(f"{a['target']['host']}: scores differ")
by_host = {t["target"]["host"]: t for t in live["targets"]}
# info at worst: tls.post_quantum (not scored) says info on every server OpenSSL 3.0 runs.
if by_host["strong.osescan.test"]["worst_status"] not in ("pass", "info"):
    failures.append(f"strong: worst status {by_host['strong.osescan.test']['worst_status']}")
if by_host["weak.osescan.test"]["worst_status"] != "fail":
    failures.append(f"weak: worst status {by_host['weak.osescan.test']['worst_status']}")
# The text report was streamed: one section per target.
text = open(f"{out}/live.txt", encoding="utf-8").read()
for host in hosts:
    if not any(line.startswith(host + "  overall") for line in text.splitlines()):
        failures.append(f"live text: no section heading for {host}")
if failures:
    print("FAIL: " + "\n  ".join(failures), file=sys.stderr)
    sys.exit(1)
print("live scan and replay agree")
PYTHON
