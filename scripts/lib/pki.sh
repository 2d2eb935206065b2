# shellcheck shell=bash
# scripts/lib/pki.sh — a private test PKI over the openssl CLI (OpenSSL 3.0).
#
# Source it (it is `set -euo pipefail`-safe and changes no shell option of the caller):
#     source "$OSESCAN_SOURCE_DIR/scripts/lib/pki.sh"
#     pki_init  "$state/pki"
#     pki_leaf  "$state/pki" strong --san strong.example.test,127.0.0.10,::1
#     nginx: ssl_certificate "$state/pki/leaves/strong/fullchain.pem";
#            ssl_certificate_key "$state/pki/leaves/strong/key.pem";
#     clients trust "$state/pki/ca.pem" (the root only).
#
# Layout of a PKI directory DIR (keys live only here: give a build/state directory, never
# a folder of the source tree):
#     DIR/ca.pem                      the root certificate: the trust anchor for clients
#     DIR/root/{key.pem,cert.pem}     root CA (self-signed)
#     DIR/intermediate/{key.pem,cert.pem,index.txt,...}
#                                     intermediate CA (pathlen 0); its openssl-ca database
#                                     records every leaf, so CRLs and OCSP know them
#     DIR/intermediate/crl.pem|crl.der   written by pki_crl
#     DIR/leaves/NAME/key.pem         leaf private key (mode 600)
#     DIR/leaves/NAME/cert.pem        the leaf alone (also "leaf-only chain": a server
#                                     configured with it omits the intermediate)
#     DIR/leaves/NAME/leaf-only.pem   same content as cert.pem, named for what it is for
#     DIR/leaves/NAME/fullchain.pem   leaf + intermediate (what a correct server sends)
#     DIR/leaves/NAME/chain.pem       the intermediate alone (for ssl_trusted_certificate)
#     DIR/leaves/NAME/params          the parameters the leaf was issued with (cache key)
#
# Caching: every function is idempotent. A certificate is issued again only when it is
# missing, when the parameters it was asked with changed (including its issuer's
# certificate), or when it would lose its intended property:
#   - a currently-valid cert: when it expires within RENEW days (default 30), or within half
#     of the remaining time it was asked for if that is shorter (--days 10: after 5 days;
#     --not-after "+7 days": when 3.5 days are left), so short-lived certs are not
#     re-issued at every call;
#   - a not-yet-valid cert: once half of its asked lead time has passed ("+30 days":
#     re-issued after 15), so it never becomes valid while cached;
#   - a cert asked to be expired stays as it is.
# Concurrent callers on the same DIR are serialised with flock(1).
#
# Errors: a failing step prints "pki: ..." with openssl's message on stderr and the
# function returns non-zero. Every function runs in a subshell, so it checks each step
# itself and works the same when the caller uses it in `if`/`||` (where errexit is off).
#
# Dates (--not-before / --not-after) accept anything GNU `date -d` understands, evaluated
# in UTC at issue time: "now", "-2 days", "+400 days", "2020-01-01", "2020-01-01 12:00".
# OpenSSL 3.0's `openssl x509 -req` cannot set a notBefore (no -not_before before 3.4),
# so issuance goes through `openssl ca -startdate/-enddate`.
#
# SHA-1: OpenSSL 3.0 signs certificates with `openssl ca -md sha1` without any security
# level change (security levels apply to TLS contexts, not to the CLI's signing); a TLS
# server or client that has to *use* such a chain needs @SECLEVEL=0.

# pki__die MESSAGE...: print an error and leave the current (subshell) function.
pki__die() {
    printf 'pki: %s\n' "$*" >&2
    exit 1
}

# pki__run COMMAND...: run a command quietly; on failure show its output and die.
pki__run() {
    local output
    if ! output=$("$@" 2>&1); then
        printf 'pki: command failed: %s\n%s\n' "$*" "$output" >&2
        exit 1
    fi
}

# pki__utc_time SPEC: GNU date spec -> YYYYMMDDHHMMSSZ (what `openssl ca` accepts).
pki__utc_time() {
    local formatted
    formatted=$(date -u -d "$1" +%Y%m%d%H%M%SZ 2>/dev/null) || pki__die "bad date: '$1'"
    printf '%s\n' "$formatted"
}

