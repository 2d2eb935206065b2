# shellcheck shell=bash
# Shared by up, down, run and selfcheck: where the world lives and what runs in it.
#
#   OSESCAN_WORLD_STATE   state directory (default: <repo>/build/world)
#   OSESCAN_WORLD_NETNS   network namespace (default: "namespace" of sites.json)

world_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
world_repo=$(cd "$world_dir/../.." && pwd)
world_python=/usr/bin/python3
world_state=${OSESCAN_WORLD_STATE:-$world_repo/build/world}
world_netns=${OSESCAN_WORLD_NETNS:-$("$world_python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["namespace"])' "$world_dir/sites.json")}
# After this many seconds up restarts a running world, so that DNSSEC signatures (30 days),
# OCSP staples (10 days) and certificates (renewed 30 days before expiry) stay current.
world_max_age=$((6 * 86400))

# The daemons `up` starts: name and the executable its pid file must point at.
world_daemons=(nsd-root:nsd nsd-tld:nsd nsd-sites1:nsd nsd-sites2:nsd unbound:unbound nginx:nginx
    stayrtr:stayrtr hostile:python3)

world_say() { printf 'world: %s\n' "$*" >&2; }
world_die() {
    world_say "error: $*"
    exit 1
}

world_require_root() {
    [[ $(id -u) -eq 0 ]] || world_die "needs root (network namespaces); run with sudo"
}

world_in() { ip netns exec "$world_netns" "$@"; }

# world_pid NAME EXE: the live pid of daemon NAME, if its pid file names a running EXE
# inside our namespace (a recycled pid elsewhere is not ours). Builtins only: it runs for
# every daemon on every `up`.
world_pid() {
    local file=$world_state/run/$1.pid pid="" comm=""
    [[ -s $file ]] || return 1
    read -r pid <"$file" || true
    [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/comm ]] || return 1
    read -r comm <"/proc/$pid/comm" || return 1
    [[ $comm == "$2"* ]] || return 1
    if world_netns_exists; then
        [[ /proc/$pid/ns/net -ef /run/netns/$world_netns ]] || return 1
    fi
    printf '%s\n' "$pid"
}

world_netns_exists() { [[ -e /run/netns/$world_netns ]]; }

# Succeeds when the world is up: namespace, every daemon, world.json, and young enough.
# A digest of everything the world is generated from: a world started from other sources
# (after a git pull or an edit of sites.json) is rebuilt by up, not reused.
world_source_stamp() {
    cat "$world_dir/sites.json" "$world_dir"/generate.py "$world_dir"/hostile.py "$world_dir"/worldgen/*.py \
        "$world_dir"/up "$world_dir"/lib/*.sh 2>/dev/null | sha256sum | cut -d' ' -f1
}

world_healthy() {
    world_netns_exists || return 1
    [[ $(cat "$world_state/run/source.stamp" 2>/dev/null) == "$(world_source_stamp)" ]] || return 1
    [[ -s $world_state/world.json && -s $world_state/run/started ]] || return 1
    [[ $(cat "$world_state/run/netns" 2>/dev/null) == "$world_netns" ]] || return 1
    local entry
    for entry in "${world_daemons[@]}"; do
        world_pid "${entry%%:*}" "${entry#*:}" >/dev/null || return 1
    done
    local started now
    started=$(cat "$world_state/run/started")
    now=$(date +%s)
    ((now - started < world_max_age))
}
