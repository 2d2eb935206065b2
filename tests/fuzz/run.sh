#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.cpp) with clang in their own build
# directory, the whole project instrumented, and runs each for a bounded time.
#
#   FUZZ_SECONDS   seconds per target (default 30)
#   FUZZ_BUILD_DIR build directory (default <repo>/build-fuzz)
#   FUZZ_JOBS      ninja parallelism, and fuzz targets run at once (default: the CPUs)
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
jobs=${FUZZ_JOBS:-$(nproc)}

command -v clang++ >/dev/null || { echo "run.sh: clang++ not found (apt-get install clang)" >&2; exit 2; }

sanitizers="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer"
# -O1 with line tables only: what libFuzzer's documentation suggests, and much quicker to
# build than -O2 -g (the build is most of this script's time); sanitizer reports still
# name file and line.
cmake -S "$repo" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=None \
    -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only $sanitizers" \
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

# Targets run $jobs at a time, each into its own log, printed when it ends.
mkdir -p "$build/logs"
fuzz_one() {
    local target=$1 corpus="$build/corpus/$1" artifacts="$build/artifacts/$1"
    mkdir -p "$corpus" "$artifacts"
    if "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$artifacts/" -print_final_stats=1 "$corpus" >"$build/logs/$target.log" 2>&1; then
        echo "== $target: ${seconds}s, no problem ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' \
            "$build/logs/$target.log" | grep -o '[0-9]*$' || echo '?') runs)"
    else
        tail -n 60 "$build/logs/$target.log"
        echo "== $target: FAILED (inputs in $artifacts, log $build/logs/$target.log)" >&2
        return 1
    fi
}
status=0
running=0
for target in "${targets[@]}"; do
    if ((running >= jobs)); then
        wait -n || status=1
        running=$((running - 1))
    fi
    fuzz_one "$target" &
    running=$((running + 1))
done
while ((running > 0)); do
    wait -n || status=1
    running=$((running - 1))
done
exit $status