# pki__epoch SPEC: GNU date spec -> seconds since the epoch.
pki__epoch() {
    local seconds
    seconds=$(date -u -d "$1" +%s 2>/dev/null) || pki__die "bad date: '$1'"
    printf '%s\n' "$seconds"
}

# pki__cert_epoch CERT startdate|enddate: a certificate's notBefore/notAfter in seconds.
pki__cert_epoch() {
    local line
    line=$(openssl x509 -in "$1" -noout "-$2" 2>/dev/null) || return 1
    date -u -d "${line#*=}" +%s
}

# pki__genkey TYPE FILE: write a new unencrypted private key of TYPE.
pki__genkey() {
    local type=$1 file=$2
    local -a args
    case $type in
        ec-p256) args=(-algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve) ;;
        ec-p384) args=(-algorithm EC -pkeyopt ec_paramgen_curve:P-384 -pkeyopt ec_param_enc:named_curve) ;;
        ec-p521) args=(-algorithm EC -pkeyopt ec_paramgen_curve:P-521 -pkeyopt ec_param_enc:named_curve) ;;
        rsa1024 | rsa2048 | rsa3072 | rsa4096) args=(-algorithm RSA -pkeyopt "rsa_keygen_bits:${type#rsa}") ;;
        ed25519) args=(-algorithm ED25519) ;;
        ed448) args=(-algorithm ED448) ;;
        *) pki__die "unknown key type '$type' (ec-p256 ec-p384 ec-p521 rsa1024 rsa2048 rsa3072 rsa4096 ed25519 ed448)" ;;
    esac
    (umask 077 && pki__run openssl genpkey "${args[@]}" -out "$file.tmp") || exit 1
    mv -f "$file.tmp" "$file"
}

# pki__key_usage TYPE: keyUsage for a leaf key. RSA keys may also encipher (TLS 1.2 RSA
# key exchange); EC/EdDSA keys only sign (RFC 5480 §3, RFC 8410 §5).
pki__key_usage() {
    case $1 in
        rsa*) printf 'keyUsage = critical, digitalSignature, keyEncipherment\n' ;;
        *) printf 'keyUsage = critical, digitalSignature\n' ;;
    esac
}

# pki__fingerprint CERT: SHA-256 fingerprint (part of a child's cache key).
pki__fingerprint() {
    local line
    line=$(openssl x509 -in "$1" -noout -fingerprint -sha256 2>/dev/null) || return 1
    printf '%s\n' "${line#*=}"
}

# pki__ca_config CADIR: write the `openssl ca` configuration of a CA directory.
pki__ca_config() {
    local ca_dir=$1
    mkdir -p "$ca_dir/issued"
    [[ -f $ca_dir/index.txt ]] || : >"$ca_dir/index.txt"
    # Re-issuing a leaf with the same subject is normal here (renewal, changed params).
    printf 'unique_subject = no\n' >"$ca_dir/index.txt.attr"
    [[ -f $ca_dir/serial ]] || printf '1000\n' >"$ca_dir/serial"
    [[ -f $ca_dir/crlnumber ]] || printf '1000\n' >"$ca_dir/crlnumber"
    cat >"$ca_dir/ca.cnf" <<EOF
[ ca ]
default_ca = this_ca

[ this_ca ]
dir = $ca_dir
database = \$dir/index.txt
new_certs_dir = \$dir/issued
certificate = \$dir/cert.pem
private_key = \$dir/key.pem
serial = \$dir/serial
crlnumber = \$dir/crlnumber
default_md = sha256
default_crl_days = 30
policy = policy_cn
unique_subject = no
email_in_dn = no
preserve = yes
copy_extensions = none

[ policy_cn ]
organizationName = optional
commonName = supplied

[ req ]
distinguished_name = req_dn
prompt = no

[ req_dn ]
CN = unused
EOF
}

