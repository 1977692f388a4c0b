// Battle damage to aircraft on the ground and depot lines (docs/aircraft-depots.md): the
// damaged count against its binomial, repair without a depot line, a depot line's returns on
// hand-computed days (with transit, through an outage, with a building down), the sortie
// ledger's cause for damaged aircraft, defaults that change nothing, and determinism across
// threads and chunks. Statistical checks allow five standard errors.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "engine/runner.hpp"
#include "results/results.hpp"
#include "results/summary.hpp"
#include "scenario/scenario_yaml.hpp"

#include "tests/campaign_testing.hpp"

namespace contested {
namespace {

using testing::expect_days;
using testing::metric;
using testing::outcome;

constexpr double kSigmas = 5.0;

// A base of `aircraft` jets (always mission capable, one sortie a day, all on the ground)
// whose ramp one raid of `ramp_missile` covers whole, and a depot plant 100 km away.
struct Airfield {
  uint32_t days = 12;
  uint32_t aircraft = 5;
  std::string ramp_raid_days = "[1, 1]";
  std::string ramp_missile = "big";  // big: a unitary that kills the whole ramp; bomblets
  std::string damage;                // the jet's `damage:` value; empty: none
  std::string plant = "";            // keys of the plant after its location
  std::string raids;                 // further raids
  std::string sections;              // further top-level sections (depot_lines, campaigns)
};

std::string yaml(const Airfield& a) {
  return "name: depot\ndays: " + std::to_string(a.days) + R"(
launch_sites:
  - {id: site, lat: 5.0, lon: 5.0}
missiles:
  - {id: big, range_km: 5000, speed_kmps: 2.0, reliability: 1, cep_m: 0.01,
     lethal_radius_m: {hardened: 5, soft: 5000}, inventory: 100, launchers: 10,
     launch_sites: [site]}
  - {id: small, range_km: 5000, speed_kmps: 2.0, reliability: 1, cep_m: 0.01,
     lethal_radius_m: {hardened: 5, soft: 10}, inventory: 100, launchers: 10,
     launch_sites: [site]}
  - {id: bomblets, range_km: 5000, speed_kmps: 2.0, reliability: 1, cep_m: 0.01,
     warhead: submunition, submunition_radius_m: 5000, submunition_pk: 0.6, inventory: 100,
     launchers: 10, launch_sites: [site]}
strips:
  fighter: {length_m: 1525, width_m: 15}
raids:
  - {days: )" +
         a.ramp_raid_days + ", target: base, aim: ramp, missile: " + a.ramp_missile +
         ", count: 1}\n" + a.raids +
         R"(nodes:
  - id: base
    kind: airbase
    lat: 0.0
    lon: 0.0
    runways: [{length_m: 3000, width_m: 45}]
    ramp: {length_m: 500, width_m: 200}
    repair: {teams: 1, hours_per_crater: 1, sigma: 0}
    aircraft: [{type: jet, count: )" +
         std::to_string(a.aircraft) + R"(}]
  - {id: plant, kind: factory, lat: 0.9, lon: 0.0)" +
         a.plant + R"(}
aircraft_types:
  - {id: jet, strip: fighter, sortie_rate: 1, mc_rate: 1, fix_rate: 0)" +
         (a.damage.empty() ? "" : ", damage: " + a.damage) + "}\n" + a.sections;
}

Results simulate(const std::string& text, uint64_t trials, uint64_t seed = 7) {
  return testing::run_cpu(text, trials, seed, "", "<depot>");
}

// The day-by-day values of a series that steps from `before` to each later value on the days
// given: steps {{11, 2}, {21, 4}} is before up to day 10, 2 on days 11-20, 4 from day 21.
std::vector<uint64_t> steps(uint32_t days, uint64_t day0, uint64_t before,
                            const std::vector<std::pair<uint32_t, uint64_t>>& changes) {
  std::vector<uint64_t> out(days + 1, before);
  out[0] = day0;
  for (const auto& [from, value] : changes) {
    for (uint32_t d = from; d <= days; ++d)
      out[d] = value;
  }
  return out;
}

// ---- the damaged count ------------------------------------------------------------------------

// N aircraft on the ramp under one submunition pattern that covers it, each hit with
// submunition_pk p and, hit, damaged with share q: damaged ~ Binomial(N, p q), destroyed ~
// Binomial(N, p (1 - q)). The damaged wait 100 days (no depot line): all still out on day 1.
TEST(BattleDamage, DamagedAndDestroyedMatchTheirBinomials) {
  constexpr uint32_t kTrials = 4000;
  constexpr double N = 20, p = 0.6, q = 0.3;
  Airfield a;
  a.days = 2;
  a.aircraft = 20;
  a.ramp_missile = "bomblets";
  a.damage = "{ramp_submunition: 0.3, repair_days: 100}";
  const Results r = simulate(yaml(a), kTrials);
  const Distribution& damaged = outcome(r, "aircraft_damaged_ground");
  const Distribution& lost = outcome(r, "aircraft_lost_ground");
  EXPECT_NEAR(damaged.mean(0), N * p * q, kSigmas * std::sqrt(N * p * q * (1 - p * q) / kTrials));
  EXPECT_NEAR(lost.mean(0), N * p * (1 - q),
              kSigmas * std::sqrt(N * p * (1 - q) * (1 - p * (1 - q)) / kTrials));
  // Trial by trial: out of action on day 1, alive, not mission capable.
  const Distribution& out = metric(r, "aircraft_damaged");
  EXPECT_EQ(out.sum[1], damaged.sum[0]);
  EXPECT_EQ(metric(r, "aircraft_alive").sum[1], uint64_t{20} * kTrials - lost.sum[0]);
  EXPECT_EQ(metric(r, "aircraft_mc").sum[1], uint64_t{20} * kTrials - lost.sum[0] - damaged.sum[0]);
  EXPECT_EQ(r.find_metric("aircraft_in_depot", ""), nullptr);  // no depot line
}

// ---- repair without a depot line ---------------------------------------------------------------

// All five damaged on day 1 (share 1), 7 days' repair (sigma 0): back on day 8, mission
// capable. The raids of days 2 and 3 find no aircraft on hand: a damaged aircraft is not hit
// again. Meanwhile the sortie ledger counts them as alive but not mission capable.
TEST(BattleDamage, RepairedWithoutADepotLineOnTheirDay) {
  Airfield a;
  a.ramp_raid_days = "[1, 3]";
  a.damage = "{ramp_unitary: 1, repair_days: 7}";
  const Results r = simulate(yaml(a), 50);
  expect_days(metric(r, "aircraft_damaged"), steps(a.days, 0, 5, {{8, 0}}));
  expect_days(metric(r, "aircraft_mc"), steps(a.days, 5, 0, {{8, 5}}));
  expect_days(metric(r, "aircraft_alive"), steps(a.days, 5, 5, {}));
  expect_days(metric(r, "aircraft_returned"), steps(a.days, 0, 0, {{8, 5}}));
  expect_days(metric(r, "sorties_lost_not_mc"), steps(a.days, 0, 5, {{9, 0}}));
  expect_days(metric(r, "sorties"), steps(a.days, 5, 0, {{9, 5}}));
  testing::expect_constant(outcome(r, "aircraft_damaged_ground"), 0, 5);
  testing::expect_constant(outcome(r, "aircraft_lost_ground"), 0, 0);
}

// ---- a depot line, by hand -------------------------------------------------------------------

std::string line(const std::string& keys) {
  return "depot_lines:\n  - {node: plant, types: [jet], " + keys + "}\n";
}

// Capacity 2, 10 working days each, no transit: five aircraft damaged on day 1 reach the
// line that day and are worked on from day 2, two at a time in slot order: back on days
// 11, 11, 21, 21, 31.
TEST(DepotLine, ACapacityTwoLineReturnsOnTheHandComputedDays) {
  Airfield a;
  a.days = 32;
  // Without the line they would be out 100 days: each of the five goes to the line.
  a.damage = "{ramp_unitary: 1, repair_days: 100}";
  a.sections = line("capacity: 2, days_per_aircraft: 10");
  const Results r = simulate(yaml(a), 20);
  expect_days(metric(r, "aircraft_returned"), steps(a.days, 0, 0, {{11, 2}, {21, 4}, {31, 5}}));
  expect_days(metric(r, "aircraft_in_depot"), steps(a.days, 0, 5, {{11, 3}, {21, 1}, {31, 0}}));
  expect_days(metric(r, "aircraft_at_depot", "plant"),
              steps(a.days, 0, 5, {{11, 3}, {21, 1}, {31, 0}}));
  expect_days(metric(r, "aircraft_mc"), steps(a.days, 5, 0, {{11, 2}, {21, 4}, {31, 5}}));
  expect_days(metric(r, "aircraft_damaged"), steps(a.days, 0, 0, {}));
}

// The same with 2 days' transit each way: at the line on day 3, worked from day 4, and each
// back 2 days after its work ends (days 13, 23, 33): days 15, 15, 25, 25, 35. In transit
// either way they are in the depot pipeline but not at the line.
TEST(DepotLine, TransitEachWayAddsToTheReturnDays) {
  Airfield a;
  a.days = 36;
  a.damage = "{ramp_unitary: 1, repair_days: 100}";
  a.sections = line("capacity: 2, days_per_aircraft: 10, transit_days: 2");
  const Results r = simulate(yaml(a), 20);
  expect_days(metric(r, "aircraft_returned"), steps(a.days, 0, 0, {{15, 2}, {25, 4}, {35, 5}}));
  expect_days(metric(r, "aircraft_in_depot"), steps(a.days, 0, 5, {{15, 3}, {25, 1}, {35, 0}}));
  expect_days(metric(r, "aircraft_at_depot", "plant"),
              steps(a.days, 0, 0, {{3, 5}, {13, 3}, {23, 1}, {33, 0}}));
}

// A campaign puts the plant out on days 5-7: no work those days, so every return slides by
// three days: 14, 14, 24, 24, 34.
TEST(DepotLine, AnOutagePausesTheWork) {
  Airfield a;
  a.days = 35;
  a.damage = "{ramp_unitary: 1, repair_days: 100}";
  a.sections = line("capacity: 2, days_per_aircraft: 10") +
               "campaigns:\n  - {id: cut, kind: cyber, days: [5, 5], prob: 1,\n"
               "     targets: [{node: plant, outage_days: 3, sigma: 0}]}\n";
  const Results r = simulate(yaml(a), 20);
  expect_days(metric(r, "aircraft_returned"), steps(a.days, 0, 0, {{14, 2}, {24, 4}, {34, 5}}));
}

// The plant has 2 buildings; one is struck on day 1 and restored on day 6. Capacity 2 times
// the share standing works on one aircraft at a time on days 2-5 (the first gets 4 days),
// two from day 6: the first is done on day 11, the second (from day 6) on 15, the third
// (from 12) on 21, the fourth (from 16) on 25, the fifth (from 22) on 31.
TEST(DepotLine, ABuildingDownWorksOnFewerAtOnce) {
  Airfield a;
  a.days = 32;
  a.damage = "{ramp_unitary: 1, repair_days: 100}";
  a.plant = ", buildings: 2, restore: {days: 5, sigma: 0}";
  a.raids = "  - {days: [1, 1], target: plant, aim: factory, missile: small, count: 1}\n";
  a.sections = line("capacity: 2, days_per_aircraft: 10");
  const Results r = simulate(yaml(a), 20);
  expect_days(metric(r, "buildings_standing", "plant"), steps(a.days, 2, 1, {{6, 2}}));
  expect_days(metric(r, "aircraft_returned"),
              steps(a.days, 0, 0, {{11, 1}, {15, 2}, {21, 3}, {25, 4}, {31, 5}}));
}

// A line that starts late (its flag from day 6 under the posture) works from day 6. With
// 12 repair days without a line, its turnaround (10 days, 20 for the third in line) takes
// the first two; the other three are repaired without it, back on day 13; the first two come
// back from the line on day 15.
TEST(DepotLine, ALineThatStartsLateWorksFromItsFirstDay) {
  Airfield a;
  a.days = 16;
  a.damage = "{ramp_unitary: 1, repair_days: 12}";
  a.sections =
      "depot_lines:\n  - {node: plant, types: [jet], capacity: 2, days_per_aircraft: 10,"
      " requires: [lines]}\npostures:\n  - {id: late, flags: [{flag: lines, from_day: "
      "6}]}\n";
  const Results r = testing::run_cpu(yaml(a), 10, 7, "late", "<depot>");
  expect_days(metric(r, "aircraft_returned"), steps(a.days, 0, 0, {{13, 3}, {15, 5}}));
  // Without the flag there is no line: all five repaired without one, back on day 13.
  const Results none = testing::run_cpu(yaml(a), 10, 7, "", "<depot>");
  expect_days(metric(none, "aircraft_returned"), steps(a.days, 0, 0, {{13, 5}}));
}

// A line of capacity 1, 10 days an aircraft, no transit, and 25 days without it (sigma 0):
// of five aircraft damaged on day 1, the first two go to the line (turnarounds 10 and 20
// days, back on days 11 and 21); for the third the line would take 30 days, so it and the
// two after it are repaired without the line, back on day 26.
TEST(DepotLine, AnAircraftTheLineCannotTakeInTimeIsRepairedWithoutIt) {
  Airfield a;
  a.days = 27;
  a.damage = "{ramp_unitary: 1, repair_days: 25}";
  a.sections = line("capacity: 1, days_per_aircraft: 10");
  const Results r = simulate(yaml(a), 20);
  expect_days(metric(r, "aircraft_returned"), steps(a.days, 0, 0, {{11, 1}, {21, 2}, {26, 5}}));
  expect_days(metric(r, "aircraft_in_depot"), steps(a.days, 0, 2, {{11, 1}, {21, 0}}));
  expect_days(metric(r, "aircraft_damaged"), steps(a.days, 0, 3, {{26, 0}}));
}

// The summary shows the damaged aircraft by day and the hits that damaged, only when some
// type can be damaged.
TEST(BattleDamage, TheSummaryShowsDamagedAircraft) {
  Airfield a;
  a.damage = "{ramp_unitary: 1, repair_days: 7}";
  std::ostringstream with;
  print_summary(with, simulate(yaml(a), 10));
  EXPECT_NE(with.str().find("battle-damaged aircraft"), std::string::npos) << with.str();
  EXPECT_NE(with.str().find("aircraft damaged on the ground"), std::string::npos);
  a.damage.clear();
  std::ostringstream without;
  print_summary(without, simulate(yaml(a), 10));
  EXPECT_EQ(without.str().find("battle-damaged"), std::string::npos) << without.str();
  EXPECT_EQ(without.str().find("damaged on the ground"), std::string::npos);
}

// ---- what stays as it was
// ------------------------------------------------------------------------

// A damage block of zero shares, and a depot line for the type, change no result: no draw is
// made and no new metric is reported.
TEST(BattleDamage, ZeroSharesChangeNothing) {
  Airfield a;
  a.ramp_missile = "bomblets";
  a.ramp_raid_days = "[1, 4]";
  const Results before = simulate(yaml(a), 300, 3);
  a.damage = "{ramp_unitary: 0, ramp_submunition: 0, shelter: 0, repair_days: 5}";
  a.sections = line("capacity: 1, days_per_aircraft: 4");
  const Results after = simulate(yaml(a), 300, 3);
  testing::expect_same_distributions(before, after, "zero damage shares");
  EXPECT_EQ(after.find_outcome("aircraft_damaged_ground"), nullptr);
}

// ---- determinism -------------------------------------------------------------------------------

// Random damage, then a depot line that takes what it can turn round within the 8-day median
// repair (up to three ahead) and a lognormal repair for the overflow; then no line at all.
TEST(BattleDamage, SameResultsWhateverThreadsAndChunks) {
  Airfield a;
  a.days = 20;
  a.aircraft = 12;
  a.ramp_missile = "bomblets";
  a.ramp_raid_days = "[1, 6]";
  a.damage = "{ramp_submunition: 0.5, repair_days: 8, repair_sigma: 0.5}";
  a.sections = line("capacity: 2, days_per_aircraft: 3, transit_days: 1");
  const Scenario depot = load_scenario_text(yaml(a), "<depot>");
  const Results r = testing::expect_same_whatever_threads_and_chunks(depot, 300, 9);
  EXPECT_GT(metric(r, "aircraft_in_depot").sum[3], 0u);
  EXPECT_GT(metric(r, "aircraft_damaged").sum[3], 0u);  // the overflow
  EXPECT_GT(metric(r, "aircraft_returned").sum[20], 0u);
  a.sections.clear();
  const Scenario base = load_scenario_text(yaml(a), "<depot>");
  const Results b = testing::expect_same_whatever_threads_and_chunks(base, 300, 9);
  EXPECT_GT(metric(b, "aircraft_damaged").sum[3], 0u);
  EXPECT_GT(metric(b, "aircraft_returned").sum[20], 0u);
}

}  // namespace
}  // namespace contested
