#!/usr/bin/env bash
# Installs the Debian packages contested builds against (skips what is already there).
# The CUDA toolkit (nvcc, Thrust, cuRAND) is expected at /usr/local/cuda or on PATH.
set -euo pipefail

packages=(build-essential cmake ninja-build pkg-config libhdf5-dev hdf5-tools libcli11-dev
          libyaml-cpp-dev libgtest-dev libbenchmark-dev clang-format)
packages+=(libopenmpi-dev openmpi-bin)  # MPI runs (CONTESTED_MPI) and their ctest
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
