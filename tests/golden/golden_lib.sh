# Shared by tests/integration/test_golden.sh and tests/golden/regenerate.sh: how one golden
# case is rendered. A case is tests/golden/NAME.facts.json (recorded facts, hand-written),
# optionally NAME.args (extra `osescan check` arguments, one per line), and the expected
# outputs NAME.report.json (normalised JSON report) and NAME.report.txt (text report,
# --verbose, no colour, time normalised).

# golden_render OSESCAN CASE_DIR NAME OUT_DIR: writes OUT_DIR/NAME.report.{json,txt}.
golden_render() {
    local osescan=$1 dir=$2 name=$3 out=$4
    local args=()
    if [[ -f $dir/$name.args ]]; then
        mapfile -t args < <(grep -v '^[[:space:]]*\(#\|$\)' "$dir/$name.args")
    fi
    local rc=0
    "$osescan" check --from-facts "$dir/$name.facts.json" --fail-on never --quiet \
        --json "$out/$name.raw.json" "${args[@]}" || rc=$?
    if [[ $rc != 0 ]]; then
        echo "osescan exited $rc for the JSON report of $name" >&2
        return 1
    fi
    /usr/bin/python3 "$dir/normalise_report.py" "$out/$name.raw.json" >"$out/$name.report.json"
    rm -f "$out/$name.raw.json"
    rc=0
    NO_COLOR=1 "$osescan" check --from-facts "$dir/$name.facts.json" --fail-on never --verbose \
        "${args[@]}" >"$out/$name.raw.txt" || rc=$?
    if [[ $rc != 0 ]]; then
        echo "osescan exited $rc for the text report of $name" >&2
        return 1
    fi
    # The closing line's wall time ("..., 0.0 s: ...") varies.
    sed -E 's/, [0-9]+\.[0-9] s: /, TIME s: /' "$out/$name.raw.txt" >"$out/$name.report.txt"
    rm -f "$out/$name.raw.txt"
    # The text as people see it by default: grouped rows (report/finding_groups.hpp).
    rc=0
    NO_COLOR=1 "$osescan" check --from-facts "$dir/$name.facts.json" --fail-on never \
        "${args[@]}" >"$out/$name.raw.txt" || rc=$?
    if [[ $rc != 0 ]]; then
        echo "osescan exited $rc for the grouped text report of $name" >&2
        return 1
    fi
    sed -E 's/, [0-9]+\.[0-9] s: /, TIME s: /' "$out/$name.raw.txt" >"$out/$name.report.grouped.txt"
    rm -f "$out/$name.raw.txt"
}
