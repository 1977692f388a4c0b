#!/usr/bin/env bash
# Sanity report for the Indo-Pacific theatre: runs configs/indo_pacific.yaml under every
# posture in configs/postures/ with a fixed seed and trial count, and writes the tables of
# docs/baseline-results.md from `contested info` (the CLI only: no Python, no HDF5 tools).
#
#   scripts/baseline-report.sh                 # 2000 trials, seed 2024, all CPU threads
#   TRIALS=500 SEED=7 scripts/baseline-report.sh
#   BACKEND=cuda scripts/baseline-report.sh    # on a GPU
#
# Only the part of docs/baseline-results.md between the GENERATED markers is rewritten; the
# discussion around it is kept. Run from anywhere; needs build/bin/contested (scripts/build.sh).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli="${CONTESTED:-$root/build/bin/contested}"
theatre="configs/indo_pacific.yaml"
doc="$root/docs/baseline-results.md"
trials="${TRIALS:-2000}"
seed="${SEED:-2024}"
backend="${BACKEND:-cpu}"
long_days="${LONG_DAYS:-180}"
long_trials="${LONG_TRIALS:-500}"
sens_trials="${SENS_TRIALS:-500}"
postures=(baseline hardened dispersed defended federated federated_dispersed)
# Japanese bases and Guam, for the strip-denial tables.
bases=(kadena futenma naha iwakuni misawa yokota atsugi tsuiki nyutabaru komatsu chitose andersen)

[[ -x "$cli" ]] || { echo "baseline-report: $cli not found; build first (scripts/build.sh)" >&2; exit 1; }
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

run() {  # run NAME POSTURE_FILE TRIALS [extra args]: $work/NAME.h5 and its summary $work/NAME.txt
  local name="$1" posture="$2" n="$3"
  shift 3
  local start end
  start=$(date +%s%N)
  "$cli" run "$theatre" --posture "$posture" --trials "$n" --seed "$seed" \
    --backend "$backend" --quiet --out "$work/$name.h5" "$@" > /dev/null
  end=$(date +%s%N)
  "$cli" info "$work/$name.h5" > "$work/$name.txt"
  awk -v name="$name" -v ns="$((end - start))" \
    'BEGIN { printf "baseline-report: %-28s %6.1f s\n", name, ns / 1e9 }' >&2
}

# cell NAME SECTION LABEL COLUMN: one cell of a summary table ("mean [5%-95%]" or text).
# Sections: sorties, bases, theatre, sustainment, campaign. Columns count from 1 after the
# row label; cells are separated by two or more spaces.
cell() {
  awk -v sec="$2" -v label="$3" -v col="$4" '
    /^  sorties per day/             { s = "sorties"; next }
    /^  per base, whole campaign/    { s = "bases"; next }
    /^  theatre  +mean/              { s = "theatre"; next }
    /^  sustainment, theatre/        { s = "sustainment"; next }
    /^  sustainment, whole campaign/ { s = "campaign"; next }
    /^$/                             { next }
    {
      line = $0
      sub(/^ +/, "", line)
      n = split(line, f, /  +/)
      if (s == sec && f[1] == label) { print f[col + 1]; found = 1; exit }
    }
    END { if (!found) print "n/a" }' "$work/$1.txt"
}

mean() { cell "$@" | awk '{ print $1 }'; }

# The summary's column order in the per-base table (strip classes in file order, then losses).
fighter_col=1 tanker_col=2 lost_col=4

for p in "${postures[@]}"; do run "$p" "configs/postures/$p.yaml" "$trials"; done

# One-at-a-time sensitivity runs: posture files written here, each changing one input group
# of the baseline (or of the dispersed posture) to show what drives the headline numbers.
sensitivity=(craters_12m_one_crew slow_repair aim120_not_consumed no_df21c dispersed_wide_ramps pk_0_9)
cat > "$work/craters_12m_one_crew.yaml" <<'YAML'
id: craters_12m_one_crew
description: 12 m unitary craters (10 m cruise) and one repair crew at the main US bases.
set:
  missiles.df11a.crater_radius_m: 12
  missiles.df16.crater_radius_m: 12
  missiles.df17.crater_radius_m: 12
  missiles.df26.crater_radius_m: 12
  missiles.cj10.crater_radius_m: 10
  missiles.cj20.crater_radius_m: 10
  nodes.kadena.repair.teams: 1
  nodes.misawa.repair.teams: 1
  nodes.iwakuni.repair.teams: 1
  nodes.andersen.repair.teams: 1
YAML
cat > "$work/slow_repair.yaml" <<'YAML'
id: slow_repair
description: As craters_12m_one_crew, and 12 h a crater (4x the RADR figure) at five US bases.
set:
  missiles.df11a.crater_radius_m: 12
  missiles.df16.crater_radius_m: 12
  missiles.df17.crater_radius_m: 12
  missiles.df26.crater_radius_m: 12
  missiles.cj10.crater_radius_m: 10
  missiles.cj20.crater_radius_m: 10
  nodes.kadena.repair: {teams: 1, hours_per_crater: 12, sigma: 0.4, hours_per_day: 20}
  nodes.misawa.repair: {teams: 1, hours_per_crater: 12, sigma: 0.4, hours_per_day: 20}
  nodes.iwakuni.repair: {teams: 1, hours_per_crater: 12, sigma: 0.4, hours_per_day: 20}
  nodes.yokota.repair: {teams: 1, hours_per_crater: 12, sigma: 0.4, hours_per_day: 20}
  nodes.andersen.repair: {teams: 1, hours_per_crater: 12, sigma: 0.4, hours_per_day: 20}
