#!/usr/bin/env bash
# Sanity report for the Indo-Pacific theatre: runs configs/indo_pacific.yaml under every
# posture in configs/postures/ with a fixed seed and trial count, and writes the tables of
# docs/baseline-results.md from `contested info --format csv`, by measure name, node and day
# (the CLI and awk only: no Python).
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
mid_days="${MID_DAYS:-90}"
long_trials="${LONG_TRIALS:-500}"
sens_trials="${SENS_TRIALS:-500}"
postures=(baseline hardened dispersed defended federated federated_dispersed)
# Japanese bases and Guam, for the strip-denial tables.
bases=(kadena futenma naha iwakuni misawa yokota atsugi tsuiki nyutabaru komatsu chitose andersen)

[[ -x "$cli" ]] || { echo "baseline-report: $cli not found; build first (scripts/build.sh)" >&2; exit 1; }
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# run NAME POSTURE_FILE TRIALS [extra args]: $work/NAME.h5 and its statistics $work/NAME.csv,
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
  "$cli" info "$work/$name.h5" --format csv > "$work/$name.csv"
  awk -v name="$name" -v ns="$((end - start))" \
    'BEGIN { printf "baseline-report: %-28s %6.1f s\n", name, ns / 1e9 }' >&2
}

# lookup MODE NAME MEASURE NODE DAY: one record of $work/NAME.csv (columns posture, measure,
# kind, node, day, units, long_name, trials, p_never, mean, std, p05, p25, p50, p75, p95), a
# daily metric's by measure, node ("" theatre-wide) and day, or with DAY "" an outcome's by
# name. MODE: cell prints "mean [p05-p95]" (the summary's format: the mean with one decimal
# below 100, whole above; quantiles whole), or for a first-day outcome how often the day came
# and its median; mean the mean alone, as in a cell; mean1 the mean with one decimal; has
# prints 1 if the mean is above 0, else 0. n/a when the file has no such record.
lookup() {
  awk -F, -v mode="$1" -v measure="$3" -v node="$4" -v day="$5" '
    function whole(v,  r) { r = int(v); if (v - r >= 0.5) r++; else if (r - v >= 0.5) r--
                            return sprintf("%.0f", r) }
    function mean_of(v) { return sprintf((v < 0 ? -v : v) < 100 ? "%.1f" : "%.0f", v) }
    function percent(part, total) { return sprintf("%.1f%%", 100 * part / total) }
    NR > 1 && $2 == measure && (day == "" ? $3 == "outcome" : $3 == "metric" && $4 == node && $5 == day) {
      # From the end: long_name, before them, may hold quoted commas.
      trials = $(NF - 8); p_never = $(NF - 7); mean = $(NF - 6); p05 = $(NF - 4)
      p50 = $(NF - 2); p95 = $NF
      found = 1
      if (mode == "has") { print ((mean != "" && mean + 0 > 0) ? 1 : 0); exit }
      if (mean == "" && (mode != "cell" || p_never == "")) { print "-"; exit }
      if (mode == "mean") { print mean_of(mean); exit }
      if (mode == "mean1") { printf "%.1f\n", mean; exit }
      if (p_never == "") { print mean_of(mean) " [" whole(p05) "-" whole(p95) "]"; exit }
      # A first day: trials counts those where it came, p_never the share where it did not.
      if (trials == 0) { print "never, in all trials"; exit }
      total = whole(trials / (1 - p_never)) + 0
      never = total - trials
      when = "median day " whole(p50)
      if (never == 0) print "in all trials; " when
      else print "never in " percent(never, total) " of trials; in the other " \
                 percent(trials, total) ", " when
      exit
    }
    END { if (!found) print (mode == "has" ? 0 : "n/a") }' "$work/$2.csv"
}
cell() { lookup cell "$@"; }
mean() { lookup mean "$@"; }

# summed NAME MEASURE: a theatre-wide daily metric's mean summed over days 1 to the last
# (the mean of the sum over trials), as in a cell; n/a when the file has no such record.
summed() {
  awk -F, -v measure="$2" '
    NR > 1 && $2 == measure && $3 == "metric" && $4 == "" && $5 > 0 { total += $(NF - 6); found = 1 }
    END { if (!found) print "n/a"; else printf((total < 100 ? "%.1f" : "%.0f") "\n", total) }' \
    "$work/$1.csv"
}

# node_mean NAME NODE METRIC DAY: a per-node daily metric's mean, one decimal.
node_mean() { lookup mean1 "$1" "$3" "$2" "$4"; }

