#!/usr/bin/env bash
# The loopback world itself (tests/servers/loopback-world.sh), checked with standard
# clients (dig, curl, openssl s_client) inside its namespace: each host must behave as the
# osescan tests assume, so a failure there points at the world, not at the scanner. Then
# `down` must leave no server and no namespace behind.
# Needs root (network namespace); exits 77 (skipped) otherwise.
set -euo pipefail

source_dir=${OSESCAN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
build_dir=${OSESCAN_BUILD_DIR:-$source_dir/build}
world=$source_dir/tests/servers/loopback-world.sh

if [[ $(id -u) != 0 ]]; then
    echo "SKIP: needs root to create a network namespace for the loopback servers" >&2
    exit 77
fi
for tool in dig curl openssl; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool not found (run scripts/install-deps)" >&2; exit 1; }
done

state=$build_dir/loopback-world/test_loopback_world
export OSESCAN_LOOPBACK_PKI=$build_dir/loopback-world/pki
mkdir -p "$state"
trap '"$world" down "$state"' EXIT
"$world" up "$state" || exit $?
netns=$(cat "$state/netns")
ca=$state/ca.pem

failures=0
check() { # check DESCRIPTION ACTUAL EXPECTED
    if [[ $2 == "$3" ]]; then
        echo "ok   $1"
    else
        echo "FAIL $1"
        echo "     got:      '$2'"
        echo "     expected: '$3'"
        failures=$((failures + 1))
    fi
}
in_world() { "$world" exec "$state" "$@"; }

# dig_answer NAME TYPE: "STATUS flags:FLAGS answers..." from nsd.
dig_answer() {
    in_world dig +time=2 +tries=1 +norec +noauthority +noadditional @127.0.0.53 "$1" "$2" |
        awk '/->>HEADER<<-/ { sub(",", "", $6); status = $6 }
             /^;; flags:/ { sub(/;.*flags: /, ""); sub(/;.*/, ""); flags = $0 }
             /^[^;]/ && NF >= 5 { answers = answers " " $5 }
             END { print status " flags:" flags answers }'
}
check "DNS strong A" "$(dig_answer strong.osescan.test A)" "NOERROR flags:qr aa 127.0.0.10"
check "DNS strong AAAA" "$(dig_answer strong.osescan.test AAAA)" "NOERROR flags:qr aa ::1"
check "DNS weak A" "$(dig_answer weak.osescan.test A)" "NOERROR flags:qr aa 127.0.0.20"
check "DNS expired A" "$(dig_answer expired.osescan.test A)" "NOERROR flags:qr aa 127.0.0.30"
check "DNS wrongname A" "$(dig_answer wrongname.osescan.test A)" "NOERROR flags:qr aa 127.0.0.40"
check "DNS silent A" "$(dig_answer silent.osescan.test A)" "NOERROR flags:qr aa 127.0.0.50"
check "DNS weak AAAA (none)" "$(dig_answer weak.osescan.test AAAA)" "NOERROR flags:qr aa"
check "DNS nonexistent" "$(dig_answer nonexistent.osescan.test A)" "NXDOMAIN flags:qr aa"

# http_summary URL ADDRESS [curl options]: "CODE hsts=HEADER location=LOCATION", verifying
# the certificate against the test root unless -k is given.
http_summary() {
    local url=$1 address=$2
    shift 2
    local host_port=${url#*://}
    host_port=${host_port%%/*}
    [[ $host_port == *:* ]] || { [[ $url == https* ]] && host_port+=:443 || host_port+=:80; }
    in_world curl -sS -m 5 -o /dev/null --cacert "$ca" --resolve "$host_port:$address" "$@" \
        -w '%{http_code} hsts=%header{strict-transport-security} location=%header{location}' "$url" 2>&1
}
k_hsts="max-age=31536000; includeSubDomains"
check "strong https (v4)" "$(http_summary https://strong.osescan.test/ 127.0.0.10)" "200 hsts=$k_hsts location="
check "strong https (v6)" "$(http_summary https://strong.osescan.test/ '[::1]')" "200 hsts=$k_hsts location="
check "strong http redirects (v4)" "$(http_summary http://strong.osescan.test/ 127.0.0.10)" \
    "301 hsts= location=https://strong.osescan.test/"
check "strong http redirects (v6)" "$(http_summary http://strong.osescan.test/ '[::1]')" \
    "301 hsts= location=https://strong.osescan.test/"
check "weak https, no HSTS" "$(http_summary https://weak.osescan.test/ 127.0.0.20)" "200 hsts= location="
check "weak serves content on http" "$(http_summary http://weak.osescan.test/ 127.0.0.20)" "200 hsts= location="
check "expired is refused by a verifying client" \
    "$(http_summary https://expired.osescan.test/ 127.0.0.30 | grep -o 'certificate has expired')" "certificate has expired"
check "expired https (unverified), HSTS" "$(http_summary https://expired.osescan.test/ 127.0.0.30 -k)" "200 hsts=$k_hsts location="
check "expired http redirects" "$(http_summary http://expired.osescan.test/ 127.0.0.30)" \
    "301 hsts= location=https://expired.osescan.test/"
check "wrongname is refused by a verifying client" \
    "$(http_summary https://wrongname.osescan.test/ 127.0.0.40 | grep -o "no alternative certificate subject name matches target host name 'wrongname.osescan.test'")" \
    "no alternative certificate subject name matches target host name 'wrongname.osescan.test'"
check "wrongname https (unverified), HSTS" "$(http_summary https://wrongname.osescan.test/ 127.0.0.40 -k)" "200 hsts=$k_hsts location="
check "wrongname http redirects" "$(http_summary http://wrongname.osescan.test/ 127.0.0.40)" \
    "301 hsts= location=https://wrongname.osescan.test/"

# tls_version ADDRESS NAME VERSION_FLAG: the negotiated protocol, or "refused".
tls_version() {
    local output
    local address=$1
    [[ $address == *:* ]] && address="[$address]"
    output=$(in_world timeout 10 openssl s_client -brief -connect "$address:443" -servername "$2" "$3" \
        -cipher DEFAULT@SECLEVEL=0 </dev/null 2>&1) || true
    # -brief prints "Protocol version: TLSv1.2" once the handshake is done, nothing if refused.
    sed -n 's/^Protocol version: \(TLSv1[.0-3]*\)$/\1/p' <<<"$output" | head -n 1 | grep . || echo refused
}
check "strong TLS versions" "$(for v in -tls1 -tls1_1 -tls1_2 -tls1_3; do tls_version 127.0.0.10 strong.osescan.test $v; done | xargs)" \
    "refused refused TLSv1.2 TLSv1.3"
check "strong TLS versions (v6)" "$(for v in -tls1 -tls1_1 -tls1_2 -tls1_3; do tls_version ::1 strong.osescan.test $v; done | xargs)" \
    "refused refused TLSv1.2 TLSv1.3"
check "weak TLS versions" "$(for v in -tls1 -tls1_1 -tls1_2 -tls1_3; do tls_version 127.0.0.20 weak.osescan.test $v; done | xargs)" \
    "TLSv1 TLSv1.1 TLSv1.2 refused"
check "expired TLS versions" "$(for v in -tls1_1 -tls1_2 -tls1_3; do tls_version 127.0.0.30 expired.osescan.test $v; done | xargs)" \
    "refused TLSv1.2 TLSv1.3"

# served_chain ADDRESS NAME: "subject CN | SAN | key | notAfter-state" of each served cert,
# and the verification result against the test root.
served_chain() {
    rm -f "$state"/served.*.pem
    in_world timeout 10 openssl s_client -connect "$1:443" -servername "$2" -showcerts </dev/null 2>/dev/null |
        awk -v prefix="$state/served." '/-----BEGIN CERTIFICATE-----/ { n++; file = prefix n ".pem" }
                                         file { print > file }
                                         /-----END CERTIFICATE-----/ { close(file); file = "" }' || true
    local file
    for file in "$state"/served.*.pem; do
        [[ -f $file ]] || continue
        openssl x509 -in "$file" -noout -subject -ext subjectAltName -text 2>/dev/null |
            awk '/^subject=/ { sub(/.*CN = /, ""); s = $0 } /DNS:/ { gsub(/ /, ""); san = $0 }
                 /NIST CURVE:/ { k = $3 } END { printf "%s|%s|%s;", s, san, k }'
        rm -f "$file"
    done
}
check "strong serves leaf + intermediate, P-256" "$(served_chain 127.0.0.10 strong.osescan.test)" \
    "strong.osescan.test|DNS:strong.osescan.test|P-256;osescan Loopback Test Intermediate CA||P-256;"
check "wrongname's certificate names other.osescan.test" "$(served_chain 127.0.0.40 wrongname.osescan.test)" \
    "other.osescan.test|DNS:other.osescan.test|P-256;osescan Loopback Test Intermediate CA||P-256;"
expired_leaf=$(in_world timeout 10 openssl s_client -connect 127.0.0.30:443 -servername expired.osescan.test </dev/null 2>/dev/null |
    openssl x509 -noout -checkend 0 2>/dev/null || true)
check "expired's leaf has expired" "$expired_leaf" "Certificate will expire"
verify_no_time=$(in_world timeout 10 openssl s_client -connect 127.0.0.30:443 -servername expired.osescan.test \
    -CAfile "$ca" -no_check_time -verify_return_error </dev/null 2>&1 | grep -m1 -o 'Verify return code: [0-9]* ([a-z]*)' || true)
check "expired's chain is trusted when time is not checked" "$verify_no_time" "Verify return code: 0 (ok)"

# silent: TCP connects, then nothing — a client's 3 s read gives up with nothing received.
silent_bytes=$(in_world timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.50/443; cat <&3' | wc -c || true)
check "silent accepts and sends nothing" "$silent_bytes" 0
started=$SECONDS
in_world timeout 3 openssl s_client -connect 127.0.0.50:443 </dev/null >/dev/null 2>&1 && status=0 || status=$?
check "silent stalls a TLS handshake (timeout exit 124)" "$status" 124
check "silent took the whole 3 s" "$((SECONDS - started >= 2))" 1

# The host's own network is untouched: nothing of the world listens outside the namespace.
host_side=$(timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.10/443' 2>/dev/null && echo open || echo closed)
check "strong is not reachable from the host's namespace" "$host_side" closed

# down: exactly our servers stop, the namespace goes.
pids=$(awk '{ print $1 }' "$state/pids" | xargs)
"$world" down "$state"
trap - EXIT
alive=""
for pid in $pids; do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    stat=${stat##*) } # after "pid (comm) ": the state letter
    [[ ${stat%% *} == [ZX] ]] || alive+=" $pid"
done
check "down stopped every server" "$alive" ""
check "down removed the namespace" "$(ip netns list | grep -cw -- "$netns" || true)" 0
check "down is idempotent" "$("$world" down "$state" && echo ok)" ok

if ((failures > 0)); then
    echo "FAIL: $failures check(s) failed"
    exit 1
fi
echo "loopback world: every check passed"
