#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.cpp) with clang in their own build
# directory, the whole project instrumented, and runs each for a bounded time.
#
#   FUZZ_SECONDS   seconds per target (default 30)
#   FUZZ_BUILD_DIR build directory (default <repo>/build-fuzz)
#   FUZZ_JOBS      ninja parallelism (default 2)
#   tests/fuzz/run.sh [target...]   only these targets (e.g. fuzz_dns_message)
#
# Each target keeps its corpus in $FUZZ_BUILD_DIR/corpus/<target> between runs; crash
# inputs are written to $FUZZ_BUILD_DIR/artifacts/<target>/. Exit status: 0 when every
# target ran its time without finding a problem.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=${FUZZ_BUILD_DIR:-$repo/build-fuzz}
seconds=${FUZZ_SECONDS:-30}
jobs=${FUZZ_JOBS:-2}

command -v clang++ >/dev/null || { echo "run.sh: clang++ not found (apt-get install clang)" >&2; exit 2; }

sanitizers="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer"
cmake -S "$repo" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_CXX_FLAGS="$sanitizers" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
    -DOSESCAN_FUZZ=ON -DOSESCAN_TESTS=OFF -DOSESCAN_WERROR=OFF >/dev/null

if (($# > 0)); then
    targets=("$@")
else
    targets=()
    for source in "$here"/fuzz_*.cpp; do
        targets+=("$(basename "$source" .cpp)")
    done
fi
ninja -C "$build" -j "$jobs" "${targets[@]}"

status=0
for target in "${targets[@]}"; do
    corpus="$build/corpus/$target"
    artifacts="$build/artifacts/$target"
    mkdir -p "$corpus" "$artifacts"
    echo "== $target: ${seconds}s"
    if ! "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$artifacts/" -print_final_stats=1 "$corpus"; then
        echo "== $target: FAILED (inputs in $artifacts)" >&2
        status=1
    fi
done
exit $status
