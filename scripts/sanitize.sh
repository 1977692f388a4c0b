#!/usr/bin/env bash
# The whole CPU test suite under AddressSanitizer (leaks included) and
# UndefinedBehaviorSanitizer: configures and builds build-asan/ (CPU backend; engine, CLI,
# tests, tools and bench all sanitized), then runs every ctest test there. Any report aborts
# the process that made it, which fails its test; the script also fails on any report a test
# did not see (from a process whose exit status it ignores: a CLI killed on purpose, output
# sent to /dev/null). Third-party leaks are suppressed by tests/sanitizers/lsan.supp, which
# says why for each. Prints the wall time of build and tests.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
jobs=$(nproc)
reports=$root/build-asan/sanitizer-reports

# The same options for the build (gtest_discover_tests runs the test binaries) and the tests.
# AddressSanitizer and LeakSanitizer reports also go to files in $reports; UBSan's (GCC's
# runtime ignores log_path for them) are found in ctest's log.
asan=abort_on_error=1:halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1
asan+=:check_initialization_order=1:strict_init_order=1:strict_string_checks=1
asan+=:log_path=$reports/asan
export ASAN_OPTIONS=$asan
export UBSAN_OPTIONS=abort_on_error=1:halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS=suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0

# Prints the reports written so far and fails when there are any.
check_reports() {
  local found=0
  if compgen -G "$reports/*" >/dev/null; then
    cat "$reports"/*
    rm -f "$reports"/*
    found=1
  fi
  local log=build-asan/Testing/Temporary/LastTest.log
  if [ -f "$log" ] && grep -q "runtime error:" "$log"; then
    grep -B2 -A20 "runtime error:" "$log"
    found=1
  fi
  [ "$found" -eq 0 ] || echo "sanitize: sanitizer reports (above)" >&2
  return "$found"
}

start=$(date +%s)
rm -rf "$reports" build-asan/Testing/Temporary/LastTest.log
mkdir -p "$reports"
# float-cast-overflow: GCC's "undefined" leaves out out-of-range float-to-integer conversions.
cmake -S . -B build-asan -G Ninja -DCMAKE_CXX_COMPILER=g++ -DCMAKE_C_COMPILER=gcc \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCONTESTED_CUDA=OFF -DCONTESTED_PYTHON=OFF \
  -DCONTESTED_SANITIZE=address,undefined,float-cast-overflow >/dev/null
cmake --build build-asan -j "$jobs" || { check_reports; exit 1; }
built=$(date +%s)

# A hung test fails after 15 minutes instead of blocking CI (the MPI test keeps its own
# timeout); generous, as sanitized code runs several times slower.
status=0
ctest --test-dir build-asan --output-on-failure -j "$jobs" --timeout 900 -LE mpi || status=$?
check_reports || status=1
# Open MPI's libraries have no frame pointers, so the stacks of their allocations reach a
# suppressed library only with the slow unwinder; it makes every allocation several times
# slower, so only the MPI test's ranks get it.
ASAN_OPTIONS=$asan:fast_unwind_on_malloc=0 \
  ctest --test-dir build-asan --output-on-failure -L mpi || status=$?
check_reports || status=1
done_at=$(date +%s)
echo "sanitize: build $((built - start)) s, tests $((done_at - built)) s (address,undefined)"
exit "$status"
