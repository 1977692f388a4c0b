#!/usr/bin/env bash
# Sanity report for the Indo-Pacific theatre: runs configs/indo_pacific.yaml under every
# posture in configs/postures/ with a fixed seed and trial count, and writes the tables of
# docs/baseline-results.md from `contested info` and, for per-base sorties by cause, from
# the results files with h5dump (the CLI and hdf5-tools only: no Python).
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

# run NAME POSTURE_FILE TRIALS [extra args]: $work/NAME.h5 and its summary $work/NAME.txt,
# of the theatre (or of $work/NAME.theatre.yaml when a variant of the theatre file is there).
run() {
  local name="$1" posture="$2" n="$3"
  shift 3
  local start end file="$theatre"
  [[ -f "$work/$name.theatre.yaml" ]] && file="$work/$name.theatre.yaml"
  start=$(date +%s%N)
  "$cli" run "$file" --posture "$posture" --trials "$n" --seed "$seed" \
    --backend "$backend" --quiet --out "$work/$name.h5" "$@" > /dev/null
  end=$(date +%s%N)
  "$cli" info "$work/$name.h5" > "$work/$name.txt"
  awk -v name="$name" -v ns="$((end - start))" \
    'BEGIN { printf "baseline-report: %-28s %6.1f s\n", name, ns / 1e9 }' >&2
}

