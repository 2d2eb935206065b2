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
    stayrtr:stayrtr hostile:python3 scripted:python3 ocsp:openssl)
# The time servers: one chronyd per time site, listed by generate.py build.
if [[ -s $world_state/chrony/instances ]]; then
    while read -r world_chrony; do world_daemons+=("chrony-$world_chrony:chronyd"); done <"$world_state/chrony/instances"
    unset world_chrony
fi

world_say() { printf 'world: %s\n' "$*" >&2; }
world_die() {
    world_say "error: $*"
    exit 1
}

# Two ways to hold the world's namespaces:
# - as root: a named network namespace (`ip netns`), and /etc/netns/NAME/resolv.conf so
#   that commands inside use the world's resolver;
# - rootless: an unprivileged user + network + mount namespace (`unshare -rnm`) held open by
#   a `sleep` whose pid is in run/holder.pid; inside it the world's resolv.conf is bind-
#   mounted over /etc/resolv.conf. The daemons run as the namespace's root (uid 0 mapped to
#   the caller), which their configurations allow (username "", nginx `user root`).
world_rootless() { [[ $(id -u) -ne 0 ]]; }
world_holder_file() { printf '%s\n' "$world_state/run/holder.pid"; }

# Postfix, the MX hosts' MTA (worldgen/mta.py), runs only as real root: it refuses a
# mail_owner with uid 0, the only uid a rootless world's user namespace maps.
if ! world_rootless; then world_daemons+=(postfix:master); fi

# The holder's pid when it is alive and still our `sleep`.
world_holder_pid() {
    local pid="" comm=""
    [[ -s $(world_holder_file) ]] || return 1
    read -r pid <"$(world_holder_file)" || true
    [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/comm ]] || return 1
    read -r comm <"/proc/$pid/comm" || return 1
    [[ $comm == sleep ]] || return 1
    printf '%s\n' "$pid"
}

world_require_root() {
    [[ $(id -u) -eq 0 ]] && return 0
    unshare -rn true 2>/dev/null ||
        world_die "needs root (network namespaces), or unprivileged user namespaces (unshare -rn); run with sudo"
}

world_in() {
    if world_rootless; then
        local holder
        holder=$(world_holder_pid) || world_die "the world's namespace holder is gone; run $world_dir/up"
        nsenter --preserve-credentials -t "$holder" -U -n -m -- "$@"
    else
        ip netns exec "$world_netns" "$@"
    fi
}

# world_in, replacing the calling shell (the command keeps its pid and its signals).
world_exec() {
    if world_rootless; then
        local holder
        holder=$(world_holder_pid) || world_die "the world's namespace holder is gone; run $world_dir/up"
        exec nsenter --preserve-credentials -t "$holder" -U -n -m -- "$@"
    fi
    exec ip netns exec "$world_netns" "$@"
}

# The namespace file a daemon of ours must be in.
world_netns_file() {
    if world_rootless; then
        local holder
        holder=$(world_holder_pid) || return 1
        printf '/proc/%s/ns/net\n' "$holder"
    else
        printf '/run/netns/%s\n' "$world_netns"
    fi
}

# world_ns_create RESOLV_CONF: a new, empty namespace whose commands resolve through
# RESOLV_CONF (lo is brought up by the caller).
world_ns_create() {
    if world_rootless; then
        unshare -rnm --propagation private sh -c 'mount --bind "$1" /etc/resolv.conf && exec sleep infinity' \
            sh "$1" </dev/null >/dev/null 2>&1 8>&- &
        printf '%s\n' "$!" >"$(world_holder_file)"
        local _
        for _ in $(seq 50); do  # until the bind mount is done and sleep runs
            world_holder_pid >/dev/null && return 0
            sleep 0.1
        done
        world_die "could not create the rootless namespace (unshare -rnm)"
    else
        ip netns add "$world_netns"
        mkdir -p "/etc/netns/$world_netns"
        cp "$1" "/etc/netns/$world_netns/resolv.conf"
    fi
}

world_ns_delete() {
    if world_rootless; then
        local holder
        if holder=$(world_holder_pid); then kill -TERM "$holder" 2>/dev/null || true; fi
        rm -f "$(world_holder_file)"
    else
        if [[ -e /run/netns/$world_netns ]]; then ip netns delete "$world_netns"; fi
        rm -rf "/etc/netns/$world_netns"
    fi
}

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
    local netns_file
    if netns_file=$(world_netns_file) && [[ -e $netns_file ]]; then
        [[ /proc/$pid/ns/net -ef $netns_file ]] || return 1
    fi
    printf '%s\n' "$pid"
}

world_netns_exists() {
    if world_rootless; then world_holder_pid >/dev/null; else [[ -e /run/netns/$world_netns ]]; fi
}

# Succeeds when the world is up: namespace, every daemon, world.json, and young enough.
# A digest of everything the world is generated from: a world started from other sources
# (after a git pull or an edit of sites.json) is rebuilt by up, not reused.
world_source_stamp() {
    cat "$world_dir/sites.json" "$world_dir"/generate.py "$world_dir"/hostile.py "$world_dir"/scripted.py \
        "$world_dir"/worldgen/*.py "$world_repo/tests/servers/tls_legacy_server.py" \
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
