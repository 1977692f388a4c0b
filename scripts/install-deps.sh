#!/usr/bin/env bash
# Installs the Debian packages contested builds against (skips what is already there), then
# the Python packages that `pip install .` (the contested Python package) and its tests need.
# The CUDA toolkit (nvcc, Thrust, cuRAND) is expected at /usr/local/cuda or on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake ninja-build pkg-config libhdf5-dev hdf5-tools libcli11-dev
          libyaml-cpp-dev libgtest-dev libbenchmark-dev clang-format)
packages+=(libopenmpi-dev openmpi-bin)  # MPI runs (CONTESTED_MPI) and their ctest
packages+=(clang libclang-rt-14-dev libomp-dev)  # scripts/fuzz.sh: libFuzzer, OpenMP for clang
# Python with its headers and pip: Debian's when there is no python3 (or Debian's is the
# python3, which then gets a virtual environment, see below); a pyenv Python has them.
is_debian_python='import os, sys, sysconfig
sys.exit(not os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")))'
if ! command -v python3 >/dev/null 2>&1; then
  packages+=(python3 python3-dev python3-venv python3-pip)
elif python3 -c "$is_debian_python"; then
  packages+=(python3-dev python3-venv)
fi
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

# Python packages: the build backend (`pip install --no-build-isolation .` uses it), the
# package's dependencies and its test tools; into python3, or into .venv/ (created here) when
# python3 is Debian's externally managed one (PEP 668), as scripts/test.sh does.
python=python3
if [ -z "${VIRTUAL_ENV:-}" ] && python3 -c "$is_debian_python"; then
  [ -x .venv/bin/python ] || python3 -m venv .venv
  python=.venv/bin/python
fi
export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1
"$python" -m pip install -q \
  "scikit-build-core>=0.10" "pybind11>=2.10" \
  "numpy>=1.22" "h5py>=3.6" "xarray>=2022.6" "matplotlib>=3.5" "pyyaml>=5.4" "tqdm>=4.60" \
  "basemap>=2.0" "basemap-data>=2.0" \
  "pytest>=7" "nbclient>=0.7" "nbformat>=5.7" "ipykernel>=6"
