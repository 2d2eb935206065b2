#!/usr/bin/env bash
# The demo world (examples/world) brought up for real in a namespace of its own, checked
# from inside by its selfcheck (every site has its intended property), then:
#   - a second `up` on the healthy world returns at once and changes nothing;
#   - `down` leaves no process of the world and no namespace behind.
# Uses its own namespace and state directory, so a world someone runs is left alone.
# Needs root (network namespace); exits 77 (skipped) otherwise.
set -euo pipefail

source_dir=${OSESCAN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
build_dir=${OSESCAN_BUILD_DIR:-$source_dir/build}
world=$source_dir/examples/world

# shellcheck source=../world/world_test_env.sh
source "$source_dir/tests/world/world_test_env.sh"
world_test_require_namespaces
world_test_use selfcheck
trap '"$world/down" >/dev/null 2>&1 || true' EXIT

failures=0
passes=0
check() { # check DESCRIPTION ACTUAL EXPECTED
    if [[ $2 == "$3" ]]; then
        passes=$((passes + 1))
        echo "ok   $1"
    else
        failures=$((failures + 1))
        echo "FAIL $1"
        echo "     got:      '$2'"
        echo "     expected: '$3'"
    fi
}

"$world/down" >/dev/null 2>&1 || true
"$world/up"
check "world.json names the namespace" \
    "$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["namespace"])' "$OSESCAN_WORLD_STATE/world.json")" \
    "$OSESCAN_WORLD_NETNS"

if "$world/selfcheck" >"$OSESCAN_WORLD_STATE/selfcheck.out" 2>&1; then selfcheck=0; else selfcheck=$?; fi
cat "$OSESCAN_WORLD_STATE/selfcheck.out"
check "selfcheck passes" "$selfcheck" 0
check "selfcheck ran more than 1000 checks" \
    "$(sed -n 's/^selfcheck: \([0-9]*\) passed, 0 failed$/\1/p' "$OSESCAN_WORLD_STATE/selfcheck.out" |
        awk '{ print ($1 > 1000) ? "yes" : "no" }')" yes

# Nothing of the world is reachable from the host namespace: the addresses live only on
# the namespace's lo (checked without sending anything: the host has no such address).
check "no world address on the host" "$(ip -o addr show | grep -c -E '198\.51\.100\.|203\.0\.113\.|2001:db8:' || true)" 0

pids_before=$(cat "$OSESCAN_WORLD_STATE"/run/*.pid | sort | tr '\n' ' ')
started=$SECONDS
second=$("$world/up" 2>&1)
check "second up says the world is already up" "$(grep -c 'already up' <<<"$second")" 1
check "second up takes under 10 s" "$(((SECONDS - started) < 10))" 1
check "second up keeps the same daemons" "$(cat "$OSESCAN_WORLD_STATE"/run/*.pid | sort | tr '\n' ' ')" "$pids_before"

"$world/down"
alive=0
for pid in $pids_before; do
    [[ -d /proc/$pid ]] && alive=$((alive + 1))
done
check "down stops every daemon" "$alive" 0
check "down deletes the namespace" "$(ip netns list | grep -c "^$OSESCAN_WORLD_NETNS\b" || true)" 0
check "down removes /etc/netns/$OSESCAN_WORLD_NETNS" "$([[ -e /etc/netns/$OSESCAN_WORLD_NETNS ]] && echo yes || echo no)" no

echo "$passes passed, $failures failed"
((failures == 0))
