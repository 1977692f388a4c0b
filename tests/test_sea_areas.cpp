// Raids on ships at sea (docs/ships.md, At sea; kernels/sea_area.hpp): the ships hit and sunk
// against the closed form, which classes a sea area reaches by the route to their station,
// the missiles the raids spend, and determinism across threads and chunks. Statistical
// checks allow five standard errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include "engine/runner.hpp"
#include "results/results.hpp"
#include "scenario/scenario_yaml.hpp"

#include "tests/campaign_testing.hpp"

namespace contested {
namespace {

using testing::binomial_pmf;
using testing::expect_constant;
using testing::metric;

constexpr double kSigmas = 5.0;

// A naval base at (0, 0), one missile class fired from (5, 5) with no strike on land, one sea
// area, and the ship classes listed (list items under ship_classes:).
struct Sea {
  uint32_t days = 1;
  double reliability = 1.0;
  uint32_t launchers = 10000;
  std::string area;  // the keys of the area after its id
  std::string classes;
};

std::string yaml(const Sea& s) {
  return "name: sea_areas\ndays: " + std::to_string(s.days) +
         "\nlaunch_sites:\n  - {id: site, lat: 5.0, lon: 5.0}\n"
         "missiles:\n  - {id: asbm, range_km: 3000, speed_kmps: 2.0, reliability: " +
         std::to_string(s.reliability) +
         ", cep_m: 10, lethal_radius_m: {hardened: 5, soft: 10}, inventory: 1000, "
         "launchers: " +
         std::to_string(s.launchers) +
         ", launch_sites: [site]}\n"
         "  - {id: srbm, range_km: 3000, speed_kmps: 2.0, reliability: 1, cep_m: 10, "
         "lethal_radius_m: {hardened: 5, soft: 10}, inventory: 10, launchers: 10, "
         "launch_sites: [site]}\n"
         "strips:\n  fighter: {length_m: 1525, width_m: 15}\n"
         "raids:\n  - {days: [1, 1], target: decoy, aim: fuel, missile: srbm, count: 1}\n"
         "nodes:\n  - {id: decoy, kind: depot, lat: 0.0, lon: 9.0, fuel_tanks: 1}\n"
         "  - {id: home, kind: naval_base, lat: 0.0, lon: 0.0}\n"
         "sea_areas:\n  - {id: strait, " +
         s.area + "}\nship_classes:\n" + s.classes;
}

// A class of `count` ships at home, on station at (lat, lon), never in maintenance.
std::string on_station(const std::string& id, uint32_t count, double sink, double lat, double lon) {
  return "  - {id: " + id + ", count: " + std::to_string(count) +
         ", home: home, sink_given_hit: " + std::to_string(sink) +
         ", in_maintenance_at_start: 0, repair_days: 30, repair_sigma: 0, speed_kmpd: 800, "
         "station: {lat: " +
         std::to_string(lat) + ", lon: " + std::to_string(lon) + "}}\n";
}

// ---- closed forms -----------------------------------------------------------------------------

// A raid comes with probability a and fires N missiles; each gets through with
// q = r (1 - d) (reliability r, fleet air defence d) and hits one of the M ships in the area,
// which then leaves it (sunk, or damaged and bound for a yard). So the ships hit are
// H = A min(B, M), A ~ Bernoulli(a), B ~ Binomial(N, q):
//   E[H] = a sum_k min(k, M) C(N, k) q^k (1 - q)^(N - k), E[H^2] likewise with min(k, M)^2;
// each ship hit sinks with p: E[sunk] = p E[H], Var[sunk] = p (1 - p) E[H] + p^2 Var[H]; and
// the missiles intercepted are Binomial(N, r d) on a raid day: mean a N r d.
TEST(SeaAreaClosedForm, ShipsHitAndSunkMatchTheBinomial) {
  constexpr uint32_t kMissiles = 8, kShips = 5, kTrials = 4000;
  constexpr double a = 0.6, r = 0.8, d = 0.25, p = 0.4;
  Sea sea;
  sea.reliability = r;
  sea.area =
      "circle: {lat: 0.0, lon: 0.0, radius_km: 300}, raid_prob_per_day: 0.6, "
      "defence_pk: 0.25, missiles: {asbm: 8}";
  sea.classes = on_station("ddg", kShips, p, 1.0, 1.0);
  const Results res = testing::run_cpu(yaml(sea), kTrials, 5, "", "<sea>");
  const double q = r * (1 - d);
  double mean = 0.0, second = 0.0;
  for (uint32_t k = 0; k <= kMissiles; ++k) {
    const double hit = std::min(k, kShips);
    mean += a * hit * binomial_pmf(kMissiles, k, q);
    second += a * hit * hit * binomial_pmf(kMissiles, k, q);
  }
  const double var = second - mean * mean;
  const Distribution& hit = metric(res, "ships_hit_at_sea");
  EXPECT_NEAR(hit.mean(1), mean, kSigmas * std::sqrt(var / kTrials));
  const Distribution& sunk = metric(res, "ships_sunk");
  EXPECT_NEAR(sunk.mean(1), p * mean,
              kSigmas * std::sqrt((p * (1 - p) * mean + p * p * var) / kTrials));
  EXPECT_EQ(metric(res, "ships_in_repair").sum[1] + sunk.sum[1], hit.sum[1]);
  // The decoy strike's missile is never intercepted: all interceptions are at sea.
  const double stopped = a * kMissiles * r * d;
  const double stopped_var =
      a * kMissiles * r * d * (1 - r * d) + a * (1 - a) * std::pow(kMissiles * r * d, 2);
  EXPECT_NEAR(metric(res, "missiles_intercepted").mean(1), stopped,
              kSigmas * std::sqrt(stopped_var / kTrials));
  expect_constant(hit, 0, 0);
}

// ---- exposure by route --------------------------------------------------------------------------

// The area is a polygon between 2 and 4 degrees east. A class whose great circle from home
// (0, 0) to its station at (0, 6) crosses it is raided there; one on station at (0, -3), the
// other way, never is; nor is a class without a station, hit at sea with its constant 0.
TEST(SeaAreaExposure, OnlyClassesWhoseRouteCrossesTheAreaAreHit) {
  Sea sea;
  sea.days = 3;
  sea.area =
      "polygon: [[-1, 2], [1, 2], [1, 4], [-1, 4]], raid_prob_per_day: 1, "
      "missiles: {asbm: 4}";
  sea.classes = on_station("across", 40, 0.0, 0.0, 6.0) + on_station("away", 5, 0.0, 0.0, -3.0) +
                "  - {id: constant, count: 5, home: home, hit_prob_per_day: 0, sink_given_hit: 0, "
                "in_maintenance_at_start: 0, repair_days: 30, repair_sigma: 0, speed_kmpd: 800}\n";
  const Results res = testing::run_cpu(yaml(sea), 200, 9, "", "<sea>");
  // Reliable, undefended: 4 ships of "across" hit every day, none of the others.
  for (uint32_t day = 1; day <= 3; ++day) {
    expect_constant(metric(res, "ships_hit_at_sea"), day, 4);
    expect_constant(metric(res, "ships_available"), day, 50 - 4 * day);
  }
}

// A raid spends its missiles whether or not it finds a ship (here the only class sails the
// other way), and no more than the day's
// launches left after the strikes on land (the decoy's one srbm is another class): 3
// launchers of asbm fire 3 of the 5 planned each day, 2 short.
TEST(SeaAreaMissiles, RaidsSpendInventoryWithinTheDaysLaunches) {
  Sea sea;
  sea.days = 4;
  sea.launchers = 3;
  sea.area =
      "circle: {lat: 0.0, lon: 3.0, radius_km: 100}, raid_prob_per_day: 1, "
      "missiles: {asbm: 5}";
  sea.classes = on_station("away", 2, 0.0, 0.0, -8.0);
  const Results res = testing::run_cpu(yaml(sea), 50, 3, "", "<sea>");
  for (uint32_t day = 1; day <= 4; ++day) {
    expect_constant(metric(res, "missiles_remaining_asbm"), day, 1000 - 3 * day);
    expect_constant(metric(res, "missiles_short"), day, 2);
    expect_constant(metric(res, "missiles_fired_at_sea"), day, 3);
    expect_constant(metric(res, "ships_hit_at_sea"), day, 0);
  }
  expect_constant(metric(res, "missiles_launched"), 1, 3 + 1);
  expect_constant(metric(res, "missiles_launched"), 2, 3);
}

// ---- determinism ------------------------------------------------------------------------------

TEST(SeaAreaDeterminism, SameResultsWhateverThreadsAndChunks) {
  Sea sea;
  sea.days = 10;
  sea.reliability = 0.7;
  sea.area =
      "circle: {lat: 0.5, lon: 0.5, radius_km: 200}, raid_prob_per_day: 0.3, "
      "defence_pk: 0.4, missiles: {asbm: 3}";
  sea.classes = on_station("ddg", 8, 0.3, 1.0, 1.0);
  const Scenario scenario = load_scenario_text(yaml(sea), "<sea>");
  const Results reference = testing::expect_same_whatever_threads_and_chunks(scenario, 600, 17);
  EXPECT_GT(metric(reference, "ships_hit_at_sea").sum[1], 0u);  // not vacuous
}

}  // namespace
}  // namespace contested
