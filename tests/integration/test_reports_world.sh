#!/usr/bin/env bash
# Every report format from a real scan of the demo world (examples/world): every site,
# every check the world has expectations for, from inside the world's namespace. The
# text, JSON, HTML, SARIF, JUnit and JSON Lines outputs of that one run are validated
# (tests/schemas/validate_reports.py: schemas and consistency between the formats), and
# the HTML report is opened in headless Chromium (tests/browser/check_report.py: no
# console error, no request, xss.example's payloads shown as text and inert), screenshots in
# $OSESCAN_BUILD_DIR/artifacts/report-world*.png. Exits 77 (skipped) without root or
# network namespaces; the browser part is skipped without chromium.
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
[[ -n $only ]] || { echo "SKIP: this build has none of the world's checks" >&2; exit 77; }
world_test_require_namespaces
world_test_use reports
out=$(mktemp -d "${TMPDIR:-/tmp}/osescan-world-reports.XXXXXX")
trap '"$world/down" >/dev/null 2>&1 || true; rm -rf "$out"' EXIT
# One retry: on a loaded machine (other world tests running) the bring-up can miss its
# readiness wait once.
if ! "$world/up"; then
    echo "world bring-up failed; trying once more" >&2
    "$world/down" >/dev/null 2>&1 || true
    sleep 5
    "$world/up"
fi
# shellcheck source=/dev/null
source "$OSESCAN_WORLD_STATE/world.env"
mapfile -t sites < <("$python" -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["sites"]))' \
    "$OSESCAN_WORLD_STATE/world.json")
mapfile -t selector_args < <("$python" -c '
import json, sys
for s in json.load(open(sys.argv[1])).get("dkim_selectors", []): print("--dkim-selector"); print(s)' \
    "$OSESCAN_WORLD_STATE/world.json")
printf '%s\n' "# the demo world's sites" "${sites[@]}" >"$out/sites.txt"

echo "scanning ${#sites[@]} sites for: $only"
rc=0
"$world/run" "$osescan" check --targets "$out/sites.txt" --only "$only" \
    --resolver "$OSESCAN_WORLD_RESOLVER" --ca-file "$OSESCAN_WORLD_CA_FILE" \
    --trust-anchor "$OSESCAN_WORLD_TRUST_ANCHOR" --root-hints "$OSESCAN_WORLD_ROOT_HINTS" \
    --allow-documentation-prefixes "${selector_args[@]}" --timeout 5 \
    --rpki-vrps "$(jq -r .vrp_url_by_address "$OSESCAN_WORLD_STATE/world.json")" \
    --json "$out/world.json" --html "$out/world.html" --sarif "$out/world.sarif" --junit "$out/world.xml" \
    --jsonl "$out/world.jsonl" --save-facts "$out/world.facts.json" >"$out/world.txt" 2>"$out/stderr" || rc=$?
# The world has broken sites on purpose: exit 1 (findings at or above fail) is expected.
[[ $rc == 1 ]] || { cat "$out/stderr" >&2; echo "FAIL: the world scan exited $rc, expected 1" >&2; exit 1; }
[[ ! -s $out/stderr ]] || { cat "$out/stderr" >&2; echo "FAIL: unexpected stderr" >&2; exit 1; }

"$python" "$source_dir/tests/schemas/validate_reports.py" "$source_dir" "$out/world"
# The text: a heading per site, the closing line counts them.
"$python" - "$out" "${#sites[@]}" <<'PYTHON'
import json
import os
import sys

out, count = sys.argv[1], int(sys.argv[2])
report = json.load(open(f"{out}/world.json", encoding="utf-8"))
text = open(f"{out}/world.txt", encoding="utf-8").read()
problems = []
if len(report["targets"]) != count:
    problems.append(f"{len(report['targets'])} targets in the report, {count} sites")
for t in report["targets"]:
    if not any(line.startswith(t["target"]["host"]) for line in text.splitlines()):
        problems.append(f"text: no heading for {t['target']['host']}")
if f"\n{count} targets, " not in text:
    problems.append("text: no closing line")
# The score model on the sites built to test it: an expired certificate caps the score (red,
# below 50); a site whose web server never answers is never a clean score.
by_host = {t["target"]["host"]: t for t in report["targets"]}
expired = by_host.get("expired.example", {}).get("scores", {})
if not (expired.get("overall") is not None and expired["overall"] <= 49 and
        any(c["check_id"] == "tls.certificate.validity" for c in expired.get("caps", []))):
    problems.append(f"expired.example is not capped: {expired}")
silent = by_host.get("silent.example", {}).get("scores", {})
if silent.get("complete", True) or not silent.get("checks_not_run"):
    problems.append(f"silent.example is not incomplete: {silent}")
for host, kind in (("expired.example", "capped"), ("silent.example", "incomplete")):
    heading = next((line for line in text.splitlines() if line.startswith(host + "  ")), "")
    if kind not in heading:
        problems.append(f"text: the heading of {host} does not say {kind}: {heading!r}")
# The size budget (report/README.md "Evidence pool"): the catalogue texts once (osescan/1
# repeated them in every finding: 163 KB a site) and repeated evidence once per target
# (osescan/2 wrote it in every finding: 4.65 MB for the demo world, 57 KB a target).
# osescan/3: about 450 bytes a finding; a site's bytes grow with the catalogue (48 KB a site
# with 65 checks, 61 KB with 79: the MX hosts' 13 mail.tls.* checks and mail.dane). The
# bytes a finding catch texts or repeated evidence creeping back into the findings; the
# bytes a site, raised when checks are added, catch a check that writes too many findings.
size = os.path.getsize(f"{out}/world.json")
findings = sum(len(t["findings"]) for t in report["targets"])
print(f"world JSON report: {size} bytes for {count} sites ({size // max(count, 1)} bytes a site, "
      f"{size // max(findings, 1)} bytes a finding)")
if size > 66_000 * count:
    problems.append(f"the JSON report is {size} bytes, over 66 KB a site")
if size > 500 * findings:
    problems.append(f"the JSON report is {size} bytes, over 500 bytes a finding ({findings} findings)")
if problems:
    print("FAIL: " + "\nFAIL: ".join(problems), file=sys.stderr)
    sys.exit(1)
PYTHON

chromium=$(command -v chromium || true)
if [[ -n $chromium ]]; then
    artifacts=$build_dir/artifacts
    mkdir -p "$artifacts"
    # The classroom form of the same scan, judged again from its saved facts.
    "$osescan" check --from-facts "$out/world.facts.json" --only "$only" --fail-on never --quiet \
        --html "$out/world-explain.html" --explain
    # The marker: xss.example's payload (examples/world/hostile.py), which must show as text.
    "$python" "$source_dir/tests/browser/check_report.py" --no-pdf \
        --expect-score expired.example=capped --expect-score silent.example=incomplete \
        "$chromium" "$out" "<script>alert(1)</script>" \
        "$out/world.html:$artifacts/report-world.png" "$out/world-explain.html:$artifacts/report-world-explain.png"
else
    echo "browser part skipped: chromium is not installed" >&2
fi
echo "world reports: ${#sites[@]} sites; text, JSON, HTML, SARIF, JUnit and JSON Lines valid"