# cell NAME SECTION LABEL COLUMN: one cell of a summary table ("mean [5%-95%]" or text).
# Sections: sorties, ledger, bases, groups, theatre, sustainment, campaign. Columns count
# from 1 after the row label; cells are separated by two or more spaces.
cell() {
  awk -v sec="$2" -v label="$3" -v col="$4" '
    /^  sorties per day/             { s = "sorties"; next }
    /^  sorties, theatre/            { s = "ledger"; next }
    /^  per base, whole campaign/    { s = "bases"; next }
    /^  groups \(mean of bases\)/    { s = "groups"; next }
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

# node_mean NAME POSTURE_ID NODE METRIC DAY: a per-node daily metric's mean, one decimal.
node_mean() {
  h5dump -d "/postures/$2/nodes/$3/$4/mean" -y -w 0 "$work/$1.h5" 2>/dev/null |
    awk -v day="$5" '/DATA \{/ { getline; gsub(/ /, ""); split($0, v, ","); printf "%.1f", v[day + 1]; found = 1 }
                     END { if (!found) printf "n/a" }'
}

# The summary's column order in the per-base table (strip classes in file order, then losses).
fighter_col=1 tanker_col=2 lost_col=4
causes=("no strip" destroyed "not MC" fuel munitions)

for p in "${postures[@]}"; do run "$p" "configs/postures/$p.yaml" "$trials"; done

# One-at-a-time sensitivity runs: posture files written here, each changing one input group
# of the baseline (or of the dispersed posture) to show what drives the headline numbers.
sensitivity=(craters_12m_one_crew slow_repair no_delay_no_cure centreline_aim one_wave_a_day
             double_follow_ups aim120_not_consumed no_df21c dispersed_wide_ramps pk_0_9)
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
{ echo "id: slow_repair"
  echo "description: 3 h of work a crater (the RADR start-to-finish figure) and one crew at five US bases."
  echo "set:"
  for b in kadena misawa iwakuni yokota andersen; do
    echo "  nodes.$b.repair.teams: 1"
    echo "  nodes.$b.repair.hours_per_crater: 3"
  done; } > "$work/slow_repair.yaml"
# Variants of the theatre file itself: no assessment delay and no cure at any base;
# centreline aiming instead of cut patterns; follow-up raids once a day at hour 0; twice
# the missiles in each follow-up runway raid.
for v in no_delay_no_cure centreline_aim one_wave_a_day double_follow_ups; do
  printf 'id: %s\ndescription: a variant of the theatre file (scripts/baseline-report.sh)\n' "$v" \
    > "$work/$v.yaml"
done
sed -e 's/delay_h: 1\.0/delay_h: 0.0/' -e 's/cure_h: 2\.0/cure_h: 0.0/' "$theatre" \
  > "$work/no_delay_no_cure.theatre.yaml"
sed -e 's/pattern: cut_across, strip: fighter, //' -e 's/pattern: cut, strip: fighter, //' \
  "$theatre" > "$work/centreline_aim.theatre.yaml"
sed -e 's/hour: \[0, 6, 12, 18\], //' "$theatre" > "$work/one_wave_a_day.theatre.yaml"
awk '/aim: runway/ && /when: runway_open/ {
       match($0, /count: [0-9]+/); n = substr($0, RSTART + 7, RLENGTH - 7)
       $0 = substr($0, 1, RSTART - 1) "count: " (2 * n) substr($0, RSTART + RLENGTH) }
     { print }' "$theatre" > "$work/double_follow_ups.theatre.yaml"
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
  echo "### Theatre sorties against day-0 capacity, and the gap by cause (baseline)"
  echo
  echo "Capacity: every aircraft based on day 0 mission capable, flying its sortie rate from an"
  echo "open strip. The gap to it is split in this order (docs/runway-denial.md); the parts add"
  echo "up to the gap exactly in every trial."
  echo
  echo "| | day 1 | day 3 | day 7 | day 30 |"
  echo "|---|---|---|---|---|"
  for label in capacity flown "lost, no strip" "lost, destroyed" "lost, not MC" "lost, fuel" "lost, munitions"; do
    printf '| %s |' "$label"
    for c in 1 2 3 4; do printf ' %s |' "$(cell baseline ledger "$label" "$c")"; done
    echo
  done
  echo
  echo "Sorties lost on day 7 by cause, theatre-wide, mean:"
  echo
  header_row "cause"; rule_row
  for cause in "${causes[@]}"; do
    printf '| %s |' "$cause"
    for p in "${postures[@]}"; do printf ' %s |' "$(mean "$p" ledger "lost, $cause" 3)"; done
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
  echo "Day 1 at the same bases by cause (baseline; sorties, mean), with the aircraft alive"
  echo "before and after day 1's strikes and the fuel on hand at the end of days 0 and 1:"
  echo
  echo "| base | aircraft day 0 → 1 | fuel day 0 → 1 | capacity | flown | no strip | destroyed | not MC | fuel | munitions |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for b in "${bases[@]}"; do
    printf '| %s | %s → %s | %s → %s |' "$b" \
      "$(node_mean baseline baseline "$b" aircraft_alive 0)" "$(node_mean baseline baseline "$b" aircraft_alive 1)" \
      "$(node_mean baseline baseline "$b" fuel 0)" "$(node_mean baseline baseline "$b" fuel 1)"
    for m in sortie_capacity sorties sorties_lost_strip sorties_lost_destroyed sorties_lost_not_mc \
             sorties_lost_fuel sorties_lost_munitions; do
      printf ' %s |' "$(node_mean baseline baseline "$b" "$m" 1)"
    done
    echo
  done
  echo
  echo "### Hours the fighter strip is closed over the campaign, mean"
  echo
  echo "Clock hours in which no fighter minimum operating strip was usable for some time, summed"
  echo "over the 30 days (720 h = closed throughout); n/a: the undamaged base cannot hold the strip."
  echo
  header_row base; rule_row
  for b in "${bases[@]}"; do
    printf '| %s |' "$b"
    for p in "${postures[@]}"; do printf ' %s |' "$(mean "$p" bases "$b" "$fighter_col")"; done
    echo
  done
  echo
  echo "### Hours the tanker strip is closed over the campaign, mean"
  echo
  header_row base; rule_row
  for b in "${bases[@]}"; do
    printf '| %s |' "$b"
    for p in "${postures[@]}"; do printf ' %s |' "$(mean "$p" bases "$b" "$tanker_col")"; done
    echo
  done
  echo
  echo "### Groups: hours closed, the mean over the group's bases that can hold the strip"
  echo
  echo "us_japan: Kadena, Futenma, Iwakuni, Misawa, Yokota, Atsugi; us_korea: Osan, Kunsan,"
  echo "Humphreys; guam: Andersen. Cells: mean [5%–95%] over trials."
  echo
  header_row "group, strip"; rule_row
  for g in us_japan us_korea guam; do
    for k in 1 2; do
      printf '| %s, %s |' "$g" "$([[ $k == 1 ]] && echo fighter || echo tanker)"
      for p in "${postures[@]}"; do printf ' %s |' "$(cell "$p" groups "$g" "$k")"; done
      echo
    done
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
  for item in pac3 thaad aim120 jassm fuel adr_kit; do
    local label="munitions_$item"
    [[ "$item" == fuel ]] && label="fuel"
    [[ "$item" == adr_kit ]] && label="supplies_adr_kit"
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
  echo "dispersed posture), with a posture file the script writes (no_delay_no_cure,"
  echo "centreline_aim, one_wave_a_day, double_follow_ups: with a variant of the theatre file);"
  echo "see the discussion."
  echo
  echo "| variant | sorties day 7 | sorties day 30 | aircraft lost on ground | fighter strip closed, hours: Kadena / Misawa / Iwakuni | us_japan hours closed, fighter / tanker | PAC-3 exhausted |"
  echo "|---|---|---|---|---|---|---|"
  for v in baseline dispersed "${sensitivity[@]}"; do
    printf '| %s | %s | %s | %s | %s / %s / %s | %s / %s | %s |\n' "$v" \
      "$(cell "$v" sorties "theatre total" 3)" "$(cell "$v" sorties "theatre total" 4)" \
      "$(cell "$v" theatre "aircraft lost on ground" 1)" "$(mean "$v" bases kadena "$fighter_col")" \
      "$(mean "$v" bases misawa "$fighter_col")" "$(mean "$v" bases iwakuni "$fighter_col")" \
      "$(mean "$v" groups us_japan 1)" "$(mean "$v" groups us_japan 2)" \
      "$(cell "$v" campaign "pac3 exhausted" 1)"
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
