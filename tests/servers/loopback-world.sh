#!/usr/bin/env bash
# The loopback world: real servers in a private network namespace, for integration tests.
#
#   loopback-world.sh up STATE_DIR        create the namespace and start every server
#   loopback-world.sh exec STATE_DIR CMD [ARG...]   run CMD inside the namespace
#   loopback-world.sh down STATE_DIR      stop exactly the servers `up` started, remove
#                                         the namespace (idempotent; safe after a crash)
#   loopback-world.sh status STATE_DIR    print the namespace and the recorded servers
#
# What `up` makes: a network namespace "osescan-loop-<pid>" whose only interface is its
# own lo (127.0.0.0/8 and ::1): nothing of the host's network is touched and no packet
# leaves the namespace. In it:
#   127.0.0.53:53  nsd, authoritative for osescan.test (loopback/osescan.test.zone)
#   127.0.0.10 ::1 strong.osescan.test     TLS 1.2+1.3, P-256, full chain, HSTS, 80 -> 301
#   127.0.0.20     weak.osescan.test       TLS 1.0-1.2, no HSTS, content on 80
#   127.0.0.30     expired.osescan.test    like strong, leaf expired
#   127.0.0.40     wrongname.osescan.test  like strong, certificate for other.osescan.test
#   127.0.0.50     silent.osescan.test     accepts TCP on 80 and 443, never answers
# Clients trust STATE_DIR/ca.pem (the test root, made with scripts/lib/pki.sh; keys stay in
# STATE_DIR/pki, or in $OSESCAN_LOOPBACK_PKI when set, so several worlds can share one).
#
# Exit codes: 0 ok; 77 this machine cannot run it (not root, or network namespaces are not
# permitted) — a test passes that on as "skipped"; 1 anything else (a message says what).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
k_ready_timeout_s=15

die() {
    printf 'loopback-world: %s\n' "$*" >&2
    exit 1
}
skip() {
    printf 'loopback-world: SKIP: %s\n' "$*" >&2
    exit 77
}
note() { printf 'loopback-world: %s\n' "$*" >&2; }

usage() {
    sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 1
}

# A pid is ours only if it still lives in our namespace: a recycled pid elsewhere is never
# signalled.
pid_in_netns() {
    local pid=$1 netns=$2
    [[ -d /proc/$pid ]] || return 1
    [[ $(ip netns identify "$pid" 2>/dev/null) == "$netns" ]]
}

# running PID: the process exists and is not a zombie (an exited server whose parent,
# often init after `up` returned, has not reaped it yet).
running() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [[ ${stat%% *} != [ZX] ]]
}

cmd_down() {
    local state=$1
    [[ -f $state/netns ]] || return 0
    local netns
    netns=$(cat "$state/netns")
    local -a pids=()
    local pid name
    if [[ -f $state/pids ]]; then
        while read -r pid name; do
            [[ $pid =~ ^[0-9]+$ ]] || continue
            if pid_in_netns "$pid" "$netns"; then
                kill -TERM "$pid" 2>/dev/null || true
                pids+=("$pid")
            fi
        done <"$state/pids"
    fi
    # Give them 10 s to exit (nginx and nsd stop their own workers first), then SIGKILL
    # and wait until the kernel has really ended them.
    local deadline=$((SECONDS + 10))
    for pid in "${pids[@]}"; do
        while running "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
    done
    for pid in "${pids[@]}"; do
        if running "$pid"; then
            note "pid $pid did not stop on SIGTERM; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    deadline=$((SECONDS + 5))
    for pid in "${pids[@]}"; do
        while running "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
        if running "$pid"; then note "pid $pid is still running after SIGKILL"; fi
    done
    # Reap children of ours that were started in this shell (none when called from a
    # separate `down` invocation).
    wait 2>/dev/null || true
    if ip netns list 2>/dev/null | grep -qw -- "$netns"; then
        ip netns delete "$netns" || note "could not delete namespace $netns"
    fi
    rm -f "$state/pids" "$state/netns"
}

# in_netns CMD...: run CMD in the world's namespace.
in_netns() {
    ip netns exec "$netns" "$@"
}

# start NAME CMD...: start a server in the namespace in the background, record its pid.
# `ip netns exec` execs CMD, so $! is the server's own pid.
start() {
    local name=$1
    shift
    ip netns exec "$netns" "$@" >>"$state/$name.out" 2>&1 </dev/null &
    printf '%s %s\n' "$!" "$name" >>"$state/pids"
}

# wait_tcp ADDRESS PORT NAME: wait until something accepts on ADDRESS:PORT.
wait_tcp() {
    local address=$1 port=$2 name=$3 deadline=$((SECONDS + k_ready_timeout_s))
    local host=$address
    [[ $address == *:* ]] && host="[$address]"
    until in_netns timeout 1 bash -c "exec 3<>/dev/tcp/$address/$port" 2>/dev/null; do
        ((SECONDS < deadline)) || die "$name did not listen on $host:$port within ${k_ready_timeout_s}s (see $state/$name.out)"
        check_alive "$name"
        sleep 0.1
    done
}