# base_lost NAME BASE: the mean aircraft lost on the ground at a base; n/a where none are
# based on day 0, as in the summary.
base_lost() {
  if [[ "$(lookup has "$1" aircraft_alive "$2" 0)" == 1 ]]; then
    mean "$1" "aircraft_lost_ground_$2" "" ""
  else
    echo n/a
  fi
}

# Days of the 30-day runs' columns, and the theatre-wide sorties lost by cause.
days=(1 3 7 30)
ledger=(capacity:sortie_capacity flown:sorties "lost, no strip:sorties_lost_strip"
        "lost, destroyed:sorties_lost_destroyed" "lost, not MC:sorties_lost_not_mc"
        "lost, tanker:sorties_lost_tanker" "lost, fuel:sorties_lost_fuel"
        "lost, munitions:sorties_lost_munitions")
causes=("no strip:strip" destroyed:destroyed "not MC:not_mc" tanker:tanker fuel:fuel
        munitions:munitions)
# Items some consumer spends (sorties, ships, ground units), for the demand table.
demanded=(aim120 jassm sm6 tomahawk gmlrs shell155 fuel)

for p in "${postures[@]}"; do run "$p" "configs/postures/$p.yaml" "$trials"; done

# One-at-a-time sensitivity runs: posture files written here, each changing one input group
# of the baseline (or of the dispersed posture) to show what drives the headline numbers.
sensitivity=(craters_12m_one_crew slow_repair no_delay_no_cure centreline_aim one_wave_a_day
             double_follow_ups aim120_not_consumed no_df21c dispersed_wide_ramps pk_0_9
             andersen_aimed)
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
# the missiles in each follow-up runway raid; Andersen's raids aimed at its aircraft.
for v in no_delay_no_cure centreline_aim one_wave_a_day double_follow_ups andersen_aimed; do
  printf 'id: %s\ndescription: a variant of the theatre file (scripts/baseline-report.sh)\n' "$v" \
    > "$work/$v.yaml"
done
# A variant lives in $work, so paths the theatre gives relative to configs/ (parking files)
# are made absolute: `variant NAME`, the variant's text on stdin.
variant() { sed -e "s#parking_file: \.\./#parking_file: $root/#" > "$work/$1.theatre.yaml"; }
sed -e 's/delay_h: 1\.0/delay_h: 0.0/' -e 's/cure_h: 2\.0/cure_h: 0.0/' "$theatre" |
  variant no_delay_no_cure
sed -e 's/pattern: cut_across, strip: fighter, //' -e 's/pattern: cut, strip: fighter, //' \
  "$theatre" | variant centreline_aim
sed -e 's/hour: \[0, 6, 12, 18\], //' "$theatre" | variant one_wave_a_day
awk '/aim: runway/ && /when: runway_open/ {
       match($0, /count: [0-9]+/); n = substr($0, RSTART + 7, RLENGTH - 7)
       $0 = substr($0, 1, RSTART - 1) "count: " (2 * n) substr($0, RSTART + RLENGTH) }
     { print }' "$theatre" | variant double_follow_ups
