// Sorties lost by cause (kernels/readiness.hpp): the causes add up, trial by trial and day
// by day, to the gap between day-0 capacity and sorties flown, at every base and
// theatre-wide, for every example and the theatre under every posture; and a small case
// where each cause takes a hand-computed value.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "kernels/record.hpp"
#include "scenario/scenario.hpp"
#include "scenario/scenario_yaml.hpp"
#include "tests/campaign_testing.hpp"

namespace contested {
namespace {

using testing::expect_days;
using testing::metric;
using testing::run_cpu;
using testing::trial_record;

// capacity - flown == the sum of the causes, none above the capacity (no wrap-around).
void expect_ledger_adds_up(const std::vector<uint32_t>& rec, const RecordLayout& rl,
                           uint32_t flown_series, uint32_t capacity_series, uint32_t day,
                           const std::string& where) {
  const uint32_t capacity = rec[rl.row(capacity_series, day)];
  const uint32_t flown = rec[rl.row(flown_series, day)];
  uint64_t causes = 0;
  for (uint32_t k = 1; k < kSortieLedgerRows; ++k) {
    const uint32_t lost = rec[rl.row(capacity_series + k, day)];
    ASSERT_LE(lost, capacity) << where << " day " << day << " cause " << k;
    causes += lost;
  }
  ASSERT_LE(flown, capacity) << where << " day " << day;
  EXPECT_EQ(causes, uint64_t{capacity} - flown) << where << " day " << day;
}

std::vector<std::string> scenario_files() {
  std::vector<std::string> files = {CONTESTED_SOURCE_DIR "/configs/indo_pacific.yaml",
                                    CONTESTED_SOURCE_DIR "/configs/indo_pacific_airbases.yaml"};
  for (const auto& entry :
       std::filesystem::directory_iterator(CONTESTED_SOURCE_DIR "/configs/examples")) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  }
  return files;
}

TEST(SortieLedger, CausesAddUpExactlyInEveryTrialOnEveryScenario) {
  uint64_t checked = 0, lost_any = 0;
  for (const std::string& file : scenario_files()) {
    for (const std::string& posture : posture_ids(file)) {
      const Scenario scenario = load_scenario_file(file, posture);
      const RecordLayout rl = record_layout(scenario.view());
      for (uint32_t trial = 0; trial < 6; ++trial) {
        const std::vector<uint32_t> rec = trial_record(scenario, 99, trial);
        for (uint32_t day = 0; day <= scenario.days; ++day) {
          const std::string where = file + " [" + posture + "] trial " + std::to_string(trial);
          expect_ledger_adds_up(rec, rl, rl.theatre(kTheatreSorties),
                                rl.theatre(kTheatreSortieCapacity), day, where);
          uint64_t capacity = 0;
          for (uint32_t b = 0; b < scenario.nodes.size(); ++b) {
            expect_ledger_adds_up(rec, rl, rl.base(b, kBaseSorties),
                                  rl.base(b, kBaseSortieCapacity), day,
                                  where + " at " + scenario.node_ids[b]);
            capacity += rec[rl.row(rl.base(b, kBaseSortieCapacity), day)];
          }
          EXPECT_EQ(capacity, rec[rl.row(rl.theatre(kTheatreSortieCapacity), day)]) << where;
          lost_any += rec[rl.row(rl.theatre(kTheatreSortiesLostStrip), day)] > 0 ? 1 : 0;
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 1000u);
  EXPECT_GT(lost_any, 0u);  // the strip cause does occur somewhere
}

// Ten fighters always mission capable, 2 sorties a day each: capacity 20. Day 1: the strip
// is closed 6 h (share 0.75: 15 sorties), a missile destroys the aircraft in the single
// shelter (9 left: round(9 * 2 * 0.75) = 14), 12 units of fuel (one a sortie) and 20
// AIM-120 (two a sortie: 10 sorties).
const char* const kLedgerScenario = R"(
name: ledger
days: 2
launch_sites: [{id: coast, lat: 26.0, lon: 120.0}]
missiles:
  - {id: m, range_km: 2000, speed_kmps: 2, reliability: 1, cep_m: 0.000001, warhead: unitary,
     lethal_radius_m: {hardened: 5, soft: 5}, crater_radius_m: 25, inventory: 10,
     launchers: 10, launch_sites: [coast]}
raids:
  - {days: [1, 1], target: base, aim: runway, missile: m, count: 1}
  - {days: [1, 1], target: base, aim: shelters, missile: m, count: 1}
munitions: [{id: aim120}]
nodes:
  - id: base
    kind: airbase
    lat: 26.35
    lon: 127.77
    runways: [{length_m: 3000, width_m: 45}]
    shelters: 1
    ramp: {length_m: 1000, width_m: 200}
    repair: {teams: 1, hours_per_crater: 6, sigma: 0}
    aircraft: [{type: jet, count: 10}]
aircraft_types:
  - {id: jet, strip: fighter, sortie_rate: 2, mc_rate: 1, fix_rate: 0}
strips:
  fighter: {length_m: 1500, width_m: 15}
stocks: {base: {fuel: 32, aim120: 40}}
consumption: {jet: {aim120: 2}}
)";

TEST(SortieLedger, EachCauseTakesItsHandComputedShare) {
  const Results r = run_cpu(kLedgerScenario, 20, 3);
  // Day 0 (potential, stocks not drawn): 20 wanted, fuel 32 and AIM-120 40 (20 sorties).
  // Day 1: 15 with the strip closed a quarter of the day, 14 with 9 aircraft; fuel 32
  // and AIM-120 40 allow 14: flown 14, leaving 18 fuel and 12 AIM-120. Day 2: strip
  // open, 18 wanted from 9 aircraft; fuel allows 18, AIM-120 6.
  expect_days(metric(r, "sortie_capacity", "base"), {20, 20, 20});
  expect_days(metric(r, "sorties", "base"), {20, 14, 6});
  expect_days(metric(r, "sorties_lost_strip", "base"), {0, 5, 0});
  expect_days(metric(r, "sorties_lost_destroyed", "base"), {0, 1, 2});
  expect_days(metric(r, "sorties_lost_not_mc", "base"), {0, 0, 0});
  expect_days(metric(r, "sorties_lost_fuel", "base"), {0, 0, 0});
  expect_days(metric(r, "sorties_lost_munitions", "base"), {0, 0, 12});
  expect_days(metric(r, "sorties_lost_munitions"), {0, 0, 12});  // theatre-wide
}

TEST(SortieLedger, FuelComesBeforeMunitions) {
  // Fuel for 10 sorties and AIM-120 for 5. Day 0: 20 wanted, 10 fuelled, 5 armed. Day 1: 14
  // wanted, 10 fuelled, 5 armed (5 fuel and no AIM-120 left). Day 2: 18 wanted, 5 fuelled,
  // none armed.
  std::string text = kLedgerScenario;
  const std::string stocks = "{fuel: 32, aim120: 40}";
  text.replace(text.find(stocks), stocks.size(), "{fuel: 10, aim120: 10}");
  const Results r = run_cpu(text, 20, 3);
  expect_days(metric(r, "sorties", "base"), {5, 5, 0});
  expect_days(metric(r, "sorties_lost_fuel", "base"), {10, 4, 13});
  expect_days(metric(r, "sorties_lost_munitions", "base"), {5, 5, 5});
}

}  // namespace
}  // namespace contested
