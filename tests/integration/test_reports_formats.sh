#!/usr/bin/env bash
# The report formats of real runs (replays of the golden facts, no network), validated by
# tests/schemas/validate_reports.py (SARIF against tests/schemas/sarif-2.1.0-subset.schema.json
# and consistent with the JSON report, JUnit parsed with xml.etree and counted, JSON Lines
# against the report schema, HTML free of active markup), plus:
#   - the hostile server's payload kept as data (SARIF, JUnit) and shown escaped (HTML);
#   - --policy: exit codes, ignores in every report, refusal of a bad policy (exit 2);
#   - --targets: comments, duplicates, bad lines on stderr with line numbers and in the
#     reports, exit 2 when no line is valid; no progress bar when stderr is not a TTY;
#   - --shard: slices disjoint and complete.
#
# Env (set by ctest): OSESCAN (the binary), OSESCAN_SOURCE_DIR, OSESCAN_BUILD_DIR.
set -euo pipefail

source_dir=${OSESCAN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
build_dir=${OSESCAN_BUILD_DIR:-$source_dir/build}
osescan=${OSESCAN:-$build_dir/cli/osescan}
golden=$source_dir/tests/golden
[[ -x $osescan ]] || { echo "FAIL: osescan binary not found at '$osescan'" >&2; exit 1; }
if ! /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
    echo "SKIP: python3-jsonschema is not installed" >&2
    exit 77
fi

out=$(mktemp -d "${TMPDIR:-/tmp}/osescan-formats.XXXXXX")
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# run EXPECTED_RC ARGS...: runs osescan check, stderr to $out/stderr.
run() {
    local expected=$1 rc=0
    shift
    "$osescan" check "$@" >"$out/stdout" 2>"$out/stderr" || rc=$?
    [[ $rc == "$expected" ]] || { cat "$out/stderr" >&2; fail "osescan check $*: exit $rc, expected $expected"; }
}

# 1. Every format from the hostile site and from the three-target edge cases.
for name in hostile-site edge-cases; do
    mapfile -t args < <(grep -v '^[[:space:]]*\(#\|$\)' "$golden/$name.args")
    run 1 --from-facts "$golden/$name.facts.json" "${args[@]}" --quiet --json "$out/$name.json" \
        --html "$out/$name.html" --sarif "$out/$name.sarif" --junit "$out/$name.xml" --jsonl "$out/$name.jsonl"
    [[ ! -s $out/stderr ]] || { cat "$out/stderr" >&2; fail "$name: unexpected stderr"; }
done

for name in hostile-site edge-cases; do
    /usr/bin/python3 "$source_dir/tests/schemas/validate_reports.py" "$source_dir" "$out/$name"
done

# The payload, escaped, in each format of the hostile site.
/usr/bin/python3 - "$out" <<'PYTHON'
import json
import sys
import xml.etree.ElementTree as ET

out = sys.argv[1]
failures = []
def check(condition, message):
    if not condition:
        failures.append(message)

with open(f"{out}/hostile-site.html", encoding="utf-8") as f:
    html = f.read()
check("&lt;script&gt;window.__osescan_xss=1;alert(1)&lt;/script&gt;\\&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html,
      "hostile-site.html: the payload is not shown as escaped text")
root = ET.parse(f"{out}/hostile-site.xml").getroot()
# (In the evidence, JSON-quoted: \" before the second part.)
check(any('<script>window.__osescan_xss=1;alert(1)</script>\\"><img src=x onerror=alert(1)>' in (e.text or "")
          for e in root.iter("failure")), "hostile-site.xml: the payload does not round-trip")
sarif = json.load(open(f"{out}/hostile-site.sarif", encoding="utf-8"))
check(any("<script>window.__osescan_xss=1" in r["message"]["text"] for r in sarif["runs"][0]["results"]),
      "hostile-site.sarif: the payload is not kept as data")
with open(f"{out}/edge-cases.html", encoding="utf-8") as f:
    check('href="#target-3"' in f.read(), "edge-cases.html: no index for the batch")
if failures:
    print("FAIL: " + "\nFAIL: ".join(failures), file=sys.stderr)
    sys.exit(1)
PYTHON

# 2. --policy: met (0), broken (1), bad policy (2); ignores reach every report.
cat >"$out/lenient.json" <<'EOF'
{"fail_on": "never", "required": ["tls.version"],
 "ignore": [{"check": "tls.certificate", "reason": "lab certificate <self-signed>"}]}
EOF
cat >"$out/strict.json" <<'EOF'
{"required": ["tls.version", "dnssec.valid"], "accept": {"tls.version": "pass", "hsts.policy": "warn"}}
EOF
cat >"$out/bad.json" <<'EOF'
{"ignore": [{"check": "tls.version"}]}
EOF
weak=(--from-facts "$golden/weak-site.facts.json" --only https,tls)
run 0 "${weak[@]}" --policy "$out/lenient.json" --json "$out/lenient.report.json" --sarif "$out/lenient.sarif" \
    --junit "$out/lenient.xml" --html "$out/lenient.html"
grep -q "^policy $out/lenient.json: met$" "$out/stdout" || fail "text: no policy line"
grep -q "ignored: lab certificate <self-signed>" "$out/stdout" || fail "text: ignored finding not listed"
run 1 "${weak[@]}" --policy "$out/strict.json" --json "$out/strict.report.json" --quiet
run 1 "${weak[@]}" --fail-on never --policy "$out/strict.json" --quiet   # the policy decides, not --fail-on
run 2 "${weak[@]}" --policy "$out/bad.json"
grep -q "ignore\[0\].reason is required" "$out/stderr" || fail "bad policy: no reason given"
run 2 "${weak[@]}" --policy "$out/missing.json"
run 1 "${weak[@]}" --policy "$source_dir/examples/ci/policy.json" --quiet

/usr/bin/python3 - "$source_dir" "$out" <<'PYTHON'
import json
import sys
import xml.etree.ElementTree as ET

import jsonschema

source_dir, out = sys.argv[1], sys.argv[2]
failures = []
with open(f"{source_dir}/report/osescan-report.schema.json", encoding="utf-8") as f:
    validator = jsonschema.Draft202012Validator(json.load(f))
with open(f"{source_dir}/report/osescan-policy.schema.json", encoding="utf-8") as f:
    policy_schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(policy_schema)
policy_validator = jsonschema.Draft202012Validator(policy_schema)
for name in ["lenient.json", "strict.json"]:
    with open(f"{out}/{name}", encoding="utf-8") as f:
        failures += [f"{name}: {e.message}" for e in policy_validator.iter_errors(json.load(f))]
with open(f"{source_dir}/examples/ci/policy.json", encoding="utf-8") as f:
    failures += [f"examples/ci/policy.json: {e.message}" for e in policy_validator.iter_errors(json.load(f))]
with open(f"{out}/bad.json", encoding="utf-8") as f:
    if policy_validator.is_valid(json.load(f)):
        failures.append("the policy schema accepts an ignore without a reason")

lenient = json.load(open(f"{out}/lenient.report.json", encoding="utf-8"))
strict = json.load(open(f"{out}/strict.report.json", encoding="utf-8"))
for name, report in [("lenient", lenient), ("strict", strict)]:
    failures += [f"{name}: {e.message}" for e in validator.iter_errors(report)]
policy = lenient["policy"]
if not policy["passed"] or not policy["targets"][0]["ignored"]:
    failures.append(f"lenient: policy verdict {policy}")
if {i["reason"] for i in policy["targets"][0]["ignored"]} != {"lab certificate <self-signed>"}:
    failures.append("lenient: ignored reasons")
ignored = len(policy["targets"][0]["ignored"])
violations = strict["policy"]["targets"][0]["violations"]
if strict["policy"]["passed"] or {"check_id": "dnssec.valid", "subject": "", "status": "missing", "accepted": "pass"} not in violations:
    failures.append(f"strict: violations {violations}")
if not any(v["check_id"] == "tls.version" and v["accepted"] == "pass" for v in violations):
    failures.append("strict: tls.version fail not a violation")
sarif = json.load(open(f"{out}/lenient.sarif", encoding="utf-8"))
suppressed = [r for r in sarif["runs"][0]["results"] if r.get("suppressions")]
if len(suppressed) != sum(1 for i in policy["targets"][0]["ignored"] if i["status"] not in ("pass", "not_applicable")):
    failures.append("lenient.sarif: suppressions do not match the ignored findings")
root = ET.parse(f"{out}/lenient.xml").getroot()
skipped = [s for s in root.iter("skipped") if s.get("message", "").startswith("ignored by policy: lab certificate")]
if len(skipped) != ignored:
    failures.append(f"lenient.xml: {len(skipped)} ignored test cases, expected {ignored}")
html = open(f"{out}/lenient.html", encoding="utf-8").read()
if "ignored by policy: lab certificate &lt;self-signed&gt;" not in html:
    failures.append("lenient.html: the ignore reason is not shown")
if failures:
    print("FAIL: " + "\nFAIL: ".join(failures[:30]), file=sys.stderr)
    sys.exit(1)
PYTHON

# 3. --targets: the edge cases' recorded targets from a list with comments, a duplicate
#    and bad lines; stderr is a file, so no progress bar.
edge=(--from-facts "$golden/edge-cases.facts.json" --only https,tls)
printf '%s\n' '# recorded in edge-cases' 'down.example' '' 'DOWN.example.   # duplicate' \
    'bad..example' 'gone.example' 'https://198.51.100.40:8443/status' 'example.com:8443' >"$out/list.txt"
run 1 "${edge[@]}" --targets "$out/list.txt" --json "$out/list.json" --junit "$out/list.xml" --sarif "$out/list.sarif" \
    --jsonl "$out/list.jsonl" --quiet
grep -q "^osescan: warning: $out/list.txt:5: invalid target 'bad..example'" "$out/stderr" || fail "no warning for line 5"
grep -q "^osescan: warning: $out/list.txt:8: invalid target 'example.com:8443'" "$out/stderr" || fail "no warning for line 8"
[[ $(wc -l <"$out/stderr") == 2 ]] || { cat "$out/stderr" >&2; fail "stderr has more than the two warnings (a progress bar?)"; }
grep -q $'\r' "$out/stderr" && fail "a carriage return (progress bar) on a non-terminal stderr"
# On a terminal (a pseudo-terminal via script(1)) the bar is drawn, without escape sequences.
if command -v script >/dev/null; then
    NO_COLOR=1 script -qec "$osescan check --from-facts $golden/edge-cases.facts.json --only https,tls \
        --targets $out/list.txt --fail-on never" /dev/null >"$out/tty.txt" 2>&1 || true
    grep -q $'\r\\[#*\\]  3/3 targets' "$out/tty.txt" || fail "no progress bar on a terminal"
    grep -q $'\x1b' "$out/tty.txt" && fail "an escape sequence with NO_COLOR on a terminal"
fi
# A bad line counts like an `error` finding for the gate: a site where everything passes
# still exits 1 with a bad line, unless --fail-on never.
printf 'good.example\nbad..example\n' >"$out/good-list.txt"
run 0 --from-facts "$golden/strong-site.facts.json" --only https,tls --quiet
run 1 --from-facts "$golden/strong-site.facts.json" --only https,tls --quiet --targets "$out/good-list.txt"
run 0 --from-facts "$golden/strong-site.facts.json" --only https,tls --targets "$out/good-list.txt" --fail-on never
grep -q "^1 line of $out/good-list.txt skipped: not valid targets" "$out/stdout" || fail "text: input errors not counted"
printf 'bad..example\n# nothing else\n' >"$out/bad-list.txt"
run 2 "${edge[@]}" --targets "$out/bad-list.txt"
grep -q "no valid target in --targets" "$out/stderr" || fail "no 'no valid target' error"
printf 'gone.example\n' | "$osescan" check "${edge[@]}" --fail-on never --targets - --json - --quiet >"$out/stdin.json" 2>"$out/stderr" || true
[[ $(/usr/bin/python3 -c 'import json,sys; print([t["target"]["host"] for t in json.load(open(sys.argv[1]))["targets"]])' "$out/stdin.json") == "['gone.example']" ]] \
    || fail "--targets - did not read stdin"

/usr/bin/python3 - "$source_dir" "$out" <<'PYTHON'
import json
import sys
import xml.etree.ElementTree as ET

import jsonschema

source_dir, out = sys.argv[1], sys.argv[2]
failures = []
with open(f"{source_dir}/report/osescan-report.schema.json", encoding="utf-8") as f:
    validator = jsonschema.Draft202012Validator(json.load(f))
report = json.load(open(f"{out}/list.json", encoding="utf-8"))
failures += [e.message for e in validator.iter_errors(report)]
hosts = [t["target"]["host"] for t in report["targets"]]
if hosts != ["down.example", "gone.example", "198.51.100.40"]:
    failures.append(f"list: targets {hosts}")
lines = [(e["line"], e["text"]) for e in report["input_errors"]]
if lines != [(5, "bad..example"), (8, "example.com:8443")]:
    failures.append(f"list: input_errors {lines}")
root = ET.parse(f"{out}/list.xml").getroot()
if len(root.findall("./testsuite[@name='input']/testcase/error")) != 2:
    failures.append("list.xml: input errors are not error test cases")
sarif = json.load(open(f"{out}/list.sarif", encoding="utf-8"))
if len(sarif["runs"][0]["invocations"][0].get("toolExecutionNotifications", [])) != 2:
    failures.append("list.sarif: input errors are not notifications")
kinds = [json.loads(line)["kind"] for line in open(f"{out}/list.jsonl", encoding="utf-8")]
if [k for k in kinds if k != "catalogue"] != ["input_error", "input_error", "target", "target", "target", "summary"] \
        or "catalogue" not in kinds:
    failures.append(f"list.jsonl: kinds {kinds}")
if failures:
    print("FAIL: " + "\nFAIL: ".join(failures), file=sys.stderr)
    sys.exit(1)
PYTHON

# 4. --shard: two slices of the same list, given in different orders, are disjoint and
#    together hold every target.
tac "$out/list.txt" >"$out/list-reversed.txt"
for i in 1 2; do
    run 0 "${edge[@]}" --targets "$out/list.txt" --shard "$i/2" --json "$out/shard$i.json" --quiet --fail-on never
    run 0 "${edge[@]}" --targets "$out/list-reversed.txt" --shard "$i/2" --json "$out/shard$i-r.json" --quiet \
        --fail-on never
done
run 2 "${edge[@]}" --targets "$out/list.txt" --shard 3/2
/usr/bin/python3 - "$out" <<'PYTHON'
import json
import sys

out = sys.argv[1]
def hosts(name):
    report = json.load(open(f"{out}/{name}.json", encoding="utf-8"))
    return {t["target"]["host"] for t in report["targets"]}, report.get("shard")
s1, tag1 = hosts("shard1")
s2, tag2 = hosts("shard2")
problems = []
if s1 & s2:
    problems.append(f"slices overlap: {s1 & s2}")
if s1 | s2 != {"down.example", "gone.example", "198.51.100.40"}:
    problems.append(f"slices miss targets: {s1 | s2}")
if (tag1, tag2) != ("1/2", "2/2"):
    problems.append(f"shard tags {tag1} {tag2}")
if hosts("shard1-r")[0] != s1 or hosts("shard2-r")[0] != s2:
    problems.append("the input order changed the slices")
if problems:
    print("FAIL: " + "; ".join(problems), file=sys.stderr)
    sys.exit(1)
PYTHON

echo "report formats: SARIF, JUnit, JSON Lines, HTML, policy, target lists and shards as expected"