# pki__sign CADIR CSR OUT EXTFILE NOT_BEFORE NOT_AFTER DIGEST [selfsign KEY]:
# issue OUT from CSR with the CA in CADIR (or self-signed with KEY).
pki__sign() {
    local ca_dir=$1 csr=$2 out=$3 extfile=$4 not_before=$5 not_after=$6 digest=$7
    local -a self=()
    if [[ ${8:-} == selfsign ]]; then
        self=(-selfsign -keyfile "$9")
    fi
    local -a md=()
    # EdDSA signs without a separate digest (RFC 8032); openssl refuses -md for it.
    [[ $digest == none ]] || md=(-md "$digest")
    local start end
    start=$(pki__utc_time "$not_before") || exit 1
    end=$(pki__utc_time "$not_after") || exit 1
    pki__run openssl ca -batch -notext -config "$ca_dir/ca.cnf" "${self[@]}" \
        -in "$csr" -out "$out.tmp" "${md[@]}" -rand_serial -startdate "$start" -enddate "$end" \
        -extfile "$extfile" -extensions ext
    mv -f "$out.tmp" "$out"
}

# pki__needs_issue CERT PARAMS_FILE PARAMS NOT_BEFORE NOT_AFTER RENEW_DAYS: succeed when
# CERT must be (re)issued.
pki__needs_issue() {
    local cert=$1 params_file=$2 params=$3 not_before=$4 not_after=$5 renew_days=$6
    [[ -s $cert && -f $params_file ]] || return 0
    [[ $(cat "$params_file") == "$params" ]] || return 0
    local now wanted_after wanted_before actual_before
    now=$(date -u +%s)
    wanted_after=$(pki__epoch "$not_after") || return 0
    wanted_before=$(pki__epoch "$not_before") || return 0
    if ((wanted_after <= now)); then
        return 1 # meant to be expired: it stays expired
    fi
    if ((wanted_before > now)); then
        # Meant to be not yet valid: re-issue once half of the asked lead time is used up,
        # so it never becomes valid while cached (RENEW does not apply here).
        actual_before=$(pki__cert_epoch "$cert" startdate) || return 0
        ((actual_before - now < (wanted_before - now) / 2))
        return
    fi
    # A certificate asked to expire sooner than RENEW (e.g. --days 10) is renewed when half
    # of its asked remaining time is left, not at every call.
    local renew_seconds=$((renew_days * 86400)) half_remaining=$(((wanted_after - now) / 2))
    ((half_remaining >= renew_seconds)) || renew_seconds=$half_remaining
    ! openssl x509 -in "$cert" -noout -checkend "$renew_seconds" >/dev/null 2>&1
}

# pki__lock DIR: hold an exclusive lock on DIR for the rest of the calling subshell.
pki__lock() {
    mkdir -p "$1"
    exec 9>"$1/.lock"
    flock 9
}

# pki_init DIR [options]
#   Create (or keep) the root and intermediate CAs in DIR.
#   --name TEXT          CN prefix (default "osescan Test"): "<TEXT> Root CA", "<TEXT> Intermediate CA"
#   --root-key TYPE      ec-p384 (default) or rsa4096 (any pki__genkey type is accepted)
#   --intermediate-key TYPE   default ec-p256
#   --root-days N        root validity (default 3650)
#   --intermediate-days N     intermediate validity (default 1825)
#   --ca-issuers-url URL AIA caIssuers of the intermediate (where the root can be fetched)
#   --crl-url URL        CRL distribution point of the intermediate (the root's CRL)
#   --leaf-ocsp-url URL  default AIA OCSP URL put into leaves (pki_leaf --ocsp-url overrides)
#   --leaf-crl-url URL   default CRL DP put into leaves (the intermediate's CRL, pki_crl)
#   --renew DAYS         re-issue a CA cert expiring within DAYS (default 30)
#   Writes DIR/ca.pem (root), DIR/root/, DIR/intermediate/. Changing a root parameter
#   re-issues the root, hence the intermediate, hence (lazily, in pki_leaf) every leaf.
pki_init() (
    set -euo pipefail
    local dir=${1:?pki_init: DIR missing}
    shift
    local name="osescan Test" root_key=ec-p384 intermediate_key=ec-p256
    local root_days=3650 intermediate_days=1825 renew=30
    local ca_issuers_url="" crl_url="" leaf_ocsp_url="" leaf_crl_url=""
    while (($#)); do
        case $1 in
            --name) name=$2 ;;
            --root-key) root_key=$2 ;;
            --intermediate-key) intermediate_key=$2 ;;
            --root-days) root_days=$2 ;;
            --intermediate-days) intermediate_days=$2 ;;
            --ca-issuers-url) ca_issuers_url=$2 ;;
            --crl-url) crl_url=$2 ;;
            --leaf-ocsp-url) leaf_ocsp_url=$2 ;;
            --leaf-crl-url) leaf_crl_url=$2 ;;
            --renew) renew=$2 ;;
            *) pki__die "pki_init: unknown option '$1'" ;;
        esac
        shift 2 || pki__die "pki_init: option '$1' needs a value"
    done
    command -v openssl >/dev/null || pki__die "openssl not found"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    pki__lock "$dir"

    # Root CA: self-signed, no pathlen limit of its own (RFC 5280 §4.2.1.9).
    local root=$dir/root
    mkdir -p "$root"
    pki__ca_config "$root"
    local root_params="name=$name key=$root_key days=$root_days"
    if [[ ! -s $root/key.pem || $(cat "$root/params" 2>/dev/null) != "$root_params" ]] ||
        ! openssl x509 -in "$root/cert.pem" -noout -checkend $((renew * 86400)) >/dev/null 2>&1; then
        [[ -s $root/key.pem && $(cat "$root/key-type" 2>/dev/null) == "$root_key" ]] ||
            pki__genkey "$root_key" "$root/key.pem"
        printf '%s\n' "$root_key" >"$root/key-type"
        cat >"$root/ext.cnf" <<EOF
[ ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF
        pki__run openssl req -new -key "$root/key.pem" -subj "/O=osescan tests/CN=$name Root CA" \
            -config "$root/ca.cnf" -out "$root/req.csr"
        local root_md=sha384
        [[ $root_key == ed* ]] && root_md=none
        pki__sign "$root" "$root/req.csr" "$root/cert.pem" "$root/ext.cnf" \
            "-1 hour" "+$root_days days" "$root_md" selfsign "$root/key.pem"
        printf '%s\n' "$root_params" >"$root/params"
    fi
    cp -f "$root/cert.pem" "$dir/ca.pem"

    # Intermediate CA: pathlen 0 — it issues only end-entity certificates.
    local intermediate=$dir/intermediate
    mkdir -p "$intermediate"
    pki__ca_config "$intermediate"
    local intermediate_params
    intermediate_params="name=$name key=$intermediate_key days=$intermediate_days"
    local root_fingerprint
    root_fingerprint=$(pki__fingerprint "$root/cert.pem") || pki__die "unreadable $root/cert.pem"
    intermediate_params+=" issuers=$ca_issuers_url crl=$crl_url root=$root_fingerprint"
    if [[ ! -s $intermediate/key.pem || $(cat "$intermediate/params" 2>/dev/null) != "$intermediate_params" ]] ||
        ! openssl x509 -in "$intermediate/cert.pem" -noout -checkend $((renew * 86400)) >/dev/null 2>&1; then
        [[ -s $intermediate/key.pem && $(cat "$intermediate/key-type" 2>/dev/null) == "$intermediate_key" ]] ||
            pki__genkey "$intermediate_key" "$intermediate/key.pem"
        printf '%s\n' "$intermediate_key" >"$intermediate/key-type"
        {
            printf '[ ext ]\n'
            printf 'basicConstraints = critical, CA:TRUE, pathlen:0\n'
            printf 'keyUsage = critical, keyCertSign, cRLSign, digitalSignature\n'
            printf 'subjectKeyIdentifier = hash\n'
            printf 'authorityKeyIdentifier = keyid:always\n'
            [[ -z $ca_issuers_url ]] || printf 'authorityInfoAccess = caIssuers;URI:%s\n' "$ca_issuers_url"
            [[ -z $crl_url ]] || printf 'crlDistributionPoints = URI:%s\n' "$crl_url"
        } >"$intermediate/ext.cnf"
        pki__run openssl req -new -key "$intermediate/key.pem" \
            -subj "/O=osescan tests/CN=$name Intermediate CA" \
            -config "$intermediate/ca.cnf" -out "$intermediate/req.csr"
        local root_md=sha384
        [[ $root_key == ed* ]] && root_md=none
        pki__sign "$root" "$intermediate/req.csr" "$intermediate/cert.pem" "$intermediate/ext.cnf" \
            "-1 hour" "+$intermediate_days days" "$root_md"
        printf '%s\n' "$intermediate_params" >"$intermediate/params"
    fi
    printf '%s\n' "$leaf_ocsp_url" >"$intermediate/leaf-ocsp-url"
    printf '%s\n' "$leaf_crl_url" >"$intermediate/leaf-crl-url"
)

