// Operations by distance (docs/operations.md): sorties an aircraft flies a day from the
// distance to its objective, the offload receivers beyond their combat radius need, and the
// sorties a shortfall of offload cuts, against hand-computed values; and bad values refused.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "results/results.hpp"
#include "scenario/scenario.hpp"
#include "scenario/scenario_error.hpp"
#include "scenario/scenario_yaml.hpp"
#include "tests/campaign_testing.hpp"

namespace contested {
namespace {

using testing::expect_days;
using testing::metric;
using testing::run_cpu;

constexpr double kPi = 3.14159265358979323846;

// Great-circle km between two points on the equator: the arc, R * dlon.
double equator_km(double dlon_deg) {
  return 6371.0 * dlon_deg * kPi / 180.0;
}

// An objective at (0, 0); ten jets at `near` (0, 5) and ten at `far` (0, 18.5), 1,501 km
// farther; two tankers at `tk` (0, 12) flying to a track at (0, 10). Jets: 800 km/h, 2 h
// turnaround, a 12 h flying day, at most 3 sorties a day, `jet_extra` appended (a combat
// radius). Every aircraft always mission capable. `raids` closes what a test closes.
std::string ops(const std::string& jet_extra, const std::string& raids = "", uint32_t days = 2) {
  const std::string decoy = "  - {days: [1, 1], target: decoy, aim: fuel, missile: m, count: 1}\n";
  return "name: ops\ndays: " + std::to_string(days) +
         "\n"
         "launch_sites: [{id: site, lat: 1.0, lon: 12.0}]\n"
         "missiles:\n"
         "  - {id: m, range_km: 5000, speed_kmps: 2, reliability: 1, cep_m: 0.000001,\n"
         "     lethal_radius_m: {hardened: 5, soft: 5}, crater_radius_m: 25, inventory: 1000,\n"
         "     launchers: 100, launch_sites: [site]}\n"
         "raids:\n" +
         decoy + raids +
         "objectives:\n"
         "  - {id: front, lat: 0.0, lon: 0.0}\n"
         "  - {id: track, lat: 0.0, lon: 10.0}\n"
         "strips:\n"
         "  fighter: {length_m: 1500, width_m: 15}\n"
         "  tanker: {length_m: 2500, width_m: 40}\n"
         "aircraft_types:\n"
         "  - {id: jet, strip: fighter, sortie_rate: 3, mc_rate: 1, fix_rate: 0, objective: "
         "front,\n"
         "     cruise_kmh: 800, turnaround_h: 2, flying_day_h: 12" +
         jet_extra +
         "}\n"
         "  - {id: kc, strip: tanker, sortie_rate: 1, mc_rate: 1, fix_rate: 0, objective: track,\n"
         "     cruise_kmh: 800, turnaround_h: 3, flying_day_h: 12, offload_t: 40}\n"
         "nodes:\n"
         "  - {id: decoy, kind: depot, lat: 5.0, lon: 40.0, fuel_tanks: 1}\n"
         "  - {id: near, kind: airbase, lat: 0.0, lon: 5.0, runways: [{length_m: 2000, width_m: "
         "30}],\n"
         "     repair: {teams: 1, hours_per_crater: 3, sigma: 0},\n"
         "     ramp: {length_m: 500, width_m: 100}, aircraft: [{type: jet, count: 10}]}\n"
         "  - {id: far, kind: airbase, lat: 0.0, lon: 18.5, runways: [{length_m: 2000, width_m: "
         "30}],\n"
         "     repair: {teams: 1, hours_per_crater: 3, sigma: 0},\n"
         "     ramp: {length_m: 500, width_m: 100}, aircraft: [{type: jet, count: 10}]}\n"
         "  - {id: tk, kind: airbase, lat: 0.0, lon: 12.0, runways: [{length_m: 3000, width_m: "
         "45}],\n"
         "     repair: {teams: 0, hours_per_crater: 3, sigma: 0},\n"
         "     ramp: {length_m: 500, width_m: 100}, aircraft: [{type: kc, count: 2}]}\n";
}

// Sorties a day of one aircraft: the flying day over the sortie's length, at most 3.
double jet_rate(double km) {
  return std::min(3.0, 12.0 / (2.0 * km / 800.0 + 2.0));
}

TEST(Operations, SortiesPerAircraftFollowTheDistance) {
  const Scenario s = load_scenario_text(ops(""));
  const uint32_t types = static_cast<uint32_t>(s.aircraft_types.size());
  // near: 556 km, 3.39 h a sortie, 3.54 in 12 h, capped at 3; far: 2,057 km, 7.14 h, 1.68.
  const double near_km = equator_km(5.0), far_km = equator_km(18.5);
  EXPECT_DOUBLE_EQ(s.base_sortie_rate[1 * types + 0], 3.0);
  EXPECT_NEAR(s.base_sortie_rate[2 * types + 0], jet_rate(far_km), 1e-12);
  EXPECT_NEAR(jet_rate(far_km), 1.6800, 5e-5);
  EXPECT_GT(12.0 / (2.0 * near_km / 800.0 + 2.0), 3.0);  // the cap binds
  // The tankers: 222 km to the track, 3.56 h a sortie, 3.38 in 12 h, capped at 1.
  EXPECT_DOUBLE_EQ(s.base_sortie_rate[3 * types + 1], 1.0);
  const Results r = run_cpu(ops(""), 20, 1);
  expect_days(metric(r, "sortie_capacity", "near"), {30, 30, 30});
  expect_days(metric(r, "sorties", "near"), {30, 30, 30});
  // round(10 * 1.68) = 17 sorties: the base 1,501 km farther flies 13 fewer.
  expect_days(metric(r, "sorties", "far"), {17, 17, 17});
  expect_days(metric(r, "tanker_sorties"), {2, 2, 2});
  expect_days(metric(r, "sorties_lost_tanker"), {0, 0, 0});
  expect_days(metric(r, "offload_short"), {0, 0, 0});
}

// Aircraft not always mission capable: the farther base still flies fewer, by far more than
// the noise (more than 5 standard errors apart).
TEST(Operations, FartherBaseFliesFewerSortiesBeyondNoise) {
  std::string text = ops("", "", 10);
  text.replace(text.find("mc_rate: 1, fix_rate: 0, objective: front"),
               std::string("mc_rate: 1, fix_rate: 0").size(), "mc_rate: 0.7, fix_rate: 0.3");
  const uint64_t trials = 400;
  const Results r = run_cpu(text, trials, 3);
  const Distribution& near = metric(r, "sorties", "near");
  const Distribution& far = metric(r, "sorties", "far");
  for (uint32_t day = 1; day <= 10; ++day) {
    const double se =
        std::sqrt((near.stddev(day) * near.stddev(day) + far.stddev(day) * far.stddev(day)) /
                  static_cast<double>(trials));
    EXPECT_GT(near.mean(day) - far.mean(day), 5 * se) << "day " << day;
  }
}

// Jets with a 1,000 km combat radius and 5 kg of fuel a km: the far base's sorties need
// 2 * (2,057 - 1,000) * 5 / 1000 = 10.57 t each, 17 of them 179.7 t; two tankers give 80 t.
// The shortfall, 99.7 t, cuts ceil(99.7 / 10.57) = 10 sorties; the near base needs none.
TEST(Operations, TankerShortfallCutsTheHandComputedSorties) {
  const std::string radius = ", combat_radius_km: 1000, burn_kg_per_km: 5";
  const Scenario s = load_scenario_text(ops(radius));
  const uint32_t types = static_cast<uint32_t>(s.aircraft_types.size());
  const double need = 2.0 * (equator_km(18.5) - 1000.0) * 5.0 / 1000.0;
  EXPECT_NEAR(s.offload_need[2 * types + 0], need, 1e-9);
  EXPECT_DOUBLE_EQ(s.offload_need[1 * types + 0], 0.0);
  ASSERT_EQ(s.refuel_order.size(), 1u);
  const double wanted = 17 * need, pool = 2 * 40.0;
  const uint64_t cut = static_cast<uint64_t>(std::ceil((wanted - pool) / need));
  EXPECT_EQ(cut, 10u);
  const Results r = run_cpu(ops(radius), 20, 1);
  expect_days(metric(r, "sorties_lost_tanker", "far"), {cut, cut, cut});
  expect_days(metric(r, "sorties", "far"), {17 - cut, 17 - cut, 17 - cut});
  expect_days(metric(r, "sorties", "near"), {30, 30, 30});
  expect_days(metric(r, "offload_delivered"), {80, 80, 80});
  const uint64_t short_t = static_cast<uint64_t>(std::round(wanted - pool));
  expect_days(metric(r, "offload_short"), {short_t, short_t, short_t});
}

// A raid at hour 0 of every day leaves a crater in the middle of the tankers' only runway and
// nobody repairs it: no tanker strip from day 1, no offload, and every far sortie cut, while
// the near base, within its radius, flies as before.
TEST(Operations, ClosingTheOnlyTankerStripCutsLongRangeSortiesOnly) {
  const std::string radius = ", combat_radius_km: 1000, burn_kg_per_km: 5";
  const std::string close =
      "  - {days: [1, 3], hour: 0, target: tk, aim: runway, missile: m, count: 1}\n";
  const Results open = run_cpu(ops(radius, "", 3), 20, 1);
  const Results closed = run_cpu(ops(radius, close, 3), 20, 1);
  expect_days(metric(closed, "tanker_sorties"), {2, 0, 0, 0});
  expect_days(metric(closed, "sorties", "far"), {7, 0, 0, 0});
  expect_days(metric(closed, "sorties_lost_tanker", "far"), {10, 17, 17, 17});
  EXPECT_EQ(metric(closed, "sorties", "near").histogram, metric(open, "sorties", "near").histogram);
}

void expect_refused(const std::string& text, const std::string& key, const std::string& what) {
  try {
    load_scenario_text(text, "ops.yaml");
    ADD_FAILURE() << "accepted; expected an error at " << key;
  } catch (const ScenarioError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("ops.yaml:"), std::string::npos) << message;
    EXPECT_NE(message.find(key), std::string::npos) << message;
    EXPECT_NE(message.find(what), std::string::npos) << message;
  }
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

TEST(Operations, BadValuesAreRefusedWithTheirKey) {
  const std::string base = ops("");
  expect_refused(ops(", combat_radius_km: -5, burn_kg_per_km: 5"),
                 "aircraft_types.jet.combat_radius_km", "out of range");
  expect_refused(replaced(base, "objective: front", "objective: nowhere"),
                 "aircraft_types.jet.objective", "nowhere");
  expect_refused(ops(", combat_radius_km: 900"), "aircraft_types.jet", "burn_kg_per_km");
  expect_refused(ops(", burn_kg_per_km: 5"), "aircraft_types.jet.burn_kg_per_km",
                 "combat_radius_km");
  expect_refused(replaced(base, "offload_t: 40", "offload_t: 40, combat_radius_km: 500"),
                 "aircraft_types.kc.combat_radius_km", "not refuelled");
  expect_refused(replaced(base, "turnaround_h: 2, ", ""), "aircraft_types.jet", "turnaround_h");
  expect_refused(replaced(base, "{type: kc, count: 2}", "{type: kc, count: 2, objective: nowhere}"),
                 "objective", "nowhere");
}

}  // namespace
}  // namespace contested
