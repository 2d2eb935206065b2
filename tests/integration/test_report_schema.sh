#!/usr/bin/env bash
# The JSON report (osescan/3) of real runs validates against report/osescan-report.schema.json
# (draft 2020-12, itself checked with check_schema): every golden replay, a replay of a
# subset of targets, and a run whose --only selects nothing recorded (all errors).
#
# Env (set by ctest): OSESCAN (the binary), OSESCAN_SOURCE_DIR, OSESCAN_BUILD_DIR.
set -euo pipefail

source_dir=${OSESCAN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
build_dir=${OSESCAN_BUILD_DIR:-$source_dir/build}
osescan=${OSESCAN:-$build_dir/cli/osescan}
schema=$source_dir/report/osescan-report.schema.json
golden=$source_dir/tests/golden
[[ -x $osescan ]] || { echo "FAIL: osescan binary not found at '$osescan'" >&2; exit 1; }
if ! /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
    echo "SKIP: python3-jsonschema is not installed" >&2
    exit 77
fi

out=$(mktemp -d "${TMPDIR:-/tmp}/osescan-schema.XXXXXX")
trap 'rm -rf "$out"' EXIT

reports=()
for facts in "$golden"/*.facts.json; do
    name=$(basename "$facts" .facts.json)
    # Exit 0 or 1 (findings at or above --fail-on) are both a completed scan.
    rc=0
    "$osescan" check --from-facts "$facts" --json "$out/$name.json" --quiet || rc=$?
    [[ $rc == 0 || $rc == 1 ]] || { echo "FAIL: $name: exit $rc" >&2; exit 1; }
    reports+=("$out/$name.json")
done
# A subset of the recorded targets, selected by host; every check, so families without
# facts report not-recorded errors; JSON on stdout.
rc=0
"$osescan" check --from-facts "$golden/edge-cases.facts.json" --json - gone.example \
    >"$out/subset.json" || rc=$?
[[ $rc == 1 ]] || { echo "FAIL: subset run: exit $rc, expected 1" >&2; exit 1; }
reports+=("$out/subset.json")

/usr/bin/python3 - "$schema" "${reports[@]}" <<'PYTHON'
import json
import sys

import jsonschema

schema_path, report_paths = sys.argv[1], sys.argv[2:]
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
failed = 0
for path in report_paths:
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    errors = sorted(validator.iter_errors(report), key=lambda e: list(e.absolute_path))
    for error in errors[:20]:
        print(f"FAIL: {path}: /{'/'.join(map(str, error.absolute_path))}: {error.message}", file=sys.stderr)
    failed += bool(errors)
    if not report["targets"] or not any(t["findings"] for t in report["targets"]):
        print(f"FAIL: {path}: no findings, the validation would prove little", file=sys.stderr)
        failed += 1
# The subset run holds exactly the selected target.
with open(report_paths[-1], encoding="utf-8") as f:
    hosts = [t["target"]["host"] for t in json.load(f)["targets"]]
if hosts != ["gone.example"]:
    print(f"FAIL: subset run: targets {hosts}, expected ['gone.example']", file=sys.stderr)
    failed += 1
# A deliberately broken report must be rejected, or the validation proves nothing.
with open(report_paths[0], encoding="utf-8") as f:
    broken = json.load(f)
broken["targets"][0]["findings"][0]["status"] = "ok"
if validator.is_valid(broken):
    print("FAIL: a report with status 'ok' passed the schema", file=sys.stderr)
    failed += 1
# The catalogue texts live once in `catalogue`; a finding that repeats them (the osescan/1
# form), a report without the catalogue or a target without its evidence pool (osescan/2)
# is not osescan/3.
for name, damage in (
        ("a finding with its check's explanation",
         lambda r: r["targets"][0]["findings"][0].update(explanation="why")),
        ("a report without its catalogue", lambda r: r.pop("catalogue")),
        ("an outcome without its blocking flag",
         lambda r: next(iter(next(iter(r["catalogue"].values()))["outcomes"].values())).pop("blocking")),
        ("scores without completeness", lambda r: r["targets"][0]["scores"].pop("complete")),
        ("the osescan/1 schema name", lambda r: r.update(schema="osescan/1")),
        ("the osescan/2 schema name", lambda r: r.update(schema="osescan/2")),
        ("a target without its evidence pool", lambda r: r["targets"][0].pop("evidence_pool")),
        ("a pool entry that is a bare reference", lambda r: r["targets"][0]["evidence_pool"].append({"$pool": 0}))):
    with open(report_paths[0], encoding="utf-8") as f:
        broken = json.load(f)
    damage(broken)
    if validator.is_valid(broken):
        print(f"FAIL: {name} passed the schema", file=sys.stderr)
        failed += 1
# Every evidence reference resolves in its target's evidence_pool (entries refer to other
# entries, never in a cycle), and every entry is used.
def references(value, out):
    if isinstance(value, dict):
        if value.keys() == {"$pool"}:
            out.append(value["$pool"])
            return
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            references(item, out)
def pool_resolves(pool):  # no entry reaches itself through its references
    state = {}
    def visit(i):
        if state.get(i) == "done": return True
        if state.get(i) == "open" or not (isinstance(i, int) and 0 <= i < len(pool)): return False
        state[i] = "open"
        inner = []
        references(pool[i], inner)
        ok = all(visit(j) for j in inner)
        state[i] = "done"
        return ok
    return all(visit(i) for i in range(len(pool)))
pooled = 0
# Every finding's keys resolve in the catalogue, with the same status.
for path in report_paths:
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    for target in report["targets"]:
        pool, used = target["evidence_pool"], []
        pooled += len(pool)
        for finding in target["findings"]:
            references(finding["evidence"], used)
        for index, entry in enumerate(pool):
            inner = []
            references(entry, inner)
            used += inner
        if not pool_resolves(pool):
            print(f"FAIL: {path}: {target['target']['host']}: the pool's references form a cycle", file=sys.stderr)
            failed += 1
        if not all(isinstance(i, int) and 0 <= i < len(pool) for i in used) or set(used) != set(range(len(pool))):
            print(f"FAIL: {path}: {target['target']['host']}: references and pool entries do not match", file=sys.stderr)
            failed += 1
        for finding in target["findings"]:
            outcome = report["catalogue"].get(finding["check_id"], {}).get("outcomes", {}).get(finding["outcome"])
            if outcome is None or outcome["status"] != finding["status"]:
                print(f"FAIL: {path}: {finding['check_id']}/{finding['outcome']} does not resolve in the catalogue",
                      file=sys.stderr)
                failed += 1
if not pooled:
    print("FAIL: no golden report has an evidence pool entry: the reference checks proved nothing", file=sys.stderr)
    failed += 1
if failed:
    sys.exit(1)
print(f"schema: {len(report_paths)} report(s) valid against {schema_path}")
PYTHON
