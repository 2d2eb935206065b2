#!/usr/bin/env bash
# The demo world's site table (examples/world/sites.json) and what the generator makes of
# it, without root and without starting anything:
#   - sites.json is valid and consistent (addresses, routing states, name servers);
#   - README.md's generated tables are in sync with it;
#   - the generated zones load in nsd and (when signed) verify with ldns-verify-zone —
#     except bogus.example, whose signatures must be expired — and the nsd and unbound
#     configurations pass nsd-checkconf / unbound-checkconf.
set -euo pipefail

source_dir=${OSESCAN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
build_dir=${OSESCAN_BUILD_DIR:-$source_dir/build}
world=$source_dir/examples/world
python=/usr/bin/python3
for tool in "$python" ldns-keygen ldns-signzone ldns-key2ds ldns-verify-zone nsd-checkzone nsd-checkconf \
    unbound-checkconf openssl; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool not found (run scripts/install-deps)" >&2; exit 1; }
done

failures=0
passes=0
check() { # check DESCRIPTION COMMAND...
    local what=$1 output
    shift
    if output=$("$@" 2>&1); then
        passes=$((passes + 1))
        echo "ok   $what"
    else
        failures=$((failures + 1))
        echo "FAIL $what"
        printf '%s\n' "$output" | tail -n 15 | sed 's/^/     /'
    fi
}

check "sites.json is valid for the generator" "$python" "$world/generate.py" validate
check "sites.json is consistent (routing, name servers, defects)" "$python" "$source_dir/tests/world/check_sites.py"
check "README.md tables match sites.json" "$python" "$world/readme_table.py" --check
check "generator unit tests (tests/world/test_worldgen.py)" \
    bash -c "cd '$source_dir/tests/world' && '$python' -m unittest -q test_worldgen"

# The generator alone (no PKI: TLSA records are left out for sites without certificates).
state=$build_dir/world-generator-test
mkdir -p "$state"
check "generate.py build" "$python" "$world/generate.py" build --state "$state"

zone_of_file() { # root.zone.signed -> "."; good.example.zone.signed -> good.example
    local base=${1##*/}
    base=${base%.zone.signed}
    [[ $base == root ]] && echo . || echo "$base"
}
zones=0
for signed in "$state"/zones/*.zone.signed; do
    zone=$(zone_of_file "$signed")
    zones=$((zones + 1))
    check "nsd loads $zone" nsd-checkzone "$zone" "$signed"
    if grep -q "RRSIG" "$signed"; then
        if [[ $zone == bogus.example ]]; then
            check "$zone: signatures are expired" bash -c "! ldns-verify-zone '$signed' >/dev/null 2>&1"
        else
            check "$zone: signatures verify" ldns-verify-zone "$signed"
        fi
    fi
done
check "every zone was generated (at least 45)" test "$zones" -ge 45
check "unsigned.example has no RRSIG" bash -c "! grep -q RRSIG '$state/zones/unsigned.example.zone.signed'"
check "mail-unsigned.example (zone of an MX host) has no RRSIG" \
    bash -c "! grep -q RRSIG '$state/zones/mail-unsigned.example.zone.signed'"
check "mail.example has RRSIGs on its mail hosts' addresses" \
    grep -Eq "^mxinv\.mail\.example\.[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+RRSIG[[:space:]]+A " \
    "$state/zones/mail.example.zone.signed"
check "the mail hosts' addresses are put on the namespace's lo" bash -c \
    "grep -qx 'address add 198.51.100.7/32 dev lo' '$state/addresses.batch' &&
     grep -qx 'address add 2001:db8:300::25/128 dev lo nodad' '$state/addresses.batch'"
check "nsec3iter.example: NSEC3PARAM 1 0 50 with salt" grep -Eiq "NSEC3PARAM[[:space:]]+1 0 50 c0ffee42" \
    "$state/zones/nsec3iter.example.zone.signed"
check "rsasha1.example signed with algorithm 5" grep -Eq "DNSKEY[[:space:]]+257 3 5 " \
    "$state/zones/rsasha1.example.zone.signed"
for conf in "$state"/nsd/*/nsd.conf; do
    check "nsd-checkconf ${conf#"$state"/}" nsd-checkconf "$conf"
done
check "unbound-checkconf" unbound-checkconf "$state/unbound/unbound.conf"
check "root trust anchor is a DS record" grep -Eq '^\. IN DS [0-9]+ 13 2 [0-9a-f]{64}$' "$state/root.key"

echo "$passes passed, $failures failed"
((failures == 0))