# pki_leaf DIR NAME [options]
#   Issue (or keep) the end-entity certificate DIR/leaves/NAME/ (see the layout above).
#   NAME is a file name ([A-Za-z0-9._-]+), not necessarily a host name.
#   --san LIST           comma-separated DNS names and IP addresses (IPs are recognised by
#                        a ':' or an all-digits-and-dots form; "DNS:x"/"IP:y" prefixes are
#                        accepted too). Default: NAME. The first DNS name becomes the CN.
#   --cn TEXT            subject CN (default: first DNS name of --san, else NAME)
#   --key-type TYPE      ec-p256 (default), ec-p384, ec-p521, rsa1024, rsa2048, rsa3072,
#                        rsa4096, ed25519, ed448
#   --digest MD          signature digest of the issuer: sha256 (default), sha1, sha224,
#                        sha384, sha512, md5
#   --days N             valid from now-1h for N days (default 90)
#   --not-before SPEC    explicit notBefore (GNU date spec, e.g. "-400 days", "+30 days")
#   --not-after SPEC     explicit notAfter (e.g. "-1 day" for an expired certificate)
#   --self-signed        sign with the leaf's own key (no CA; fullchain.pem = the leaf)
#   --ocsp-url URL       AIA OCSP URL (default from pki_init --leaf-ocsp-url; "" for none)
#   --crl-url URL        CRL distribution point (default from pki_init --leaf-crl-url)
#   --must-staple        add the TLS Feature status_request extension (RFC 7633)
#   --extension LINE     one more line for the certificate's extension section, e.g. a raw
#                        "1.3.6.1.4.1.11129.2.4.2 = DER:04:..." (embedded CT SCTs)
#   --renew DAYS         renewal window (default 30; see "Caching" above)
#   Needs pki_init DIR first (except with --self-signed).
#   Prints nothing; files: key.pem cert.pem leaf-only.pem fullchain.pem chain.pem params.
pki_leaf() (
    set -euo pipefail
    local dir=${1:?pki_leaf: DIR missing} name=${2:?pki_leaf: NAME missing}
    shift 2
    [[ $name =~ ^[A-Za-z0-9._-]+$ ]] || pki__die "pki_leaf: bad NAME '$name'"
    local san_list=$name cn="" key_type=ec-p256 digest=sha256 days=90
    local not_before="" not_after="" self_signed=no must_staple=no renew=30
    local ocsp_url=unset crl_url=unset extension=""
    while (($#)); do
        case $1 in
            --self-signed) self_signed=yes; shift; continue ;;
            --extension) extension=$2 ;;
            --must-staple) must_staple=yes; shift; continue ;;
            --san) san_list=$2 ;;
            --cn) cn=$2 ;;
            --key-type) key_type=$2 ;;
            --digest) digest=$2 ;;
            --days) days=$2 ;;
            --not-before) not_before=$2 ;;
            --not-after) not_after=$2 ;;
            --ocsp-url) ocsp_url=$2 ;;
            --crl-url) crl_url=$2 ;;
            --renew) renew=$2 ;;
            *) pki__die "pki_leaf: unknown option '$1'" ;;
        esac
        shift 2 || pki__die "pki_leaf: option '$1' needs a value"
    done
    [[ -n $not_before ]] || not_before="-1 hour"
    [[ -n $not_after ]] || not_after="+$days days"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    pki__lock "$dir"

    local intermediate=$dir/intermediate
    if [[ $self_signed == no ]]; then
        [[ -s $intermediate/cert.pem ]] || pki__die "pki_leaf: run pki_init '$dir' first"
        [[ $ocsp_url != unset ]] || ocsp_url=$(cat "$intermediate/leaf-ocsp-url" 2>/dev/null || true)
        [[ $crl_url != unset ]] || crl_url=$(cat "$intermediate/leaf-crl-url" 2>/dev/null || true)
    else
        [[ $ocsp_url != unset ]] || ocsp_url=""
        [[ $crl_url != unset ]] || crl_url=""
    fi

    # subjectAltName (RFC 5280 §4.2.1.6): DNS names and IP addresses.
    local san="" entry first_dns=""
    local -a entries
    IFS=, read -r -a entries <<<"$san_list"
    for entry in "${entries[@]}"; do
        entry=${entry// /}
        [[ -n $entry ]] || continue
        if [[ $entry == DNS:* || $entry == IP:* ]]; then
            :
        elif [[ $entry == *:* || $entry =~ ^[0-9.]+$ ]]; then
            entry="IP:$entry"
        else
            entry="DNS:$entry"
        fi
        [[ -n $first_dns || $entry != DNS:* ]] || first_dns=${entry#DNS:}
        san+=${san:+,}$entry
    done
    [[ -n $cn ]] || cn=${first_dns:-$name}

    local leaf=$dir/leaves/$name
    mkdir -p "$leaf"
    local issuer_fingerprint=self
    [[ $self_signed == yes ]] || issuer_fingerprint=$(pki__fingerprint "$intermediate/cert.pem") ||
        pki__die "unreadable $intermediate/cert.pem"
    local params="cn=$cn san=$san key=$key_type digest=$digest not_before=$not_before"
    params+=" not_after=$not_after self_signed=$self_signed ocsp=$ocsp_url crl=$crl_url"
    params+=" must_staple=$must_staple issuer=$issuer_fingerprint"
    [[ -z $extension ]] || params+=" extension=$extension"
    if ! pki__needs_issue "$leaf/cert.pem" "$leaf/params" "$params" "$not_before" "$not_after" "$renew"; then
        return 0
    fi

    [[ -s $leaf/key.pem && $(cat "$leaf/key-type" 2>/dev/null) == "$key_type" ]] ||
        pki__genkey "$key_type" "$leaf/key.pem"
    printf '%s\n' "$key_type" >"$leaf/key-type"
    {
        printf '[ ext ]\n'
        printf 'basicConstraints = critical, CA:FALSE\n'
        pki__key_usage "$key_type"
        printf 'extendedKeyUsage = serverAuth, clientAuth\n'
        printf 'subjectKeyIdentifier = hash\n'
        printf 'authorityKeyIdentifier = keyid:always\n'
        [[ -z $san ]] || printf 'subjectAltName = %s\n' "$san"
        [[ -z $ocsp_url ]] || printf 'authorityInfoAccess = OCSP;URI:%s\n' "$ocsp_url"
        [[ -z $crl_url ]] || printf 'crlDistributionPoints = URI:%s\n' "$crl_url"
        # id-pe-tlsfeature with status_request (5), RFC 7633 §6.
        [[ $must_staple == no ]] || printf 'tlsfeature = status_request\n'
        [[ -z $extension ]] || printf '%s\n' "$extension"
    } >"$leaf/ext.cnf"

    pki__run openssl req -new -key "$leaf/key.pem" -subj "/CN=$cn" \
        -config "$dir/root/ca.cnf" -out "$leaf/req.csr"
    if [[ $self_signed == yes ]]; then
        # A self-signed leaf gets its own tiny CA database so the real CAs' stay clean.
        local own=$leaf/self
        mkdir -p "$own"
        pki__ca_config "$own"
        cp -f "$leaf/key.pem" "$own/key.pem"
        local leaf_digest=$digest
        [[ $key_type == ed* ]] && leaf_digest=none
        pki__sign "$own" "$leaf/req.csr" "$leaf/cert.pem" "$leaf/ext.cnf" \
            "$not_before" "$not_after" "$leaf_digest" selfsign "$leaf/key.pem"
        cp -f "$leaf/cert.pem" "$leaf/fullchain.pem"
        : >"$leaf/chain.pem"
    else
        local leaf_digest=$digest
        [[ $(cat "$intermediate/key-type") == ed* ]] && leaf_digest=none
        pki__sign "$intermediate" "$leaf/req.csr" "$leaf/cert.pem" "$leaf/ext.cnf" \
            "$not_before" "$not_after" "$leaf_digest"
        cat "$leaf/cert.pem" "$intermediate/cert.pem" >"$leaf/fullchain.pem"
        cp -f "$intermediate/cert.pem" "$leaf/chain.pem"
    fi
    cp -f "$leaf/cert.pem" "$leaf/leaf-only.pem"
    printf '%s\n' "$params" >"$leaf/params"
)

# pki_revoke DIR NAME [REASON]
#   Mark the current certificate of leaf NAME revoked in the intermediate's database
#   (REASON: unspecified (default), keyCompromise, superseded, cessationOfOperation, ...).
#   Idempotent. Call pki_crl / pki_ocsp_response afterwards to publish it.
pki_revoke() (
    set -euo pipefail
    local dir=${1:?pki_revoke: DIR missing} name=${2:?pki_revoke: NAME missing}
    local reason=${3:-unspecified}
    dir=$(cd "$dir" && pwd)
    pki__lock "$dir"
    local cert=$dir/leaves/$name/cert.pem
    [[ -s $cert ]] || pki__die "pki_revoke: no leaf '$name'"
    local serial
    serial=$(openssl x509 -in "$cert" -noout -serial) || pki__die "pki_revoke: unreadable $cert"
    serial=${serial#serial=}
    # index.txt: status, expiry, revocation, serial, file, subject — tab separated.
    if awk -F'\t' -v s="$serial" '$4 == s && $1 == "R" { found = 1 } END { exit !found }' \
        "$dir/intermediate/index.txt"; then
        return 0
    fi
    pki__run openssl ca -batch -config "$dir/intermediate/ca.cnf" -revoke "$cert" -crl_reason "$reason"
)

# pki_crl DIR [DAYS]
#   Write the intermediate CA's CRL (RFC 5280 §5) as DIR/intermediate/crl.pem and crl.der,
#   valid for DAYS (default 30). Re-written at every call (it is cheap and carries the
#   current revocations); prints nothing.
pki_crl() (
    set -euo pipefail
    local dir=${1:?pki_crl: DIR missing} days=${2:-30}
    dir=$(cd "$dir" && pwd)
    pki__lock "$dir"
    local intermediate=$dir/intermediate
    [[ -s $intermediate/cert.pem ]] || pki__die "pki_crl: run pki_init '$dir' first"
    pki__run openssl ca -batch -config "$intermediate/ca.cnf" -gencrl -crldays "$days" \
        -out "$intermediate/crl.pem.tmp"
    mv -f "$intermediate/crl.pem.tmp" "$intermediate/crl.pem"
    pki__run openssl crl -in "$intermediate/crl.pem" -outform DER -out "$intermediate/crl.der"
)

# pki_ocsp_response DIR NAME OUTFILE [DAYS]
#   Write a DER OCSP response (RFC 6960) for leaf NAME's current certificate, signed by the
#   intermediate CA itself (allowed by RFC 6960 §4.2.2.2), with nextUpdate DAYS (default 7)
#   ahead. Its status (good/revoked) comes from the intermediate's database, so call
#   pki_revoke first for a "revoked" staple. nginx serves it with
#   `ssl_stapling on; ssl_stapling_file OUTFILE;`. Re-written at every call.
pki_ocsp_response() (
    set -euo pipefail
    local dir=${1:?pki_ocsp_response: DIR missing} name=${2:?pki_ocsp_response: NAME missing}
    local out=${3:?pki_ocsp_response: OUTFILE missing} days=${4:-7}
    dir=$(cd "$dir" && pwd)
    pki__lock "$dir"
    local intermediate=$dir/intermediate leaf=$dir/leaves/$name
    [[ -s $leaf/cert.pem ]] || pki__die "pki_ocsp_response: no leaf '$name'"
    pki__run openssl ocsp -issuer "$intermediate/cert.pem" -cert "$leaf/cert.pem" \
        -no_nonce -reqout "$leaf/ocsp-request.der"
    pki__run openssl ocsp -index "$intermediate/index.txt" -CA "$intermediate/cert.pem" \
        -rsigner "$intermediate/cert.pem" -rkey "$intermediate/key.pem" \
        -reqin "$leaf/ocsp-request.der" -respout "$out.tmp" -ndays "$days"
    mv -f "$out.tmp" "$out"
)
