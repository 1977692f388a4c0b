#!/usr/bin/env bash
# Every test: installs dependencies, builds (the CUDA backend too, as a compile check,
# whenever nvcc is present) and runs the whole suite. GPU tests (label gpu) skip cleanly
# without a device. Then installs the Python package (pip install ., the same engine) and
# runs its tests, notebooks included; then the whole suite again under AddressSanitizer and
# UndefinedBehaviorSanitizer (scripts/sanitize.sh), and the loader fuzzers for a bounded
# time (scripts/fuzz.sh). docs/reliability.md says what each guarantees.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"

if ! command -v nvcc >/dev/null 2>&1 && [ -x /usr/local/cuda/bin/nvcc ]; then
  export PATH=/usr/local/cuda/bin:$PATH
fi
# The Python to install into and test with: python3, or .venv/bin/python (created here) when
# python3 is Debian's externally managed one (PEP 668).
python=python3
if [ -z "${VIRTUAL_ENV:-}" ] && python3 -c 'import os, sys, sysconfig
sys.exit(not os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")))'; then
  [ -x .venv/bin/python ] || python3 -m venv .venv
  python=.venv/bin/python
fi
export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1
"$python" -m pip install -q --no-build-isolation .
CONTESTED_CLI="$PWD/build/bin/contested" "$python" -m pytest tests/python -q -p no:cacheprovider

scripts/sanitize.sh
scripts/fuzz.sh
