#!/usr/bin/env bash
# The libFuzzer targets (tests/fuzz: SPF, DMARC, DKIM, DNS message, TLS reply, CAA, TLSA,
# security.txt, TLS-RPT, MTA-STS, NTS-KE record, NTP packet, CSP, Set-Cookie, Structured
# Field / Referrer-Policy, HTTP status line and SCT list parsers) built with
# clang, AddressSanitizer and UBSan, each run for a bounded time (FUZZ_SECONDS, default 20)
# on its corpus in the build directory. Any crash, leak, hang (-timeout) or sanitizer
# report fails the test; the offending inputs stay in $OSESCAN_BUILD_DIR/fuzz/artifacts.
# Exits 77 (skipped) when clang is not installed.
set -euo pipefail
source_dir=${OSESCAN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
build_dir=${OSESCAN_BUILD_DIR:-$source_dir/build}
if ! command -v clang++ >/dev/null; then
    echo "SKIP: clang++ not installed (scripts/install-deps installs it)" >&2
    exit 77
fi
export FUZZ_BUILD_DIR=$build_dir/fuzz
export FUZZ_SECONDS=${FUZZ_SECONDS:-20}
exec "$source_dir/tests/fuzz/run.sh"
