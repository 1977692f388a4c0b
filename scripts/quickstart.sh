#!/usr/bin/env bash
# One command from a fresh Debian machine: install dependencies, build, and run the
# baseline Indo-Pacific scenario on the best backend available (GPU if present, else
# CPU), writing runs/baseline.h5 and printing the summary.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/build.sh
mkdir -p runs
trials=${TRIALS:-20000}
if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then
  trials=${TRIALS:-1000000}
fi
build/bin/contested run configs/indo_pacific.yaml --backend auto --trials "$trials" \
  --out runs/baseline.h5 --force  # replaces the last run's file
