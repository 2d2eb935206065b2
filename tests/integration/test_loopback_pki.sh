#!/usr/bin/env bash
# shellcheck disable=SC2016 # the bash -c snippets get their "$1"... literally, on purpose
# scripts/lib/pki.sh: what it issues (chains, key types, digests, validity windows, SANs,
# self-signed leaves), its caching rules, revocation through CRL and OCSP, and its errors.
# Needs only the openssl CLI; no network.
set -euo pipefail

source_dir=${OSESCAN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
build_dir=${OSESCAN_BUILD_DIR:-$source_dir/build}
# shellcheck source=SCRIPTDIR/../../scripts/lib/pki.sh
source "$source_dir/scripts/lib/pki.sh"

pki=$build_dir/loopback-world/test_loopback_pki
rm -rf "$pki"
trap 'rm -rf "$pki"' EXIT

failures=0
check() { # check DESCRIPTION COMMAND...: run COMMAND, count a failure when it fails
    local description=$1
    shift
    if "$@"; then
        echo "ok   $description"
    else
        echo "FAIL $description"
        failures=$((failures + 1))
    fi
}
field() { openssl x509 -in "$1" -noout "${@:2}" 2>/dev/null; }
signature_of() { openssl x509 -in "$1" -noout -text | awk '/Signature Algorithm:/ { print $3; exit }'; }
public_key_of() { # "id-ecPublicKey (256 bit) P-256", "rsaEncryption (3072 bit)", "ED25519"
    openssl x509 -in "$1" -noout -text |
        awk -F': *' '/Public Key Algorithm:/ { a = $2 } /Public-Key: \(/ { b = $2 } /NIST CURVE:/ { c = $2 }
                     END { print a, b, c }' | sed 's/ *$//'
}
verify() { openssl verify "$@" >/dev/null 2>&1; }
equal() { [[ $1 == "$2" ]] || { echo "     got '$1', expected '$2'"; return 1; }; }
leaf() { echo "$pki/leaves/$1"; }
fingerprint() { field "$1" -fingerprint -sha256; }

pki_init "$pki"
pki_leaf "$pki" plain --san plain.osescan.test,www.plain.osescan.test,127.0.0.10,::1
pki_leaf "$pki" expired --san expired.osescan.test --not-before "-400 days" --not-after "-2 days"
pki_leaf "$pki" future --san future.osescan.test --not-before "+30 days" --not-after "+400 days"
pki_leaf "$pki" sha1 --san sha1.osescan.test --digest sha1
pki_leaf "$pki" rsa1024 --key-type rsa1024
pki_leaf "$pki" rsa3072 --key-type rsa3072 --digest sha384
pki_leaf "$pki" ed25519 --key-type ed25519 --must-staple --ocsp-url http://ocsp.osescan.test/
pki_leaf "$pki" self --self-signed --san self.osescan.test --days 10

ca=$pki/ca.pem
intermediate=$pki/intermediate/cert.pem

# The CA hierarchy: root (P-384, self-signed) -> intermediate (CA, pathlen 0).
check "root is self-signed P-384" equal "$(field "$ca" -subject | sed 's/.*CN = //');$(public_key_of "$ca")" \
    "osescan Test Root CA;id-ecPublicKey (384 bit) P-384"
check "intermediate is a CA with pathlen 0" equal "$(field "$intermediate" -ext basicConstraints | tail -n 1 | tr -d ' ')" \
    "CA:TRUE,pathlen:0"
check "intermediate chains to the root" verify -CAfile "$ca" "$intermediate"

# Leaves: chain files, SANs, key usage, defaults.
check "fullchain = leaf + intermediate" equal "$(cat "$(leaf plain)/fullchain.pem")" \
    "$(cat "$(leaf plain)/cert.pem" "$intermediate")"
check "leaf-only chain = the leaf alone" equal "$(cat "$(leaf plain)/leaf-only.pem")" "$(cat "$(leaf plain)/cert.pem")"
check "leaf verifies with the intermediate" verify -CAfile "$ca" -untrusted "$(leaf plain)/chain.pem" "$(leaf plain)/cert.pem"
check "leaf without the intermediate does not verify" bash -c '! openssl verify -CAfile "$1" "$2" >/dev/null 2>&1' _ "$ca" "$(leaf plain)/leaf-only.pem"
check "SAN: DNS names and IPs" equal "$(field "$(leaf plain)/cert.pem" -ext subjectAltName | tail -n 1 | tr -d ' ')" \
    "DNS:plain.osescan.test,DNS:www.plain.osescan.test,IPAddress:127.0.0.10,IPAddress:0:0:0:0:0:0:0:1"
check "CN is the first DNS name" equal "$(field "$(leaf plain)/cert.pem" -subject)" "subject=CN = plain.osescan.test"
check "default key is P-256, signed with SHA-256" equal "$(public_key_of "$(leaf plain)/cert.pem");$(signature_of "$(leaf plain)/cert.pem")" \
    "id-ecPublicKey (256 bit) P-256;ecdsa-with-SHA256"
check "leaf is not a CA, serverAuth" equal "$(field "$(leaf plain)/cert.pem" -ext basicConstraints,extendedKeyUsage | tr -d ' \n')" \
    "X509v3BasicConstraints:criticalCA:FALSEX509v3ExtendedKeyUsage:TLSWebServerAuthentication,TLSWebClientAuthentication"
check "leaf key is private (mode 600)" equal "$(stat -c %a "$(leaf plain)/key.pem")" 600
check "default validity is 90 days" equal "$((($(date -d "$(field "$(leaf plain)/cert.pem" -enddate | cut -d= -f2)" +%s) - $(date +%s) + 43200) / 86400))" 90

# Key types and digests.
check "sha1 leaf is signed with SHA-1" equal "$(signature_of "$(leaf sha1)/cert.pem")" ecdsa-with-SHA1
check "rsa1024 key" equal "$(public_key_of "$(leaf rsa1024)/cert.pem")" "rsaEncryption (1024 bit)"
check "rsa3072 key, SHA-384" equal "$(public_key_of "$(leaf rsa3072)/cert.pem");$(signature_of "$(leaf rsa3072)/cert.pem")" \
    "rsaEncryption (3072 bit);ecdsa-with-SHA384"
check "RSA leaf may encipher" equal "$(field "$(leaf rsa3072)/cert.pem" -ext keyUsage | tail -n 1 | tr -d ' ')" \
    "DigitalSignature,KeyEncipherment"
check "ed25519 key" equal "$(public_key_of "$(leaf ed25519)/cert.pem")" "ED25519"
check "must-staple and OCSP URL" equal "$(field "$(leaf ed25519)/cert.pem" -ext tlsfeature,authorityInfoAccess | tr -d ' \n')" \
    "AuthorityInformationAccess:OCSP-URI:http://ocsp.osescan.test/TLSFeature:status_request"

# Validity windows.
check "expired leaf: expired, else valid" verify -no_check_time -CAfile "$ca" -untrusted "$(leaf expired)/chain.pem" "$(leaf expired)/cert.pem"
check "expired leaf fails a time check" bash -c '! openssl x509 -in "$1" -noout -checkend 0 >/dev/null' _ "$(leaf expired)/cert.pem"
check "expired leaf's notAfter is 2 days ago" equal "$((($(date +%s) - $(date -d "$(field "$(leaf expired)/cert.pem" -enddate | cut -d= -f2)" +%s) + 43200) / 86400))" 2
check "future leaf is not yet valid" bash -c 'openssl verify -CAfile "$1" -untrusted "$2" "$3" 2>&1 | grep -q "not yet valid"' _ \
    "$ca" "$(leaf future)/chain.pem" "$(leaf future)/cert.pem"
check "self-signed leaf: issuer = subject, fullchain = leaf" equal \
    "$(field "$(leaf self)/cert.pem" -issuer | cut -d= -f2-);$(cat "$(leaf self)/fullchain.pem")" \
    "$(field "$(leaf self)/cert.pem" -subject | cut -d= -f2-);$(cat "$(leaf self)/cert.pem")"
check "self-signed leaf is not trusted by the test root" bash -c '! openssl verify -CAfile "$1" "$2" >/dev/null 2>&1' _ "$ca" "$(leaf self)/cert.pem"

# Caching: same parameters -> same certificates; changed parameters -> re-issued.
before=$(cat "$ca" "$intermediate" "$pki"/leaves/*/cert.pem | sha256sum)
pki_init "$pki"
pki_leaf "$pki" plain --san plain.osescan.test,www.plain.osescan.test,127.0.0.10,::1
pki_leaf "$pki" expired --san expired.osescan.test --not-before "-400 days" --not-after "-2 days"
pki_leaf "$pki" future --san future.osescan.test --not-before "+30 days" --not-after "+400 days"
pki_leaf "$pki" self --self-signed --san self.osescan.test --days 10
check "unchanged parameters: nothing re-issued" equal "$(cat "$ca" "$intermediate" "$pki"/leaves/*/cert.pem | sha256sum)" "$before"
old=$(fingerprint "$(leaf plain)/cert.pem")
pki_leaf "$pki" plain --san plain.osescan.test
check "changed SAN: re-issued" bash -c '[[ $1 != "$2" ]]' _ "$old" "$(fingerprint "$(leaf plain)/cert.pem")"
# Time passing, simulated: "renewed" holds a cert with 2 days left under its 90-day params.
pki_leaf "$pki" renewed --san renewed.osescan.test
pki_leaf "$pki" short --san renewed.osescan.test --not-after "+2 days"
cp "$(leaf short)/cert.pem" "$(leaf renewed)/cert.pem"
pki_leaf "$pki" short --san renewed.osescan.test --not-after "+2 days"
check "short-lived cert (2 of 2 days left): kept" equal "$(fingerprint "$(leaf short)/cert.pem")" \
    "$(fingerprint "$(leaf renewed)/cert.pem")"
pki_leaf "$pki" renewed --san renewed.osescan.test
check "expiring within the renewal window: re-issued for 90 days" equal \
    "$((($(date -d "$(field "$(leaf renewed)/cert.pem" -enddate | cut -d= -f2)" +%s) - $(date +%s) + 43200) / 86400))" 90
old_key=$(cat "$(leaf plain)/key.pem")
pki_leaf "$pki" plain --san plain.osescan.test --key-type ec-p384
check "changed key type: new key" bash -c '[[ $1 != "$(cat "$2")" ]]' _ "$old_key" "$(leaf plain)/key.pem"
old=$(fingerprint "$(leaf expired)/cert.pem")
pki_init "$pki" --name "Other Test"
check "new intermediate: leaves are re-issued on their next call" bash -c '
    source "$1/scripts/lib/pki.sh"
    pki_leaf "$2" expired --san expired.osescan.test --not-before "-400 days" --not-after "-2 days"
    [[ $3 != "$(openssl x509 -in "$2/leaves/expired/cert.pem" -noout -fingerprint -sha256)" ]] &&
        openssl verify -no_check_time -CAfile "$2/ca.pem" -untrusted "$2/intermediate/cert.pem" \
            "$2/leaves/expired/cert.pem" >/dev/null' _ "$source_dir" "$pki" "$old"

# Revocation: CRL and OCSP staple.
pki_leaf "$pki" revoked --san revoked.osescan.test
pki_leaf "$pki" good --san good.osescan.test
pki_revoke "$pki" revoked keyCompromise
pki_revoke "$pki" revoked keyCompromise # idempotent
pki_crl "$pki"
check "CRL lists the revoked leaf" bash -c 'openssl verify -crl_check -CRLfile "$1" -CAfile "$2" -untrusted "$3" "$4" 2>&1 | grep -q "certificate revoked"' _ \
    "$pki/intermediate/crl.pem" "$pki/ca.pem" "$pki/intermediate/cert.pem" "$(leaf revoked)/cert.pem"
check "CRL passes the good leaf" verify -crl_check -CRLfile "$pki/intermediate/crl.pem" -CAfile "$pki/ca.pem" \
    -untrusted "$pki/intermediate/cert.pem" "$(leaf good)/cert.pem"
check "CRL in DER too" openssl crl -inform DER -in "$pki/intermediate/crl.der" -noout
ocsp_status() { # ocsp_status NAME: the status a fresh staple for NAME carries (verified)
    pki_ocsp_response "$pki" "$1" "$pki/$1.ocsp"
    openssl ocsp -respin "$pki/$1.ocsp" -issuer "$pki/intermediate/cert.pem" -CAfile "$pki/ca.pem" \
        -cert "$(leaf "$1")/cert.pem" 2>/dev/null | awk -v f="$(leaf "$1")/cert.pem: " 'index($0, f) == 1 { print substr($0, length(f) + 1) }'
}
check "OCSP staple: good" equal "$(ocsp_status good)" good
check "OCSP staple: revoked" equal "$(ocsp_status revoked)" revoked

# Errors are reported, also where errexit is off.
check "unknown key type is an error" bash -c 'source "$2/scripts/lib/pki.sh"; ! pki_leaf "$1" bad --key-type rsa512 2>/dev/null' _ "$pki" "$source_dir"
check "bad date is an error" bash -c 'source "$2/scripts/lib/pki.sh"; if pki_leaf "$1" bad --not-after "someday" 2>/dev/null; then exit 1; fi' _ "$pki" "$source_dir"
check "leaf before pki_init is an error" bash -c 'source "$2/scripts/lib/pki.sh"; ! pki_leaf "$1/none" x 2>/dev/null' _ "$pki" "$source_dir"

if ((failures > 0)); then
    echo "FAIL: $failures check(s) failed"
    exit 1
fi
echo "pki.sh: every check passed"
