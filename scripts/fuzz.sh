#!/usr/bin/env bash
# Fuzzes the input loaders: the scenario loader and validator (tests/fuzz/fuzz_scenario.cpp)
# for FUZZ_SECONDS (default 60), then the sweep loader (fuzz_sweep.cpp) for
# FUZZ_SWEEP_SECONDS (default 30); 0 skips a target. Configures and builds build-fuzz/ with
# clang (libFuzzer, AddressSanitizer with leak checks, UBSan; the engine is instrumented too),
# then mutates scratch copies of the committed seed corpora and regression inputs, so that
# those files stay as they are. Exits nonzero on any crash, hang (an input over 10 s), leak,
# sanitizer report or memory blow-up (2 GiB), and prints where the input that caused it was
# saved and how to replay it.
#
#   scripts/fuzz.sh                     # 60 s + 30 s
#   FUZZ_SECONDS=600 scripts/fuzz.sh    # longer
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=$root/build-fuzz

CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCONTESTED_FUZZ=ON -DCONTESTED_CUDA=OFF -DCONTESTED_MPI=OFF -DCONTESTED_PYTHON=OFF \
  -DCONTESTED_TESTS=OFF -DCONTESTED_BENCH=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target fuzz_scenario fuzz_sweep

work=$(mktemp -d "$build/fuzz-run.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$build/findings"

# fuzz TARGET SECONDS MAX_LEN SEED_DIR...: runs TARGET on a scratch copy of the seeds. UBSan
# reports abort (CONTESTED_FUZZ builds with -fno-sanitize-recover), so libFuzzer counts them.
fuzz() {
  local target=$1 seconds=$2 max_len=$3
  shift 3
  local corpus=$work/$target log=$build/$target.log status=0
  [ "$seconds" -gt 0 ] || return 0  # libFuzzer would take 0 for no limit
  mkdir -p "$corpus"
  for seeds in "$@"; do cp "$seeds"/* "$corpus/"; done
  echo "fuzz: $target for $seconds s"
  "$build/bin/$target" "$corpus" -dict=tests/fuzz/fuzz.dict -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" -artifact_prefix="$build/findings/" \
    -print_final_stats=1 >"$log" 2>&1 || status=$?
  grep -aE '^(#[0-9]+[[:space:]]+DONE|stat::|Done )' "$log" || true
  if [ "$status" -ne 0 ]; then
    tail -n 80 "$log"
    echo "fuzz: $target FAILED (libFuzzer exit $status); the input is saved as:"
    grep -ao "Test unit written to .*" "$log" | sed 's/^Test unit written to /  /' || true
    echo "replay it with $build/bin/$target FILE (whole log: $log); once fixed, add it to"
    echo "tests/fuzz/regressions/ (a scenario) or tests/fuzz/sweep_corpus/ (a sweep)"
    exit "$status"
  fi
}

# -max_len: over twice the largest seed of each corpus (7 KB, 0.4 KB), room for mutations to
# grow one. Larger regression inputs are fuzzed cut to it; the GoogleTest replays them whole.
fuzz fuzz_scenario "${FUZZ_SECONDS:-60}" 16384 tests/fuzz/corpus tests/fuzz/regressions
fuzz fuzz_sweep "${FUZZ_SWEEP_SECONDS:-30}" 4096 tests/fuzz/sweep_corpus
echo "fuzz: ok, no finding"
