#!/usr/bin/env bash
# The HTML report in a real browser: headless Debian Chromium, driven over the DevTools
# protocol on a pipe by tests/browser/check_report.py, opens the report of the hostile
# site (XSS payloads in the HSTS header and in TXT records), in the default and the
# classroom (--explain) form, a copy with its Content-Security-Policy removed (so the
# escaping alone must keep the payload inert), and a three-target batch report. Asserted
# for each: no console errors, zero network requests besides the file, no dialog, the
# payload's global unset, no <script>/<img>/on* attribute in the DOM, the payload present
# as text. In the batch, a capped and an incomplete target must render as such. Negative controls (the payload pasted in raw, with and without the CSP) must
# fail the same checks, or the checks prove nothing.
#
# Screenshots (test artifacts): $OSESCAN_BUILD_DIR/artifacts/report.png (the hostile
# site), report-explain.png, report-batch.png, plus *-full.png of the whole pages and the
# printed *.pdf (Page.printToPDF: the @media print layout).
#
# Env (set by ctest): OSESCAN (the binary), OSESCAN_SOURCE_DIR, OSESCAN_BUILD_DIR.
set -euo pipefail

source_dir=${OSESCAN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
build_dir=${OSESCAN_BUILD_DIR:-$source_dir/build}
osescan=${OSESCAN:-$build_dir/cli/osescan}
golden=$source_dir/tests/golden
[[ -x $osescan ]] || { echo "FAIL: osescan binary not found at '$osescan'" >&2; exit 1; }
chromium=$(command -v chromium || true)
if [[ -z $chromium ]]; then
    echo "SKIP: chromium is not installed (scripts/install-deps installs it)" >&2
    exit 77
fi

out=$(mktemp -d "${TMPDIR:-/tmp}/osescan-browser.XXXXXX")
trap 'rm -rf "$out"' EXIT
artifacts=$build_dir/artifacts
mkdir -p "$artifacts"
marker='<script>window.__osescan_xss=1;alert(1)</script>'

mapfile -t args < <(grep -v '^[[:space:]]*\(#\|$\)' "$golden/hostile-site.args")
hostile=(--from-facts "$golden/hostile-site.facts.json" "${args[@]}" --quiet --fail-on never)
"$osescan" check "${hostile[@]}" --html "$out/report.html"
"$osescan" check "${hostile[@]}" --html "$out/report-explain.html" --explain
sed 's/<meta http-equiv="Content-Security-Policy"[^>]*>//' "$out/report.html" >"$out/report-no-csp.html"
grep -q '<meta http-equiv="Content-Security-Policy"' "$out/report-no-csp.html" && { echo "FAIL: the CSP was not removed" >&2; exit 1; }
# A batch (index and anchors): the edge cases' three targets; its text marker is a host.
"$osescan" check --from-facts "$golden/edge-cases.facts.json" --only https,tls --quiet --fail-on never \
    --html "$out/report-batch.html"

/usr/bin/python3 "$source_dir/tests/browser/check_report.py" "$chromium" "$out" "$marker" \
    "$out/report.html:$artifacts/report.png" \
    "$out/report-explain.html:$artifacts/report-explain.png" \
    "$out/report-no-csp.html:$out/report-no-csp.png"
# The score model as a person sees it: down.example has a blocking fail (no HTTPS), so its
# score is capped and red; gone.example could run no scored check: incomplete, no score.
/usr/bin/python3 "$source_dir/tests/browser/check_report.py" \
    --expect-score down.example=capped --expect-score gone.example=incomplete \
    "$chromium" "$out" "down.example" \
    "$out/report-batch.html:$artifacts/report-batch.png" | sed 's/^/batch: /'

# Negative controls: the raw payload pasted into the page must be caught (it runs without
# the CSP; with the CSP it is blocked, which shows as console errors and a request).
raw='<p>HEADER: <script>window.__osescan_xss=1;alert(1)</script>"><img src=x onerror=alert(1)></p>'
sed "s#<main>#<main>$raw#" "$out/report-no-csp.html" >"$out/control-raw.html"
sed "s#<main>#<main>$raw#" "$out/report.html" >"$out/control-raw-csp.html"
for control in control-raw control-raw-csp; do
    if /usr/bin/python3 "$source_dir/tests/browser/check_report.py" "$chromium" "$out" "$marker" \
        "$out/$control.html:$out/$control.png" >"$out/$control.log" 2>&1; then
        cat "$out/$control.log" >&2
        echo "FAIL: the browser checks passed a report with a live XSS payload ($control)" >&2
        exit 1
    fi
done
grep -q "a dialog opened" "$out/control-raw.log" || { echo "FAIL: control-raw: no dialog seen" >&2; exit 1; }
grep -q "console errors" "$out/control-raw-csp.log" || { echo "FAIL: control-raw-csp: no CSP error seen" >&2; exit 1; }

[[ -s $artifacts/report.png ]] || { echo "FAIL: no screenshot" >&2; exit 1; }
echo "browser: reports inert, self-contained and error-free; screenshots in $artifacts"
