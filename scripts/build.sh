#!/usr/bin/env bash
# Configures and builds contested in build/ (CPU backend always; CUDA backend whenever
# nvcc is found, or as CONTESTED_CUDA says: AUTO, ON or OFF).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v nvcc >/dev/null 2>&1 && [ -x /usr/local/cuda/bin/nvcc ]; then
  export PATH=/usr/local/cuda/bin:$PATH
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCONTESTED_CUDA="${CONTESTED_CUDA:-AUTO}" >/dev/null
cmake --build build -j "$(nproc)"
