#!/usr/bin/env bash
# End-to-end: the osescan binary against the loopback world (tests/servers/loopback-world.sh:
# real nsd and nginx in a private network namespace). Asserts the exact status of each
# foundation check per target and per address, the NXDOMAIN and timeout errors, that a
# silent server cannot stall the scan beyond a bound, the text report's verdict lines and
# the exit code.
#
# Env (set by ctest): OSESCAN (the binary), OSESCAN_SOURCE_DIR, OSESCAN_BUILD_DIR.
# Needs root (network namespace); exits 77 (skipped) otherwise.
set -euo pipefail

source_dir=${OSESCAN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
build_dir=${OSESCAN_BUILD_DIR:-$source_dir/build}
osescan=${OSESCAN:-$build_dir/osescan}
world=$source_dir/tests/servers/loopback-world.sh
k_timeout_s=3
# Generous: every probe is bounded by --timeout 3, and the silent host costs a few of them.
k_max_wall_s=60

if [[ $(id -u) != 0 ]]; then
    echo "SKIP: needs root to create a network namespace for the loopback servers" >&2
    exit 77
fi
[[ -x $osescan ]] || { echo "FAIL: osescan binary not found at '$osescan'" >&2; exit 1; }

state=$build_dir/loopback-world/test_loopback_servers
export OSESCAN_LOOPBACK_PKI=$build_dir/loopback-world/pki
mkdir -p "$state"
trap '"$world" down "$state"' EXIT
"$world" up "$state" || exit $? # 77 passes on "this machine cannot"

out=$state/out
rm -rf "$out"
mkdir -p "$out"
targets=(strong.osescan.test weak.osescan.test expired.osescan.test wrongname.osescan.test
    silent.osescan.test nonexistent.osescan.test)
scan_options=(--resolver 127.0.0.53 --ca-file "$state/ca.pem" --timeout "$k_timeout_s")

# run_scan NAME ARGS...: run osescan in the namespace; records NAME.{stdout,stderr,rc,seconds}.
run_scan() {
    local name=$1
    shift
    local started=$SECONDS rc=0
    # NO_COLOR: the text is asserted literally (stdout is a file anyway).
    NO_COLOR=1 "$world" exec "$state" "$osescan" check "$@" >"$out/$name.stdout" 2>"$out/$name.stderr" || rc=$?
    echo "$rc" >"$out/$name.rc"
    echo $((SECONDS - started)) >"$out/$name.seconds"
    echo "$name: exit $rc after $((SECONDS - started)) s" >&2
}

run_scan json "${scan_options[@]}" --json "$out/report.json" "${targets[@]}"
run_scan text "${scan_options[@]}" "${targets[@]}"

/usr/bin/python3 - "$out" "$k_max_wall_s" <<'PYTHON'
import json
import sys

out_dir, max_wall_s = sys.argv[1], int(sys.argv[2])
failures = []


def expect(condition, message):
    if not condition:
        failures.append(message)


def read(name):
    with open(f"{out_dir}/{name}", encoding="utf-8") as f:
        return f.read()


def address_of(subject):
    """'127.0.0.10', '127.0.0.10:443', '[::1]:443' or '::1' -> the bare address."""
    if subject.startswith("["):
        return subject[1:].split("]", 1)[0]
    if subject.count(":") == 1:
        return subject.split(":", 1)[0]
    return subject


FOUNDATION_CHECKS = ["tls.version", "https.available", "https.redirect", "hsts.policy",
                     "tls.certificate.trust", "tls.certificate.name",
                     "tls.certificate.validity", "tls.certificate.key",
                     "tls.certificate.signature"]
ALL_PASS = {check: "pass" for check in FOUNDATION_CHECKS}

# target -> (addresses, {check id: status on every address})
EXPECTED = {
    "strong.osescan.test": (["127.0.0.10", "::1"], ALL_PASS),
    "weak.osescan.test": (["127.0.0.20"], {**ALL_PASS, "tls.version": "fail",
                                           "hsts.policy": "fail", "https.redirect": "fail"}),
    # The engine verifies the chain without the time, so trust passes and validity fails.
    "expired.osescan.test": (["127.0.0.30"], {**ALL_PASS, "tls.certificate.validity": "fail"}),
    "wrongname.osescan.test": (["127.0.0.40"], {**ALL_PASS, "tls.certificate.name": "fail"}),
}

# --- exit codes and the wall-time bound (both runs) ---
for run in ("json", "text"):
    rc = int(read(f"{run}.rc"))
    seconds = int(read(f"{run}.seconds"))
    expect(rc == 1, f"{run} run: exit code {rc}, expected 1 (fail findings exist); "
                    f"stderr: {read(f'{run}.stderr')[-2000:]}")
    expect(seconds < max_wall_s, f"{run} run: took {seconds} s, bound is {max_wall_s} s")

try:
    report = json.loads(read("report.json"))
except (OSError, ValueError) as error:
    print(f"FAIL: no readable JSON report: {error}", file=sys.stderr)
    print(read("json.stderr")[-4000:], file=sys.stderr)
    sys.exit(1)

results = {}
for entry in report.get("targets", []):
    results[entry["target"]["host"]] = entry["findings"]
expect(sorted(results) == sorted(list(EXPECTED) + ["silent.osescan.test", "nonexistent.osescan.test"]),
       f"targets in the report: {sorted(results)}")


def findings_of(host, check_id):
    return [f for f in results.get(host, []) if f["check_id"] == check_id]


# --- the four answering hosts: exact status per check per address ---
for host, (addresses, statuses) in EXPECTED.items():
    for check_id, status in statuses.items():
        found = findings_of(host, check_id)
        by_address = {}
        for f in found:
            by_address.setdefault(address_of(f["subject"]), []).append(f["status"])
        expect(sorted(by_address) == sorted(addresses) and all(len(v) == 1 for v in by_address.values()),
               f"{host} {check_id}: one finding per address {addresses} expected, got "
               f"{[(f['subject'], f['status']) for f in found]}")
        for address, got in by_address.items():
            expect(got == [status], f"{host} {check_id} on {address}: {got}, expected {status}: "
                                    f"{[f['summary'] for f in found if address_of(f['subject']) == address]}")

# --- silent: it accepts and never answers, so every HTTPS/TLS finding is a timeout error ---
silent = results.get("silent.osescan.test", [])
for check_id in FOUNDATION_CHECKS:
    found = findings_of("silent.osescan.test", check_id)
    expect(len(found) >= 1, f"silent {check_id}: no finding")
    for f in found:
        expect(f["status"] == "error", f"silent {check_id} ({f['subject']}): {f['status']}, expected error")
# hsts.preload's not-base-domain is judged from the name alone (a subdomain cannot be
# submitted), so it stands without any answer from the server.
for f in silent:
    if f["check_id"].split(".")[0] in ("tls", "https", "hsts") and f["outcome"] != "not-base-domain":
        expect(f["status"] == "error", f"silent {f['check_id']}: {f['status']}, expected error")
for check_id in ("https.available", "tls.version"):
    for f in findings_of("silent.osescan.test", check_id):
        blob = f["outcome"] + " " + json.dumps(f.get("evidence", {})) + " " + f["summary"]
        expect("timeout" in blob, f"silent {check_id}: the error does not say timeout: {blob}")

# --- nonexistent: NXDOMAIN errors, nothing judged as pass or fail ---
nonexistent = results.get("nonexistent.osescan.test", [])
expect(len(nonexistent) >= 1, "nonexistent: no findings")
# Only the foundation checks are held to this here; how the newer families (ipv6, mail)
# should judge a name that does not exist is their issues' business (noted for the team).
for f in (f for f in nonexistent if f["check_id"] in FOUNDATION_CHECKS):
    expect(f["status"] in ("error", "not_applicable"),
           f"nonexistent {f['check_id']}: {f['status']}, expected error")
for check_id in FOUNDATION_CHECKS:
    found = findings_of("nonexistent.osescan.test", check_id)
    expect(len(found) >= 1, f"nonexistent {check_id}: no finding")
    for f in found:
        blob = f["summary"] + " " + json.dumps(f.get("evidence", {}))
        expect(f["status"] == "error" and "NXDOMAIN" in blob,
               f"nonexistent {check_id}: {f['status']} '{f['summary']}', expected an error naming NXDOMAIN")

# --- the text report (run without --json) has a verdict line for each of those findings ---
text = read("text.stdout")
sections = {}
current = None
for line in text.splitlines():
    if line and not line[0].isspace():
        current = line.split()[0]
        sections.setdefault(current, [])
    elif current:
        sections[current].append(line)
WORDS = {"pass": "PASS", "info": "INFO", "warn": "WARN", "fail": "FAIL", "error": "ERR ",
         "not_applicable": "N/A "}
for host, findings in results.items():
    expect(host in sections, f"text report: no section for {host}")
    lines = sections.get(host, [])
    for f in findings:
        if f["check_id"] not in FOUNDATION_CHECKS:
            continue
        # Rows are grouped: one row per check and verdict lists the subjects it covers.
        verdict = f"{WORDS[f['status']]}  {report['catalogue'][f['check_id']]['title']}"
        expect(any(verdict in line and (not f["subject"] or f["subject"] in line.split(": ", 1)[0])
                   for line in lines),
               f"text report, {host}: no line containing '{verdict}' for '{f['subject']}'")

if failures:
    print(f"FAIL: {len(failures)} expectation(s) not met:", file=sys.stderr)
    for message in failures:
        print("  - " + message, file=sys.stderr)
    sys.exit(1)
print("loopback servers: every expectation met")
PYTHON
