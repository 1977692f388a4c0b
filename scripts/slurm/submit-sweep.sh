#!/usr/bin/env bash
# Submits a sharded sweep and its merge in one go (docs/cluster.md):
#
#   scripts/slurm/submit-sweep.sh SHARDS SWEEP.yaml OUTDIR [contested options]
#
# An array of SHARDS tasks (sweep-array.sbatch), then merge.sbatch once every task has
# succeeded; the merged file is OUTDIR/<sweep>.h5. Extra sbatch options go in SBATCH_ARGS
# (e.g. SBATCH_ARGS="--partition=gpu --account=proj").
set -euo pipefail

usage="usage: $0 SHARDS SWEEP.yaml OUTDIR [contested options]"
shards=${1:?$usage}
sweep=${2:?$usage}
outdir=${3:?$usage}
shift 3
here=$(cd "$(dirname "$0")" && pwd)
stem=$(basename "${sweep%.*}")
read -r -a extra <<<"${SBATCH_ARGS:-}"

array=$(sbatch --parsable "${extra[@]}" --array="0-$((shards - 1))" \
  "$here/sweep-array.sbatch" "$sweep" "$outdir" "$@")
merge=$(sbatch --parsable "${extra[@]}" --dependency="afterok:${array%%;*}" \
  "$here/merge.sbatch" "$outdir" "$outdir/$stem.h5" "$stem")
echo "array job $array ($shards shards), merge job $merge -> $outdir/$stem.h5"
