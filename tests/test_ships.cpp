// Ships and repair yards against hand-computed schedules (docs/ships.md):
// the first-in first-out dock queue with fixed repair times, transit to and from the yard,
// struck docks pausing repairs, the choice between yards by transit plus expected wait, and
// an allied yard opened by a posture flag shortening the ship-days lost to repair. Tiny
// scenarios run through the host runner on the CPU backend with fixed seeds; statistical
// checks allow five standard errors.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/runner.hpp"
#include "results/results.hpp"
#include "scenario/scenario_yaml.hpp"

#include "tests/campaign_testing.hpp"

namespace contested {
namespace {

using testing::expect_constant;
using testing::expect_days;
using testing::metric;
using testing::outcome;

constexpr double kSigmas = 5.0;

// Ships of one class `ddg` based at `home` (0, 0), a decoy depot for the raid that every
// scenario needs, one perfectly reliable and accurate missile class (soft kill radius 10 m:
// one dock per missile), and the pieces under test filled in. Great-circle distances: 0.1
// degree of latitude is 11.1 km, 0.5 is 55.6 km, 1 is 111.2 km, 5 is 556 km.
struct Fleet {
  uint32_t days = 10;
  std::string ship_class;  // the keys after `id: ddg, home: home, `
  std::string home_extra;  // keys of the home naval base after its location
  std::string nodes;       // further list items under nodes:
  std::string raids = "  - {days: [1, 1], target: decoy, aim: fuel, missile: m, count: 1}\n";
  std::string sections;  // further top-level sections
};

std::string yaml(const Fleet& f) {
  return "name: ships\ndays: " + std::to_string(f.days) + "\n" + R"(launch_sites:
  - {id: site, lat: 5.0, lon: 5.0}
missiles:
  - id: m
    range_km: 5000
    speed_kmps: 2.0
    reliability: 1
    cep_m: 0.01
    lethal_radius_m: {hardened: 5, soft: 10}
    inventory: 100000
    launchers: 10000
    launch_sites: [site]
strips:
  fighter: {length_m: 1525, width_m: 15}
raids:
)" + f.raids +
         "nodes:\n  - {id: decoy, kind: depot, lat: 0.0, lon: 3.0, fuel_tanks: 1}\n" +
         "  - {id: home, kind: naval_base, lat: 0.0, lon: 0.0" + f.home_extra + "}\n" + f.nodes +
         "ship_classes:\n  - {id: ddg, home: home, " + f.ship_class + "}\n" + f.sections;
}

// A class whose every available ship is hit each day and never sinks, with a fixed repair
// time and no scheduled maintenance.
std::string always_hit(uint32_t count, uint32_t repair_days, double speed_kmpd) {
  return "count: " + std::to_string(count) +
         ", hit_prob_per_day: 1, sink_given_hit: 0, in_maintenance_at_start: 0, repair_days: " +
         std::to_string(repair_days) +
         ", repair_sigma: 0, speed_kmpd: " + std::to_string(speed_kmpd);
}

Results simulate(const std::string& text, uint64_t trials, uint64_t seed,
                 const std::string& posture = "") {
  return testing::run_cpu(text, trials, seed, posture, "<ships>");
}

// available + in repair + in maintenance + sunk is the fleet, in every trial and day; checked
// through the exact sums, and each count within [0, fleet].
void expect_fleet_adds_up(const Results& r, uint64_t fleet) {
  const Distribution& a = metric(r, "ships_available");
  const Distribution& b = metric(r, "ships_in_repair");
  const Distribution& c = metric(r, "ships_in_maintenance");
  const Distribution& d = metric(r, "ships_sunk");
  for (uint32_t day = 0; day < a.rows; ++day) {
    EXPECT_EQ(a.sum[day] + b.sum[day] + c.sum[day] + d.sum[day], fleet * a.trials(day))
        << "day " << day;
  }
}

// ---- the dock queue, hand-computed ----------------------------------------------------------

// Three ships, all hit on day 1, sail 3 days (111 km at 50 km a day) to a yard with one dock
// and a fixed 4-day repair. They queue on day 4; ship 0 docks on day 4, ship 1 on day 8,
// ship 2 on day 12. Ship 0 is home on day 11 (8 + 3), hit again on day 12, back in the queue
// on day 15 behind nobody but waiting for ship 2 to leave the dock on day 16.
TEST(ShipsYardQueue, FifoScheduleWithTransitHandComputed) {
  Fleet f;
  f.days = 16;
  f.ship_class = always_hit(3, 4, 50);
  f.nodes = "  - {id: yard, kind: repair_yard, lat: 1.0, lon: 0.0, docks: {ddg: 1}}\n";
  const Results r = simulate(yaml(f), 40, 1);
  // By day, from day 0:
  expect_days(metric(r, "ships_available"), {3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0});
  expect_days(metric(r, "ships_in_repair"), {0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 3, 3, 3, 2, 3});
  expect_days(metric(r, "repair_queue", "yard"),
              {0, 0, 0, 0, 2, 2, 2, 2, 1, 1, 1, 1, 0, 0, 0, 1, 0});
  expect_days(metric(r, "ships_sunk"), std::vector<uint64_t>(17, 0));
  expect_days(metric(r, "ships_in_maintenance"), std::vector<uint64_t>(17, 0));
  expect_days(metric(r, "docks_standing", "yard"), std::vector<uint64_t>(17, 1));
  // 10 days of 3, then 2, 3, 3, 3, 2, 3.
  expect_constant(outcome(r, "ship_days_lost_to_repair"), 0, 46);
  expect_fleet_adds_up(r, 3);
}

// A yard at the home port (0 days away): four ships hit on day 1 queue there at once and
// ship 0 docks; ship 1 follows on day 6 when ship 0's 5-day repair ends. The campaign ends
// before ship 0 can be hit again (day 7 at the earliest).
TEST(ShipsYardQueue, ZeroTransitQueueHandComputed) {
  Fleet f;
  f.days = 6;
  f.ship_class = always_hit(4, 5, 50);
  f.home_extra = ", docks: {ddg: 1}";
  const Results r = simulate(yaml(f), 40, 2);
  expect_days(metric(r, "repair_queue", "home"), {0, 3, 3, 3, 3, 3, 2});
  for (uint32_t day = 1; day <= 5; ++day) {
    expect_constant(metric(r, "ships_in_repair"), day, 4);
    expect_constant(metric(r, "ships_available"), day, 0);
  }
  expect_fleet_adds_up(r, 4);
}

// docs/ships.md: "A repaired ship sails home for the same transit time and is then
// available": with a yard 0 days away a ship leaving the dock on day 4 is available on day
// 4, as a ship with transit k is available k days after its repair ends.
TEST(ShipsYardQueue, ZeroTransitReturnIsAvailableTheDayRepairEnds) {
  Fleet f;
  f.days = 6;
  f.ship_class = always_hit(1, 3, 50);
  f.home_extra = ", docks: {ddg: 1}";
  const Results r = simulate(yaml(f), 10, 2);
  // Hit day 1, docked days 1-4, available day 4, hit day 5, docked from day 5.
  expect_days(metric(r, "ships_available"), {1, 0, 0, 0, 1, 0, 0});
  expect_constant(outcome(r, "ship_days_lost_to_repair"), 0, 5);
}

// One ship, hit on day 1, reaches a yard 3 days away on day 4, where the only dock was struck
// on day 2 and stays out until day 6 (restore 4 days, sigma 0): it queues on days 4-5 and
// docks on day 6 for 3 days. The dock is struck again on day 7 and out on days 7-10: each day
// out pauses the repair, which ends on day 13 instead of 9. Home on day 16, hit on day 17.
TEST(ShipsYardQueue, StruckDockDelaysAndPausesRepair) {
  Fleet f;
  f.days = 17;
  f.ship_class = always_hit(1, 3, 50);
  f.nodes =
      "  - {id: yard, kind: repair_yard, lat: 1.0, lon: 0.0, docks: {ddg: 1}, "
      "restore: {days: 4, sigma: 0}}\n";
  f.raids =
      "  - {days: [2, 2], target: yard, aim: docks, missile: m, count: 1}\n"
      "  - {days: [7, 7], target: yard, aim: docks, missile: m, count: 1}\n";
  const Results r = simulate(yaml(f), 40, 3);
  // By day, from day 0:
  expect_days(metric(r, "docks_standing", "yard"),
              {1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1});
  expect_days(metric(r, "repair_queue", "yard"),
              {0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  expect_days(metric(r, "ships_available"), {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0});
  expect_constant(outcome(r, "ship_days_lost_to_repair"), 0, 16);
  expect_fleet_adds_up(r, 1);
}

// ---- the choice of yard ------------------------------------------------------------------------

// Two ships hit on day 1; yards 1 day (one dock) and 3 days (one dock) away, 10-day repairs.
// Ship 0 takes the near yard (cost 1 against 3); ship 1 would wait 10 days there (cost 11),
// so it sails to the far yard (cost 3). Ship 0: docked days 2-12, home day 13, hit day 14,
// docked again from day 15 (a ship in dock is not a wait). Ship 1: docked days 4-14, home day
// 17, hit day 18, and now the near yard costs 1 against 3: it queues there from day 19.
TEST(ShipsYardChoice, WaitSendsTheSecondShipToTheFartherYard) {
  Fleet f;
  f.days = 20;
  f.ship_class = always_hit(2, 10, 20);
  f.nodes =
      "  - {id: near, kind: repair_yard, lat: 0.1, lon: 0.0, docks: {ddg: 1}}\n"
      "  - {id: far, kind: repair_yard, lat: 0.5, lon: 0.0, docks: {ddg: 1}}\n";
  const Results r = simulate(yaml(f), 40, 4);
  std::vector<uint64_t> available(21, 0);
  available[0] = 2;
  available[13] = 1;
  available[17] = 1;
  expect_days(metric(r, "ships_available"), available);
  std::vector<uint64_t> near_queue(21, 0);
  near_queue[19] = near_queue[20] = 1;
  expect_days(metric(r, "repair_queue", "near"), near_queue);
  expect_days(metric(r, "repair_queue", "far"), std::vector<uint64_t>(21, 0));
  expect_fleet_adds_up(r, 2);
}

// Ship-days damaged over `days` days for ships hit on day 1 and again the day after each
// return, with no wait for a dock: each cycle is 2 transit + repair days damaged, one
// available.
uint64_t damaged_days(uint32_t days, uint32_t transit, uint32_t repair) {
  const uint32_t cycle = 2 * transit + repair + 1;
  uint64_t n = 0;
  for (uint32_t day = 1; day <= days; ++day)
    n += (day - 1) % cycle < cycle - 1 ? 1 : 0;
  return n;
}

std::string two_yards(uint32_t near_docks, uint32_t far_docks, double far_lat, double near_lat) {
  return "  - {id: us_yard, kind: repair_yard, lat: " + std::to_string(far_lat) +
         ", lon: 0.0, docks: {ddg: " + std::to_string(far_docks) + "}}\n" +
         "  - {id: allied_yard, kind: repair_yard, lat: " + std::to_string(near_lat) +
         ", lon: 0.0, docks: {ddg: " + std::to_string(near_docks) + "}, requires: [rsf]}\n";
}

const std::string kYardPostures =
    "postures:\n  - {id: baseline, flags: []}\n  - {id: federated, flags: [rsf]}\n";

// Four always-hit ships, 5-day repairs, a dock each at both yards: the US yard 556 km away
// (12 days at 50 km a day) is always open, the allied yard 11 km away (1 day) only under
// `rsf`. Cycles of 30 days (29 damaged) against 8 (7 damaged).
TEST(ShipsYardChoice, FlagOpenedYardShortensRepairsHandComputed) {
  Fleet f;
  f.days = 60;
  f.ship_class = always_hit(4, 5, 50);
  f.nodes = two_yards(4, 4, 5.0, 0.1);
  f.sections = kYardPostures;
  const std::string text = yaml(f);
  const Results base = simulate(text, 40, 5);
  const Results fed = simulate(text, 40, 5, "federated");
  EXPECT_EQ(base.find_metric("repair_queue", "allied_yard"), nullptr);
  ASSERT_NE(fed.find_metric("repair_queue", "allied_yard"), nullptr);
  expect_constant(outcome(base, "ship_days_lost_to_repair"), 0, 4 * damaged_days(60, 12, 5));
  expect_constant(outcome(fed, "ship_days_lost_to_repair"), 0, 4 * damaged_days(60, 1, 5));
  EXPECT_EQ(damaged_days(60, 12, 5), 58u);
  EXPECT_EQ(damaged_days(60, 1, 5), 53u);
  for (uint32_t day = 0; day <= 60; ++day) {
    const bool base_up = day == 0 || day % 30 == 0;
    const bool fed_up = day == 0 || day % 8 == 0;
    expect_constant(metric(base, "ships_available"), day, base_up ? 4 : 0);
    expect_constant(metric(fed, "ships_available"), day, fed_up ? 4 : 0);
  }
}

// Random hits, sinkings and lognormal repairs: 16 ships, 20-day repairs, the US yard 9 days
// away with 2 docks, the allied yard 1 day away with 2 more under `rsf`. Over 200 days the
// allied yard cuts the ship-days lost by far more than the noise; the first day, before any
// yard matters, is identical trial by trial (common random numbers).
TEST(ShipsYardChoice, FlagOpenedYardLowersShipDaysLost) {
  const uint64_t trials = 1000;
  Fleet f;
  f.days = 200;
  f.ship_class =
      "count: 16, hit_prob_per_day: 0.02, sink_given_hit: 0.1, in_maintenance_at_start: 0.1, "
      "repair_days: 20, repair_sigma: 0.3, speed_kmpd: 500";
  f.nodes = two_yards(2, 2, 40.0, 0.5);
  f.sections = kYardPostures;
  const std::string text = yaml(f);
  const Results base = simulate(text, trials, 6);
  const Results fed = simulate(text, trials, 6, "federated");
  EXPECT_EQ(base.provenance.posture, "baseline");
  EXPECT_EQ(fed.provenance.posture, "federated");

  const Distribution& lost_base = outcome(base, "ship_days_lost_to_repair");
  const Distribution& lost_fed = outcome(fed, "ship_days_lost_to_repair");
  const double se = (lost_base.stddev(0) + lost_fed.stddev(0)) / std::sqrt(double(trials));
  EXPECT_LT(lost_fed.mean(0), lost_base.mean(0) - kSigmas * se)
      << "baseline " << lost_base.mean(0) << ", federated " << lost_fed.mean(0);
  // Each repair saves 16 of 38 days under way or in dock: a large effect.
  EXPECT_LT(lost_fed.mean(0), 0.8 * lost_base.mean(0));
  EXPECT_LT(lost_fed.quantile(0, 0.5), lost_base.quantile(0, 0.5));

  for (const char* name : {"ships_in_repair", "ships_sunk", "ships_in_maintenance"}) {
    SCOPED_TRACE(name);
    const Distribution& a = metric(base, name);
    const Distribution& b = metric(fed, name);
    ASSERT_EQ(a.bins, b.bins);
    for (uint32_t day = 0; day <= 1; ++day) {
      const auto row = [&](const Distribution& d) {
        const auto first = d.histogram.begin() + static_cast<std::ptrdiff_t>(day) * d.bins;
        return std::vector<uint64_t>(first, first + d.bins);
      };
      EXPECT_EQ(row(a), row(b)) << "day " << day;
    }
  }
  expect_fleet_adds_up(base, 16);
  expect_fleet_adds_up(fed, 16);
}

}  // namespace
}  // namespace contested