YAML
cat > "$work/aim120_not_consumed.yaml" <<'YAML'
id: aim120_not_consumed
description: No AIM-120 spent per sortie (the baseline spends one per fighter sortie).
set:
  consumption.f15ex.aim120: 0
  consumption.f35a.aim120: 0
  consumption.f35a_allied.aim120: 0
  consumption.f35b.aim120: 0
  consumption.f16.aim120: 0
  consumption.fa18ef.aim120: 0
YAML
cat > "$work/no_df21c.yaml" <<'YAML'
id: no_df21c
description: No DF-21C submunition missiles (the 2024 DoD report lists no DF-21C brigades).
set:
  missiles.df21c.inventory: 0
YAML
sed -e 's/^id: dispersed/id: dispersed_wide_ramps/' -e '/^description:/,/^flags:/{/^flags:/!d}' \
  configs/postures/dispersed.yaml > "$work/dispersed_wide_ramps.yaml"
for f in kagoshima kumamoto oita nagasaki hyakuri matsushima; do
  echo "  nodes.$f.ramp: {length_m: 2500, width_m: 600}" >> "$work/dispersed_wide_ramps.yaml"
done
cat > "$work/pk_0_9.yaml" <<'YAML'
id: pk_0_9
description: Single-shot kill probability 0.9 for PAC-3 and THAAD against every class.
set:
  interceptors.pac3.pk: {default: 0.9, cj10: 0.9, cj20: 0.9}
  interceptors.thaad.pk: {default: 0.9, cj10: 0.0, cj20: 0.0}
YAML
for v in "${sensitivity[@]}"; do run "$v" "$work/$v.yaml" "$sens_trials"; done
run "baseline_${long_days}d" configs/postures/baseline.yaml "$long_trials" --days "$long_days"
run "federated_${long_days}d" configs/postures/federated.yaml "$long_trials" --days "$long_days"
header_row() { printf '| %s |' "$1"; for p in "${postures[@]}"; do printf ' %s |' "$p"; done; echo; }
rule_row() { printf '|---|'; for _ in "${postures[@]}"; do printf -- '---|'; done; echo; }

