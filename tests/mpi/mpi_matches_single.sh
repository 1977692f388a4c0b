#!/usr/bin/env bash
# `mpirun -np N contested run|sweep` on the CPU backend writes the same datasets as one
# process (docs/design.md, section 8): ranks split the trials and rank 0 adds up exact integer sums.
# Usage: mpi_matches_single.sh CONTESTED H5_SAME MPIEXEC SOURCE_DIR WORK_DIR
set -euo pipefail
cli=$1 same=$2 mpiexec=$3 src=$4 work=$5

rm -rf "$work"
mkdir -p "$work"
cd "$work"

mpi=("$mpiexec")
if "$mpiexec" --version 2>&1 | grep -qE "Open MPI|OpenRTE"; then
  mpi+=(--oversubscribe)
  [ "$(id -u)" -ne 0 ] || mpi+=(--allow-run-as-root)
fi

# The file must come from several ranks, not from N copies of a one-rank run.
expect_ranks() {
  h5dump -a /device "$1" | grep -q "of $2 MPI ranks" || {
    echo "FAIL: $1 was not written by $2 ranks:"
    h5dump -a /device "$1"
    exit 1
  }
}

scenario=$src/configs/examples/sustainment.yaml
"$cli" run "$scenario" --trials 301 --seed 9 --backend cpu --threads 1 --quiet --out single.h5
"${mpi[@]}" -np 2 "$cli" run "$scenario" --trials 301 --seed 9 --backend cpu --threads 1 \
  --quiet --out ranks2.h5
expect_ranks ranks2.h5 2
"$same" single.h5 ranks2.h5

# A shard split across ranks is the same shard.
"$cli" run "$scenario" --trials 301 --seed 9 --backend cpu --threads 1 --quiet --shard 1/2 \
  --out shard.h5
"${mpi[@]}" -np 3 "$cli" run "$scenario" --trials 301 --seed 9 --backend cpu --threads 1 \
  --quiet --shard 1/2 --out shard3.h5
expect_ranks shard3.h5 3
"$same" shard.h5 shard3.h5

cat > sweep.yaml <<YAML
scenario: $src/configs/examples/ramp_and_shelters.yaml
trials: 157
seed: 4
postures:
  - baseline
  - {id: more_shelters, set: {"nodes.airbase.shelters": 24}}
YAML
"$cli" sweep sweep.yaml --backend cpu --threads 1 --quiet --out sweep1.h5
"${mpi[@]}" -np 3 "$cli" sweep sweep.yaml --backend cpu --threads 1 --quiet --out sweep3.h5
expect_ranks sweep3.h5 3
"$same" sweep1.h5 sweep3.h5
# Uncertain inputs: ranks draw each sample's values from its address, as one process does.
cat > unsure.yaml <<YAML
id: unsure
uncertain:
  missiles.srbm.cep_m: {triangular: {low: 10, mode: 20, high: 60}}
  nodes.airbase.repair.teams: {choice: {values: [1, 2, 3]}}
YAML
single_base=$src/configs/examples/single_base.yaml
"$cli" run "$single_base" -p unsure.yaml --trials 61 --trials-per-sample 4 --seed 3 \
  --backend cpu --threads 1 --quiet --out unsure1.h5
"${mpi[@]}" -np 3 "$cli" run "$single_base" -p unsure.yaml --trials 61 --trials-per-sample 4 \
  --seed 3 --backend cpu --threads 1 --quiet --out unsure3.h5
expect_ranks unsure3.h5 3
"$same" unsure1.h5 unsure3.h5
echo "PASS"
