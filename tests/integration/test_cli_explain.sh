#!/usr/bin/env bash
# `osescan explain ID[/OUTCOME]`: for every check of a real report, the terminal text holds
# the same title, why it matters, how to fix, snippets and references as the report's
# catalogue (which the HTML report renders too); an outcome adds its status, blocking flag
# and own advice; an unknown id or outcome is a usage error (exit 2) naming what is known.
#
# Env (set by ctest): OSESCAN (the binary), OSESCAN_SOURCE_DIR, OSESCAN_BUILD_DIR.
set -euo pipefail

source_dir=${OSESCAN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
build_dir=${OSESCAN_BUILD_DIR:-$source_dir/build}
osescan=${OSESCAN:-$build_dir/cli/osescan}
[[ -x $osescan ]] || { echo "FAIL: osescan binary not found at '$osescan'" >&2; exit 1; }
out=$(mktemp -d "${TMPDIR:-/tmp}/osescan-explain.XXXXXX")
trap 'rm -rf "$out"' EXIT

# A replay of every check (those without recorded facts say error): the catalogue of all.
"$osescan" check --from-facts "$source_dir/tests/golden/weak-site.facts.json" --json "$out/report.json" \
    --quiet --fail-on never

/usr/bin/python3 - "$osescan" "$out/report.json" <<'PYTHON'
import json
import subprocess
import sys

osescan, report_path = sys.argv[1], sys.argv[2]
catalogue = json.load(open(report_path, encoding="utf-8"))["catalogue"]
problems = []


def explain(arg):
    run = subprocess.run([osescan, "explain", arg], capture_output=True, text=True, env={"NO_COLOR": "1"})
    return run.returncode, run.stdout, run.stderr


def lines_in(text, block):
    """Every line of a catalogue text appears in the output (explain indents them)."""
    return all(line.strip() in text for line in block.splitlines() if line.strip())


for check_id, entry in catalogue.items():
    rc, text, err = explain(check_id)
    if rc != 0:
        problems.append(f"explain {check_id}: exit {rc}: {err}")
        continue
    if not text.startswith(entry["title"] + "\n"):
        problems.append(f"explain {check_id}: does not start with its title")
    for name, block in (("why", entry["explanation"]), ("fix", entry["remediation"]["text"])):
        if not lines_in(text, block):
            problems.append(f"explain {check_id}: {name} text missing")
    for snippet in entry["remediation"]["snippets"]:
        if snippet["server"] + ":" not in text or not lines_in(text, snippet["code"]):
            problems.append(f"explain {check_id}: snippet for {snippet['server']} missing")
    for ref in entry["references"]:
        if f"{ref['label']}  <{ref['url']}>" not in text:
            problems.append(f"explain {check_id}: reference {ref['label']} missing")
    for code, outcome in entry["outcomes"].items():
        if code.startswith("probe-") or code in ("internal-error", "too-many-rounds", "needs-host-name"):
            continue
        if f"  {code}  {outcome['status']}" not in text:
            problems.append(f"explain {check_id}: outcome {code} not listed")

# One outcome: its status, the blocking flag, and its own advice where it has one.
rc, text, err = explain("tls.certificate.validity/expired")
if rc != 0 or "expired  fail, blocking (caps the overall score)" not in text or "Outcomes (" in text:
    problems.append(f"explain tls.certificate.validity/expired: exit {rc}: {text!r} {err!r}")
for check_id, entry in catalogue.items():
    for code, outcome in entry["outcomes"].items():
        if "remediation" in outcome:
            rc, text, err = explain(f"{check_id}/{code}")
            if rc != 0 or not lines_in(text, outcome["remediation"]):
                problems.append(f"explain {check_id}/{code}: the outcome's own advice is missing")
rc, text, err = explain("tls.version/probe-timeout")  # a shared outcome
if rc != 0 or "probe-timeout  error" not in text:
    problems.append(f"explain tls.version/probe-timeout: exit {rc}: {err!r}")

# list-checks --json carries the same blocking flags as the report's catalogue.
listed = json.loads(subprocess.run([osescan, "list-checks", "--json"], capture_output=True, text=True).stdout)
for entry in listed:
    for outcome in entry["outcomes"]:
        mine = catalogue.get(entry["id"], {}).get("outcomes", {}).get(outcome["code"])
        if "blocking" not in outcome or (mine is not None and mine["blocking"] != outcome["blocking"]):
            problems.append(f"list-checks --json: {entry['id']}/{outcome['code']}: blocking flag missing or different")
blocking = sorted(f"{e['id']}/{o['code']}" for e in listed for o in e["outcomes"] if o["blocking"])
if "tls.certificate.validity/expired" not in blocking or "dnssec.valid/bogus" not in blocking:
    problems.append(f"list-checks --json: blocking outcomes {blocking}")

# Usage errors: exit 2 and a clear line, nothing on stdout.
for arg, pattern in (("no.such.check", "unknown check 'no.such.check'"),
                     ("tls.version/no-such-outcome", "check tls.version has no outcome 'no-such-outcome'; its outcomes: "),
                     ("tls.version/", "check tls.version has no outcome ''"),
                     ("", "unknown check ''")):
    rc, text, err = explain(arg)
    if rc != 2 or pattern not in err or text:
        problems.append(f"explain {arg!r}: exit {rc}, stderr {err!r}, stdout {text[:80]!r}")
run = subprocess.run([osescan, "explain"], capture_output=True, text=True)
if run.returncode != 2:
    problems.append(f"explain without an id: exit {run.returncode}")

if problems:
    print("FAIL: " + "\nFAIL: ".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"explain: {len(catalogue)} checks match the report's catalogue; unknown ids and outcomes exit 2")
PYTHON
