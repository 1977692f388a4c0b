// Policy lead times against closed forms (docs/lead-times.md): a posture flag in force from
// a later day changes nothing before it, and from it on a route without state ships as
// under the flag from day 0; a factory's start day, its ramp from that day and its surge
// give hand-computed units day by day, whether the start comes from start_day, a flag of
// its own or one of its node; a repair yard's docks take no ship before their day, a ship
// damaged before waiting stranded for them. Results do not depend on threads or chunks.
// Tiny scenarios run through the host runner on the CPU backend with fixed seeds.
#include <gtest/gtest.h>

#include <cstdint>
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

// A decoy depot for the raid every scenario needs, and the pieces under test: list items
// under nodes: and further sections.
std::string theatre(uint32_t days, const std::string& nodes, const std::string& sections) {
  return testing::decoy_theatre("lead_times", days, nodes, sections);
}

// Postures of the flag `late`: off (baseline), on from day 0, and on from day `from_day`.
std::string late_postures(uint32_t from_day) {
  return "postures:\n"
         "  - {id: now, flags: [late]}\n"
         "  - {id: later, flags: [{flag: late, from_day: " +
         std::to_string(from_day) + "}]}\n";
}

Results simulate(const std::string& text, const std::string& posture, uint64_t trials = 20) {
  return testing::run_cpu(text, trials, 7, posture, "<lead_times>");
}

// Every daily metric of `a` equals `b`'s of the same name and node on days [first, last],
// trial for trial as far as exact sums tell (the sum and the sum of squares); one `b` does
// not record (of an entity absent there) is 0 in `a`.
void expect_same_days(const Results& a, const Results& b, uint32_t first, uint32_t last) {
  for (const Distribution& d : a.metrics) {
    const Distribution* other = b.find_metric(d.name, d.node);
    for (uint32_t day = first; day <= last && day < d.rows; ++day) {
      SCOPED_TRACE(d.name + " at '" + d.node + "' day " + std::to_string(day));
      EXPECT_EQ(d.sum[day], other ? other->sum[day] : 0);
      EXPECT_EQ(d.sum_sq[day], other ? other->sum_sq[day] : 0);
    }
  }
}

// ---- routes ---------------------------------------------------------------------------------

// A route shipping 10 a day, without loss, arriving the next day, under `late` from day 5:
// days 0-4 are those of the flag off; from day 5 it ships 10 a day as under the flag from
// day 0, so the source holds 1000 - 10 (d - 4) and the destination 10 (d - 5) on day d.
TEST(LeadTimesRoute, NothingBeforeItsDaySameShipmentsFromIt) {
  const uint32_t days = 12, from = 5;
  const std::string text = theatre(days,
                                   "  - {id: src, kind: depot, lat: 0.0, lon: 0.0}\n"
                                   "  - {id: dst, kind: depot, lat: 0.5, lon: 0.5}\n",
                                   "munitions: [{id: widget}]\n"
                                   "stocks:\n  src: {widget: 1000}\n  dst: {widget: 0}\n"
                                   "routes:\n"
                                   "  - {from: src, to: dst, item: widget, mode: air, "
                                   "transit_days: 0, every_days: 1, capacity: 10, loss_prob: 0, "
                                   "requires: [late]}\n" +
                                       late_postures(from));
  const Results off = simulate(text, "");
  const Results now = simulate(text, "now");
  const Results later = simulate(text, "later");
  expect_same_days(later, off, 0, from - 1);
  for (uint32_t day = 0; day <= days; ++day) {
    expect_constant(metric(now, "munitions_widget", "src"), day, 1000 - 10 * day);
    expect_constant(metric(now, "munitions_widget", "dst"), day, day > 0 ? 10 * (day - 1) : 0);
    const uint32_t shipped = day < from ? 0 : day - from + 1;
    expect_constant(metric(later, "munitions_widget", "src"), day, 1000 - 10 * shipped);
    expect_constant(metric(later, "munitions_widget", "dst"), day,
                    shipped > 0 ? 10 * (shipped - 1) : 0);
  }
}

// ---- factories ------------------------------------------------------------------------------

// per_day 2 over a 4-day ramp counted from day 3: rates 0 to day 3, then 0.5, 1, 1.5, 2, 2,
// ...; with the carry, units 0, 1, 2, 2, ... from day 4. The same whether day 3 is the
// factory's start_day, the from_day of its own flag or that of its node's.
TEST(LeadTimesFactory, StartDayAndRampHandComputed) {
  const std::vector<uint64_t> made{0, 0, 0, 0, 0, 1, 2, 2, 2, 2, 2};
  const std::string widget = "munitions: [{id: widget}]\n";
  const std::string line = "  - {node: plant, product: widget, per_day: 2, ramp_days: 4";
  const std::string plant = "  - {id: plant, kind: factory, lat: 0.0, lon: 0.0";
  const uint32_t days = 10;

  const Results own = simulate(
      theatre(days, plant + "}\n", widget + "factories:\n" + line + ", start_day: 3}\n"), "");
  expect_days(metric(own, "production_widget"), made);

  const Results flagged =
      simulate(theatre(days, plant + "}\n",
                       widget + "factories:\n" + line + ", requires: [late]}\n" + late_postures(3)),
               "later");
  expect_days(metric(flagged, "production_widget"), made);

  const Results at_node =
      simulate(theatre(days, plant + ", requires: [late]}\n",
                       widget + "factories:\n" + line + "}\n" + late_postures(3)),
               "later");
  expect_days(metric(at_node, "production_widget"), made);

  // A later start_day of its own wins over an earlier flag.
  const Results both =
      simulate(theatre(days, plant + "}\n",
                       widget + "factories:\n" + line + ", start_day: 3, requires: [late]}\n" +
                           late_postures(1)),
               "later");
  expect_days(metric(both, "production_widget"), made);
}

