#!/usr/bin/env bash
# Exit codes of the real binary (cli/exit_codes.hpp): 0 clean, 1 findings at or above
# --fail-on, 2 usage or input error, 3 the scan could not run or write its results.
# Everything here is a replay or is rejected before any network operation.
#
# Env (set by ctest): OSESCAN (the binary), OSESCAN_SOURCE_DIR, OSESCAN_BUILD_DIR.
set -uo pipefail

source_dir=${OSESCAN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
build_dir=${OSESCAN_BUILD_DIR:-$source_dir/build}
osescan=${OSESCAN:-$build_dir/cli/osescan}
golden=$source_dir/tests/golden
[[ -x $osescan ]] || { echo "FAIL: osescan binary not found at '$osescan'" >&2; exit 1; }

out=$(mktemp -d "${TMPDIR:-/tmp}/osescan-exit.XXXXXX")
trap 'rm -rf "$out"' EXIT
failures=0

# expect CODE STDERR_PATTERN ARGS...: run osescan ARGS, assert the exit code and that stderr
# matches the (grep -E) pattern; "" = stderr must be empty.
expect() {
    local want=$1 pattern=$2
    shift 2
    local rc=0
    NO_COLOR=1 "$osescan" "$@" >"$out/stdout" 2>"$out/stderr" </dev/null || rc=$?
    if [[ $rc != "$want" ]]; then
        echo "FAIL: osescan $*: exit $rc, expected $want; stderr: $(head -c 600 "$out/stderr")" >&2
        failures=$((failures + 1))
    elif [[ -z $pattern && -s $out/stderr ]]; then
        echo "FAIL: osescan $*: unexpected stderr: $(head -c 600 "$out/stderr")" >&2
        failures=$((failures + 1))
    elif [[ -n $pattern ]] && ! grep -Eq -- "$pattern" "$out/stderr"; then
        echo "FAIL: osescan $*: stderr does not match '$pattern': $(head -c 600 "$out/stderr")" >&2
        failures=$((failures + 1))
    fi
}

weak=$golden/weak-site.facts.json
strong=$golden/strong-site.facts.json
only=(--only https,tls)

# --- 0 / 1: the --fail-on gate on replayed facts ---
expect 1 "" check --from-facts "$weak" "${only[@]}"                      # fail findings, default gate
expect 0 "" check --from-facts "$weak" "${only[@]}" --fail-on never
expect 1 "" check --from-facts "$weak" "${only[@]}" --fail-on warn
expect 0 "" check --from-facts "$strong" "${only[@]}"                    # all pass
expect 0 "" check --from-facts "$strong" "${only[@]}" --fail-on warn
expect 1 "" check --from-facts "$strong" --only hsts.policy,tls.version,rpki.web.valid  # not recorded -> error
expect 0 "" check --from-facts "$strong" --only hsts.policy,tls.version,rpki.web.valid --fail-on never
# --fail-on error trips only on errors: the weak site's are fails, the edge cases have errors.
expect 0 "" check --from-facts "$weak" "${only[@]}" --fail-on error
expect 1 "" check --from-facts "$golden/edge-cases.facts.json" "${only[@]}" --fail-on error
# The stdout text has the target section and verdict lines.
expect 1 "" check --from-facts "$weak" "${only[@]}"
if ! grep -q '^weak.example/login  overall score' "$out/stdout" || ! grep -q 'FAIL  ' "$out/stdout"; then
    echo "FAIL: text report of the weak site lacks its heading or a FAIL line" >&2
    failures=$((failures + 1))
fi
expect 1 "" check --from-facts "$weak" "${only[@]}" --quiet
if [[ -s $out/stdout ]]; then
    echo "FAIL: --quiet printed to stdout" >&2
    failures=$((failures + 1))
fi
expect 1 "" check --from-facts "$weak" "${only[@]}" --json -
if ! /usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["schema"]=="osescan/3"' "$out/stdout"; then
    echo "FAIL: --json - did not put exactly one JSON report on stdout" >&2
    failures=$((failures + 1))
fi

# --- 2: usage and input errors, nothing scanned ---
expect 2 "invalid target 'bad_target!'" check 'bad_target!'
expect 2 "invalid target 'https://example.com:99999/'.*invalid port" check example.com https://example.com:99999/
expect 2 "unknown check or family 'nonsense'" check --only nonsense example.com
expect 2 "unknown check or family 'tls.nothing'" check --skip https,tls.nothing example.com
expect 2 "no target given" check
expect 2 "--fail-on must be" check --fail-on sometimes example.com
expect 2 "--concurrency must be between 1 and" check --concurrency 0 example.com
expect 2 "--timeout" check --timeout abc example.com
expect 2 "--timeout must be more than 0" check --timeout 0 example.com
expect 2 "invalid --resolver 'dns.example'" check --resolver dns.example example.com
expect 2 "cannot both write to standard output" check --json - --save-facts - example.com
expect 2 "[Ss]ubcommand" # no subcommand
expect 2 "--no-such-option" check --no-such-option example.com
expect 2 "unknown check or family 'nonsense'" list-checks --only nonsense
# Replay inputs: unreadable, not JSON, not a facts file, a target that was not recorded.
expect 2 "cannot read facts file $out/missing.json: No such file or directory" check --from-facts "$out/missing.json"
expect 2 "is a directory" check --from-facts "$out"
echo 'not json' >"$out/garbage.json"
expect 2 "is not valid JSON" check --from-facts "$out/garbage.json"
echo '{"schema": "osescan/3", "targets": []}' >"$out/report-not-facts.json"
expect 2 "not an osescan facts file" check --from-facts "$out/report-not-facts.json"
echo '{"schema": "osescan-facts/1", "context": {"now": 1}, "targets": [{"target": {}}]}' >"$out/bad-facts.json"
expect 2 "malformed facts file" check --from-facts "$out/bad-facts.json"
# An unknown fact kind is an error naming the file and the entry, not read as another kind.
/usr/bin/python3 - "$weak" "$out/unknown-kind.facts.json" <<'PYTHON'
import json, sys
facts = json.load(open(sys.argv[1]))
facts["targets"][0]["observations"][1]["request"]["kind"] = "tls-foo"
json.dump(facts, open(sys.argv[2], "w"))
PYTHON
expect 2 "facts file $out/unknown-kind.facts.json: target 0, fact 1: unknown kind \"tls-foo\"" \
    check --from-facts "$out/unknown-kind.facts.json"
expect 2 "target 'example.org' is not in the facts file" check --from-facts "$weak" example.org

# --- 3: the scan could not run / its results could not be written ---
expect 3 "cannot read --ca-file $out/no-ca.pem" check --ca-file "$out/no-ca.pem" example.com
expect 3 "cannot read --trust-anchor" check --trust-anchor "$out/no-root.key" example.com
expect 3 "cannot write $out/no-dir/report.json" check --from-facts "$weak" "${only[@]}" --json "$out/no-dir/report.json"
expect 3 "cannot write" check --from-facts "$weak" "${only[@]}" --quiet --save-facts "$out/no-dir/facts.json"

# --- 0: help and version ---
expect 0 "" --help
grep -q "Exit codes:" "$out/stdout" || { echo "FAIL: --help has no exit code footer" >&2; failures=$((failures + 1)); }
expect 0 "" check --help
grep -q -- "--fail-on" "$out/stdout" || { echo "FAIL: check --help does not list --fail-on" >&2; failures=$((failures + 1)); }
grep -q "3  the scan could not run" "$out/stdout" || { echo "FAIL: check --help has no exit code footer" >&2; failures=$((failures + 1)); }
expect 0 "" --version
grep -Eq '^osescan [0-9]+\.[0-9]+\.[0-9]+' "$out/stdout" || { echo "FAIL: --version prints $(cat "$out/stdout")" >&2; failures=$((failures + 1)); }
expect 0 "" list-checks
grep -q '^tls.version ' "$out/stdout" || { echo "FAIL: list-checks does not list tls.version" >&2; failures=$((failures + 1)); }

if [[ $failures != 0 ]]; then
    echo "FAIL: $failures exit-code expectation(s) not met" >&2
    exit 1
fi
echo "exit codes: every expectation met"
