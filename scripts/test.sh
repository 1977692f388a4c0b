#!/usr/bin/env bash
# Every test: installs dependencies, builds (the CUDA backend too, as a compile check,
# whenever nvcc is present) and runs the whole suite. GPU tests (label gpu) skip cleanly
# without a device.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"