// per_day 2, surging to 6 from day 4 over 4 days: rates 2, 2, 2, 2 (day 4: the surge's
// ramp at 0), 3, 4, 5, then 6 every day; the units are the rates, all whole.
TEST(LeadTimesFactory, SurgeReachesItsRateHandComputed) {
  const Results r = simulate(theatre(12, "  - {id: plant, kind: factory, lat: 0.0, lon: 0.0}\n",
                                     "munitions: [{id: widget}]\n"
                                     "factories:\n"
                                     "  - {node: plant, product: widget, per_day: 2, "
                                     "surge: {per_day: 6, from_day: 4, ramp_days: 4}}\n"),
                             "");
  expect_days(metric(r, "production_widget"), {0, 2, 2, 2, 2, 3, 4, 5, 6, 6, 6, 6, 6});
}

// A decimal surge rate, reached at once, is made exactly: 0.082 a day from day 0, 0.125
// from day 8 (no ramp): floor(0.082 d) by day 8, then an eighth more a day with the carry.
TEST(LeadTimesFactory, DecimalSurgeRateIsExact) {
  const uint32_t days = 40, from = 8;
  const Results r = simulate(theatre(days, "  - {id: plant, kind: factory, lat: 0.0, lon: 0.0}\n",
                                     "munitions: [{id: widget}]\n"
                                     "factories:\n"
                                     "  - {node: plant, product: widget, per_day: 0.082, "
                                     "surge: {per_day: 0.125, from_day: 8}}\n"),
                             "");
  // In millionths: 82000 a day to day 7, 125000 a day from day 8.
  for (uint32_t day = 0; day <= days; ++day) {
    const uint64_t micro =
        day < from ? 82000ull * day : 82000ull * (from - 1) + 125000ull * (day - from + 1);
    expect_constant(metric(r, "munitions_widget", "plant"), day, micro / 1000000);
  }
}

// ---- repair yards -------------------------------------------------------------------------

// One ship, hit whenever available, never sunk; its only yard's dock, 1 day away (111 km at
// 200 km a day), takes ships from day 4 and repairs in 2 days. From day 0 the ship docks on
// day 2, returns on day 5 and cycles every 5 days. From day 4 it waits stranded from its hit
// on day 1 to day 4, sails then, docks on day 5, is back on day 8, then cycles. Days 0-3 equal
// those without the yard; the gate of the yard node itself gives the same as its dock's.
TEST(LeadTimesYard, DockTakesNoShipBeforeItsDay) {
  const std::string ship_class =
      "ship_classes:\n  - {id: ddg, home: home, count: 1, hit_prob_per_day: 1, "
      "sink_given_hit: 0, in_maintenance_at_start: 0, repair_days: 2, repair_sigma: 0, "
      "speed_kmpd: 200}\n";
  const std::string home = "  - {id: home, kind: naval_base, lat: 0.0, lon: 0.0}\n";
  const std::string dock_gate = theatre(13,
                                        home +
                                            "  - {id: yard, kind: repair_yard, lat: 1.0, lon: 0.0, "
                                            "docks: {ddg: {count: 1, requires: [late]}}}\n",
                                        ship_class + late_postures(4));
  const std::string node_gate =
      theatre(13,
              home +
                  "  - {id: yard, kind: repair_yard, lat: 1.0, lon: 0.0, docks: {ddg: 1}, "
                  "requires: [late]}\n",
              ship_class + late_postures(4));
  const Results off = simulate(dock_gate, "");
  const Results now = simulate(dock_gate, "now");
  const Results later = simulate(dock_gate, "later");
  expect_days(metric(now, "ships_available"), {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0});
  expect_days(metric(later, "ships_available"), {1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1});
  expect_days(metric(later, "repair_queue", "yard"), std::vector<uint64_t>(14, 0));
  expect_same_days(later, off, 0, 3);
  testing::expect_same_distributions(later, simulate(node_gate, "later"), "gate of the node");
}

// ---- determinism ------------------------------------------------------------------------------

// A late factory, route and yard: the same distributions whatever the threads and chunks.
TEST(LeadTimesDeterminism, SameWhateverThreadsAndChunks) {
  const std::string text = theatre(
      30,
      "  - {id: home, kind: naval_base, lat: 0.0, lon: 0.0}\n"
      "  - {id: yard, kind: repair_yard, lat: 1.0, lon: 0.0, docks: {ddg: 1}, "
      "requires: [late]}\n"
      "  - {id: plant, kind: factory, lat: 0.5, lon: 0.0}\n",
      "munitions: [{id: widget}]\n"
      "factories:\n  - {node: plant, product: widget, per_day: 1.5, ramp_days: 3, "
      "surge: {per_day: 2.5, from_day: 12, ramp_days: 5}, requires: [late]}\n"
      "routes:\n  - {from: plant, to: home, item: widget, mode: sea, transit_days: 2, "
      "every_days: 3, capacity: 4, loss_prob: 0.3}\n"
      "ship_classes:\n  - {id: ddg, home: home, count: 6, hit_prob_per_day: 0.1, "
      "sink_given_hit: 0.1, in_maintenance_at_start: 0.2, repair_days: 4, repair_sigma: 0.3, "
      "speed_kmpd: 200}\n" +
          late_postures(9));
  testing::expect_same_whatever_threads_and_chunks(
      load_scenario_text(text, "<lead_times>", "later"), 200, 11);
}

}  // namespace
}  // namespace contested