generated() {
  echo "<!-- BEGIN GENERATED by scripts/baseline-report.sh; do not edit by hand -->"
  echo
  echo "Command: \`scripts/baseline-report.sh\` (TRIALS=$trials SEED=$seed BACKEND=$backend)."
  echo "Each posture: \`build/bin/contested run $theatre --posture configs/postures/<posture>.yaml"
  echo "--trials $trials --seed $seed --backend $backend\`; the tables are read back with"
  echo "\`contested info\`. Same seed in every posture, so trial *t* of every posture sees the same"
  echo "random draws (paired comparison). Cells: mean over trials, then [5%–95%]."
  echo
  echo "### Sorties by day, theatre-wide"
  echo
  echo "| posture | day 1 | day 3 | day 7 | day 30 |"
  echo "|---|---|---|---|---|"
  for p in "${postures[@]}"; do
    printf '| %s |' "$p"
    for c in 1 2 3 4; do printf ' %s |' "$(cell "$p" sorties "theatre total" "$c")"; done
    echo
  done
  echo
  echo "### Sorties by day at the Japanese bases and Guam (baseline)"
  echo
  echo "| base | day 1 | day 3 | day 7 | day 30 |"
  echo "|---|---|---|---|---|"
  for b in "${bases[@]}"; do
    printf '| %s |' "$b"
    for c in 1 2 3 4; do printf ' %s |' "$(cell baseline sorties "$b" "$c")"; done
    echo
  done
  echo
  echo "### Days the fighter strip is denied (no usable minimum operating strip at any hour), mean"
  echo
  header_row base; rule_row
  for b in "${bases[@]}"; do
    printf '| %s |' "$b"
    for p in "${postures[@]}"; do printf ' %s |' "$(mean "$p" bases "$b" "$fighter_col")"; done
    echo
  done
  echo
  echo "### Days the tanker strip is denied, mean"
  echo
  header_row base; rule_row
  for b in "${bases[@]}"; do
    printf '| %s |' "$b"
    for p in "${postures[@]}"; do printf ' %s |' "$(mean "$p" bases "$b" "$tanker_col")"; done
    echo
  done
  echo
  echo "### Aircraft lost on the ground over the campaign"
  echo
  header_row "where"; rule_row
  printf '| theatre |'
  for p in "${postures[@]}"; do printf ' %s |' "$(cell "$p" theatre "aircraft lost on ground" 1)"; done
  echo
  for b in "${bases[@]}"; do
    printf '| %s |' "$b"
    for p in "${postures[@]}"; do printf ' %s |' "$(mean "$p" bases "$b" "$lost_col")"; done
    echo
  done
  echo
  echo "### Interceptors and munitions"
  echo
  echo "\"Exhausted\": the first day a defended base's batteries are all empty (interceptors), or the"
  echo "theatre-wide stock of an item is zero (munitions, fuel)."
  echo
  header_row "quantity"; rule_row
  printf '| interceptors loaded, day 30 |'
  for p in "${postures[@]}"; do printf ' %s |' "$(cell "$p" theatre "interceptors remaining (day 30)" 1)"; done
  echo
  printf '| interceptors exhausted |'
  for p in "${postures[@]}"; do printf ' %s |' "$(cell "$p" theatre "interceptors exhausted" 1)"; done
  echo
  for item in pac3 thaad aim120 jassm fuel; do
    local label="munitions_$item"
    [[ "$item" == fuel ]] && label="fuel"
    printf '| %s stock, day 30 |' "$item"
    for p in "${postures[@]}"; do printf ' %s |' "$(cell "$p" sustainment "$label" 4)"; done
    echo
    printf '| %s exhausted |' "$item"
    for p in "${postures[@]}"; do printf ' %s |' "$(cell "$p" campaign "$item exhausted" 1)"; done
    echo
  done
  for m in df11a df15 df16 df17 df21c df26 cj10 cj20; do
    printf '| adversary %s left, day 30 |' "$m"
    for p in "${postures[@]}"; do printf ' %s |' "$(cell "$p" theatre "missiles remaining, $m (day 30)" 1)"; done
    echo
  done
  echo
  echo "### Ships by day"
  echo
  echo "| posture | available day 1 | day 7 | day 30 | in repair day 30 | sunk day 30 | ship-days lost to repair |"
  echo "|---|---|---|---|---|---|---|"
  for p in "${postures[@]}"; do
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$p" \
      "$(cell "$p" sustainment ships_available 1)" "$(cell "$p" sustainment ships_available 3)" \
      "$(cell "$p" sustainment ships_available 4)" "$(cell "$p" sustainment ships_in_repair 4)" \
      "$(cell "$p" sustainment ships_sunk 4)" "$(cell "$p" campaign "ship-days lost to repair" 1)"
  done
  echo
  echo "The same two postures over ${long_days} days (\`--days $long_days --trials $long_trials\`; the strike"
  echo "plan ends on day 30, production, shipping, ship damage and repair go on):"
  echo
  echo "| posture | available day $long_days | in repair day $long_days | sunk day $long_days | ship-days lost to repair |"
  echo "|---|---|---|---|---|"
  for p in baseline federated; do
    local n="${p}_${long_days}d"
    printf '| %s | %s | %s | %s | %s |\n' "$p" \
      "$(cell "$n" sustainment ships_available 4)" "$(cell "$n" sustainment ships_in_repair 4)" \
      "$(cell "$n" sustainment ships_sunk 4)" "$(cell "$n" campaign "ship-days lost to repair" 1)"
  done
  echo
  echo "### One-at-a-time sensitivity ($sens_trials trials, seed $seed)"
  echo
  echo "Each row changes one group of inputs of the baseline (dispersed_wide_ramps: of the"
  echo "dispersed posture), with a posture file the script writes; see the discussion."
  echo
  echo "| variant | sorties day 7 | sorties day 30 | aircraft lost on ground | fighter strip denied, days: Kadena / Misawa / Iwakuni | PAC-3 exhausted | AIM-120 stock day 30 |"
  echo "|---|---|---|---|---|---|---|"
  for v in baseline dispersed "${sensitivity[@]}"; do
    printf '| %s | %s | %s | %s | %s / %s / %s | %s | %s |\n' "$v" \
      "$(cell "$v" sorties "theatre total" 3)" "$(cell "$v" sorties "theatre total" 4)" \
      "$(cell "$v" theatre "aircraft lost on ground" 1)" "$(mean "$v" bases kadena "$fighter_col")" \
      "$(mean "$v" bases misawa "$fighter_col")" "$(mean "$v" bases iwakuni "$fighter_col")" \
      "$(cell "$v" campaign "pac3 exhausted" 1)" "$(cell "$v" sustainment munitions_aim120 4)"
  done
  echo
  echo "(baseline and dispersed rows: $trials trials.)"
  echo
  echo "<!-- END GENERATED -->"
}

generated > "$work/generated.md"
if [[ -f "$doc" ]] && grep -q '<!-- BEGIN GENERATED' "$doc" && grep -q '<!-- END GENERATED' "$doc"; then
  awk -v gen="$work/generated.md" '
    /<!-- BEGIN GENERATED/ { while ((getline line < gen) > 0) print line; skip = 1; next }
    /<!-- END GENERATED/   { skip = 0; next }
    !skip' "$doc" > "$work/doc.md"
  cp "$work/doc.md" "$doc"
else
  { echo "# Baseline results: the Indo-Pacific theatre under each posture"; echo
    cat "$work/generated.md"; } > "$doc"
fi
echo "baseline-report: wrote $doc ($trials trials, seed $seed)" >&2