# check_alive NAME: die if the server NAME exited.
check_alive() {
    local pid
    pid=$(awk -v n="$1" '$2 == n { print $1 }' "$state/pids")
    kill -0 "$pid" 2>/dev/null ||
        die "$1 exited: $(tail -n 20 "$state/$1.out" "$state/$1"/*.log 2>/dev/null)"
}

make_pki() {
    local pki=$1
    # shellcheck source=SCRIPTDIR/../../scripts/lib/pki.sh
    source "$source_dir/scripts/lib/pki.sh"
    pki_init "$pki" --name "osescan Loopback Test"
    pki_leaf "$pki" strong --san strong.osescan.test
    pki_leaf "$pki" weak --san weak.osescan.test
    pki_leaf "$pki" expired --san expired.osescan.test --not-before "-400 days" --not-after "-2 days"
    pki_leaf "$pki" other --san other.osescan.test
}

cmd_up() {
    [[ $(id -u) == 0 ]] || skip "needs root to create a network namespace (ip netns add)"
    local tool
    for tool in ip nsd nginx openssl python3 timeout flock; do
        command -v "$tool" >/dev/null || die "$tool not found (run scripts/install-deps)"
    done
    # A world left by a killed run: stop it first.
    cmd_down "$state"
    mkdir -p "$state"
    state=$(cd "$state" && pwd)

    netns=osescan-loop-$$
    ip netns add "$netns" 2>"$state/netns.err" ||
        skip "network namespaces are not permitted here: $(cat "$state/netns.err")"
    printf '%s\n' "$netns" >"$state/netns"
    : >"$state/pids"
    # From here on a failure must not leave the namespace or a server behind.
    up_ready=no
    trap '[[ $up_ready == yes ]] || cmd_down "$state"' EXIT
    trap 'exit 1' INT TERM
    in_netns ip link set lo up

    local pki=${OSESCAN_LOOPBACK_PKI:-$state/pki}
    make_pki "$pki"
    cp -f "$pki/ca.pem" "$state/ca.pem"

    # nsd
    rm -rf "$state/nsd"
    mkdir -p "$state/nsd"
    cp "$here/loopback/osescan.test.zone" "$state/nsd/"
    sed "s|@STATE@|$state|g" "$here/loopback/nsd.conf.in" >"$state/nsd/nsd.conf"
    nsd-checkconf "$state/nsd/nsd.conf" || die "nsd.conf rejected"
    start nsd nsd -d -c "$state/nsd/nsd.conf"

    # nginx (its workers run as nobody; only the temp dirs need to be theirs)
    rm -rf "$state/nginx"
    mkdir -p "$state/nginx/tmp"
    chmod 0755 "$state/nginx"
    chown nobody:nogroup "$state/nginx/tmp"
    sed -e "s|@STATE@|$state|g" -e "s|@PKI@|$pki|g" "$here/loopback/nginx.conf.in" \
        >"$state/nginx/nginx.conf"
    in_netns nginx -t -q -e "$state/nginx/error.log" -c "$state/nginx/nginx.conf" ||
        die "nginx rejected $state/nginx/nginx.conf"
    start nginx nginx -e "$state/nginx/error.log" -c "$state/nginx/nginx.conf" -g "daemon off;"

    # silent.osescan.test
    start silent /usr/bin/python3 "$here/silent_listener.py" 127.0.0.50:443 127.0.0.50:80

    wait_tcp 127.0.0.10 443 nginx
    wait_tcp ::1 443 nginx
    wait_tcp 127.0.0.50 443 silent
    local deadline=$((SECONDS + k_ready_timeout_s))
    until in_netns dig +time=1 +tries=1 +short @127.0.0.53 strong.osescan.test A 2>/dev/null |
        grep -qx 127.0.0.10; do
        ((SECONDS < deadline)) || die "nsd did not answer within ${k_ready_timeout_s}s (see $state/nsd.out)"
        check_alive nsd
        sleep 0.1
    done
    up_ready=yes
    trap - INT TERM
    note "up: namespace $netns, servers $(awk '{ printf "%s(%s) ", $2, $1 }' "$state/pids")"
}

cmd_exec() {
    [[ -f $state/netns ]] || die "no world is up in $state"
    netns=$(cat "$state/netns")
    exec ip netns exec "$netns" "$@"
}

cmd_status() {
    [[ -f $state/netns ]] || { echo "down"; return 0; }
    netns=$(cat "$state/netns")
    echo "namespace $netns"
    local pid name
    while read -r pid name; do
        if pid_in_netns "$pid" "$netns"; then echo "$name $pid running"; else echo "$name $pid gone"; fi
    done <"$state/pids"
}

(($# >= 2)) || usage
command=$1
state=$2
shift 2
netns=""
case $command in
    up) cmd_up ;;
    down) cmd_down "$state" ;;
    exec) (($# >= 1)) || usage; cmd_exec "$@" ;;
    status) cmd_status ;;
    *) usage ;;
esac