# The raids on Andersen's parked aircraft aimed at the aircraft (pick: random), as the public
# Andersen models aim, instead of an even grid over the spots.
sed -e '/target: andersen, aim: aircraft/s/pick: grid/pick: random/' "$theatre" |
  variant andersen_aimed
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
run "baseline_${mid_days}d" configs/postures/baseline.yaml "$long_trials" --days "$mid_days"
run "federated_${mid_days}d" configs/postures/federated.yaml "$long_trials" --days "$mid_days"
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
  echo "\`contested info --format csv\`. Same seed in every posture, so trial *t* of every posture sees the same"
  echo "random draws (paired comparison). Cells: mean over trials, then [5%–95%]."
  echo
  echo "### Sorties by day, theatre-wide"
  echo
  echo "| posture | day 1 | day 3 | day 7 | day 30 |"
  echo "|---|---|---|---|---|"
  for p in "${postures[@]}"; do
    printf '| %s |' "$p"
    for d in "${days[@]}"; do printf ' %s |' "$(cell "$p" sorties "" "$d")"; done
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
  for line in "${ledger[@]}"; do
    printf '| %s |' "${line%%:*}"
    for d in "${days[@]}"; do printf ' %s |' "$(cell baseline "${line#*:}" "" "$d")"; done
    echo
  done
  echo
  echo "Sorties lost on day 7 by cause, theatre-wide, mean:"
  echo
  header_row "cause"; rule_row
  for cause in "${causes[@]}"; do
    printf '| %s |' "${cause%%:*}"
    for p in "${postures[@]}"; do printf ' %s |' "$(mean "$p" "sorties_lost_${cause#*:}" "" 7)"; done
    echo
  done
  echo
  echo "### Distance and tankers"
  echo
  echo "Capacity: sorties a day from each base at the rate its distance to the objective allows"
  echo "(docs/operations.md). Tanker sorties fly from usable tanker strips to the refuelling"
  echo "track; receivers beyond their combat radius need offload, and a shortfall cuts their"
  echo "sorties (lost, tanker). Days 1-30 summed, mean over trials:"
  echo
  header_row "quantity"; rule_row
  for line in "sortie capacity, day 1:sortie_capacity:1" "sorties flown, days 1-30:sorties:sum" \
              "tanker sorties, days 1-30:tanker_sorties:sum" \
              "offload delivered, t, days 1-30:offload_delivered:sum" \
              "offload short, t, days 1-30:offload_short:sum" \
              "sorties lost, tanker, days 1-30:sorties_lost_tanker:sum"; do
    local label="${line%%:*}" rest="${line#*:}"
    local m="${rest%%:*}" d="${rest#*:}"
    printf '| %s |' "$label"
    for p in "${postures[@]}"; do
      if [[ "$d" == sum ]]; then printf ' %s |' "$(summed "$p" "$m")"
      else printf ' %s |' "$(mean "$p" "$m" "" "$d")"; fi
    done
    echo
  done
  echo
  echo "### Sorties by day at the Japanese bases and Guam (baseline)"
  echo
  echo "| base | day 1 | day 3 | day 7 | day 30 |"
  echo "|---|---|---|---|---|"
  for b in "${bases[@]}"; do
    printf '| %s |' "$b"
    for d in "${days[@]}"; do printf ' %s |' "$(cell baseline sorties "$b" "$d")"; done
    echo
  done
  echo
  echo "Day 1 at the same bases by cause (baseline; sorties, mean), with the aircraft alive"
  echo "before and after day 1's strikes and the fuel on hand at the end of days 0 and 1:"
  echo
  echo "| base | aircraft day 0 → 1 | fuel day 0 → 1 | capacity | flown | no strip | destroyed | not MC | tanker | fuel | munitions |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  for b in "${bases[@]}"; do
    printf '| %s | %s → %s | %s → %s |' "$b" \
      "$(node_mean baseline "$b" aircraft_alive 0)" "$(node_mean baseline "$b" aircraft_alive 1)" \
      "$(node_mean baseline "$b" fuel 0)" "$(node_mean baseline "$b" fuel 1)"
    for m in sortie_capacity sorties sorties_lost_strip sorties_lost_destroyed sorties_lost_not_mc \
             sorties_lost_tanker sorties_lost_fuel sorties_lost_munitions; do
      printf ' %s |' "$(node_mean baseline "$b" "$m" 1)"
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
    for p in "${postures[@]}"; do printf ' %s |' "$(mean "$p" "hours_strip_closed_fighter_$b" "" "")"; done
    echo
  done
  echo
  echo "### Hours the tanker strip is closed over the campaign, mean"
  echo
  header_row base; rule_row
  for b in "${bases[@]}"; do
    printf '| %s |' "$b"
    for p in "${postures[@]}"; do printf ' %s |' "$(mean "$p" "hours_strip_closed_tanker_$b" "" "")"; done
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
    for strip in fighter tanker; do
      printf '| %s, %s |' "$g" "$strip"
      for p in "${postures[@]}"; do printf ' %s |' "$(cell "$p" "hours_strip_closed_${strip}_$g" "" "")"; done
      echo
    done
  done
  echo
  echo "### Aircraft lost on the ground over the campaign"
  echo
  header_row "where"; rule_row
  printf '| theatre |'
  for p in "${postures[@]}"; do printf ' %s |' "$(cell "$p" aircraft_lost_ground "" "")"; done
  echo
  for b in "${bases[@]}"; do
    printf '| %s |' "$b"
    for p in "${postures[@]}"; do printf ' %s |' "$(base_lost "$p" "$b")"; done
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
  for p in "${postures[@]}"; do printf ' %s |' "$(cell "$p" interceptors_remaining "" 30)"; done
  echo
  printf '| interceptors exhausted |'
  for p in "${postures[@]}"; do printf ' %s |' "$(cell "$p" day_interceptors_exhausted "" "")"; done
  echo
  for item in pac3 thaad aim120 jassm sm6 tomahawk gmlrs shell155 fuel adr_kit; do
    local stock="munitions_$item" exhausted="day_munition_exhausted_$item"
    [[ "$item" == fuel ]] && stock="fuel"
    [[ "$item" == adr_kit ]] && stock="supplies_adr_kit" exhausted="day_supply_exhausted_adr_kit"
    printf '| %s stock, day 30 |' "$item"
    for p in "${postures[@]}"; do printf ' %s |' "$(cell "$p" "$stock" "" 30)"; done
    echo
    printf '| %s exhausted |' "$item"
    for p in "${postures[@]}"; do printf ' %s |' "$(cell "$p" "$exhausted" "" "")"; done
    echo
  done
  for m in df11a df15 df16 df17 df21c df26 cj10 cj20; do
    printf '| adversary %s left, day 30 |' "$m"
    for p in "${postures[@]}"; do printf ' %s |' "$(cell "$p" "missiles_remaining_$m" "" 30)"; done
    echo
  done
  echo
  echo "### Demand for every munition"
  echo
  echo "What sorties, ship classes and ground units wanted of each item over days 1-30 and what"
  echo "they went without (mean, summed over the days), and the first day some demand for it went"
  echo "unmet anywhere in the theatre (docs/expenditure.md)."
  echo
  header_row "item"; rule_row
  for item in "${demanded[@]}"; do
    printf '| %s wanted / unmet |' "$item"
    for p in "${postures[@]}"; do
      printf ' %s / %s |' "$(summed "$p" "demand_$item")" "$(summed "$p" "demand_unmet_$item")"
    done
    echo
    printf '| %s first short |' "$item"
    for p in "${postures[@]}"; do printf ' %s |' "$(cell "$p" "day_exhausted_$item" "" "")"; done
    echo
  done
  echo
  echo "### Ships by day"
  echo
  echo "| posture | available day 1 | day 7 | day 30 | in repair day 30 | sunk day 30 | ship-days lost to repair |"
  echo "|---|---|---|---|---|---|---|"
  for p in "${postures[@]}"; do
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$p" \
      "$(cell "$p" ships_available "" 1)" "$(cell "$p" ships_available "" 7)" \
      "$(cell "$p" ships_available "" 30)" "$(cell "$p" ships_in_repair "" 30)" \
      "$(cell "$p" ships_sunk "" 30)" "$(cell "$p" ship_days_lost_to_repair "" "")"
  done
  echo
  echo "At sea and in sealift (30 days): ships hit by sea-area raids on day 1, sealift hulls"
  echo "sunk and at sea on day 30, and shipments lost over the campaign:"
  echo
  echo "| posture | hit at sea day 1 | hulls sunk day 30 | hulls at sea day 30 | shipments lost |"
  echo "|---|---|---|---|---|"
  for p in "${postures[@]}"; do
    printf '| %s | %s | %s | %s | %s |\n' "$p" \
      "$(cell "$p" ships_hit_at_sea "" 1)" "$(cell "$p" hulls_sunk "" 30)" \
      "$(cell "$p" hulls_at_sea "" 30)" "$(cell "$p" shipments_lost_total "" "")"
  done
  echo
  echo "Baseline and federated over ${mid_days} and ${long_days} days (\`--days N --trials $long_trials\`;"
  echo "the strike plan ends on day 30; production, shipping, ship damage and repair go on):"
  echo
  echo "| posture | days | ships available | in repair | sunk | ship-days lost to repair | PAC-3 stock | AIM-120 stock | PAC-3 produced that day | aircraft alive | aircraft MC | aircraft back from battle damage |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  for d in "$mid_days" "$long_days"; do
    for p in baseline federated; do
      local n="${p}_${d}d"
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$p" "$d" \
        "$(cell "$n" ships_available "" "$d")" "$(cell "$n" ships_in_repair "" "$d")" \
        "$(cell "$n" ships_sunk "" "$d")" "$(cell "$n" ship_days_lost_to_repair "" "")" \
        "$(cell "$n" munitions_pac3 "" "$d")" "$(cell "$n" munitions_aim120 "" "$d")" \
        "$(cell "$n" production_pac3 "" "$d")" "$(cell "$n" aircraft_alive "" "$d")" \
        "$(cell "$n" aircraft_mc "" "$d")" "$(cell "$n" aircraft_returned "" "$d")"
    done
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
      "$(cell "$v" sorties "" 7)" "$(cell "$v" sorties "" 30)" \
      "$(cell "$v" aircraft_lost_ground "" "")" "$(mean "$v" hours_strip_closed_fighter_kadena "" "")" \
      "$(mean "$v" hours_strip_closed_fighter_misawa "" "")" "$(mean "$v" hours_strip_closed_fighter_iwakuni "" "")" \
      "$(mean "$v" hours_strip_closed_fighter_us_japan "" "")" "$(mean "$v" hours_strip_closed_tanker_us_japan "" "")" \
      "$(cell "$v" day_munition_exhausted_pac3 "" "")"
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
