// Sealift (docs/shipping.md, Hulls and escorts): the hull count limits what a route ships, a
// hull sunk loses exactly its cargo, escorts cut losses by the closed form, and determinism
// across threads and chunks. Statistical checks allow five standard errors.
#include <gtest/gtest.h>

#include <cmath>
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

constexpr double kSigmas = 5.0;

// A port holding 1,000 GMLRS ships them daily to a depot on `route` (the keys after item),
// in hulls of class `rrf` (`hulls` of them, never in maintenance) when the route names them.
std::string sealift(uint32_t days, uint32_t hulls, const std::string& route) {
  return testing::decoy_theatre(
      "sealift", days,
      "  - {id: port, kind: port, lat: 10.0, lon: 0.0}\n"
      "  - {id: depot, kind: depot, lat: 11.0, lon: 0.0}\n",
      "munitions:\n  - {id: gmlrs}\nstocks:\n  port: {gmlrs: 1000}\n  depot: {gmlrs: 0}\n"
      "ship_classes:\n  - {id: rrf, role: sealift, count: " +
          std::to_string(hulls) +
          ", home: port, sink_given_hit: 1, in_maintenance_at_start: 0, repair_days: 30, "
          "repair_sigma: 0, speed_kmpd: 800}\n"
          "routes:\n  - {from: port, to: depot, item: gmlrs, mode: sea, every_days: 1, " +
          route + "}\n");
}

// Two hulls, a 2-day crossing: a hull is back 4 days after it sails. Dispatches on days 1
// and 2 take both; days 3 and 4 have cargo but no hull; each hull sails again the day it is
// back (days 5 and 6, then 9). Each carries 10 GMLRS, which arrive 2 days after sailing.
TEST(SealiftHulls, TheHullCountLimitsThroughput) {
  const Results res = testing::run_cpu(
      sealift(9, 2, "transit_days: 2, capacity: 10, loss_prob: 0, hulls: rrf"), 20, 1);
  //                                      day 0  1  2  3   4   5   6   7   8   9
  expect_days(metric(res, "hulls_at_sea"), {0, 1, 2, 2, 2, 2, 2, 2, 2, 2});
  expect_days(metric(res, "hulls_idle"), {2, 1, 0, 0, 0, 0, 0, 0, 0, 0});
  expect_days(metric(res, "shipments_without_hull"), {0, 0, 0, 1, 1, 0, 0, 1, 1, 0});
  expect_days(metric(res, "munitions_gmlrs", "depot"), {0, 0, 0, 10, 20, 20, 20, 30, 40, 40});
  expect_days(metric(res, "munitions_gmlrs", "port"),
              {1000, 990, 980, 980, 980, 970, 960, 960, 960, 950});
}

// Every voyage is lost: each hull sinks with its cargo on the day it sails, nothing
// arrives, and once the three hulls are gone no more cargo leaves.
TEST(SealiftHulls, AHullSunkLosesExactlyItsCargo) {
  const Results res = testing::run_cpu(
      sealift(5, 3, "transit_days: 1, capacity: 25, loss_prob: 1, hulls: rrf"), 20, 1);
  expect_days(metric(res, "hulls_sunk"), {0, 1, 2, 3, 3, 3});
  expect_days(metric(res, "shipments_lost"), {0, 1, 1, 1, 0, 0});
  expect_days(metric(res, "shipments_without_hull"), {0, 0, 0, 0, 1, 1});
  expect_days(metric(res, "munitions_gmlrs", "port"), {1000, 975, 950, 925, 925, 925});
  expect_days(metric(res, "munitions_gmlrs", "depot"), {0, 0, 0, 0, 0, 0});
  // Hulls are not counted among the combatant ships.
  EXPECT_EQ(res.find_metric("ships_sunk"), nullptr);
}

// A shipment is escorted with share e and then lost with p s, else with p: lost with
// p (1 - e (1 - s)). One shipment a trial, on day 1.
TEST(SealiftEscorts, EscortsCutLossesByTheClosedForm) {
  constexpr uint32_t kTrials = 20000;
  constexpr double p = 0.3, e = 0.6, scale = 0.25;
  const Results res =
      testing::run_cpu(sealift(1, 1,
                               "transit_days: 1, capacity: 10, loss_prob: 0.3, hulls: rrf, "
                               "escort: {share: 0.6, loss_scale: 0.25}"),
                       kTrials, 8);
  const double lost = p * (1 - e * (1 - scale));
  EXPECT_NEAR(metric(res, "shipments_lost").mean(1), lost,
              kSigmas * std::sqrt(lost * (1 - lost) / kTrials));
  const Distribution& sunk = metric(res, "hulls_sunk");
  EXPECT_EQ(sunk.sum[1], metric(res, "shipments_lost").sum[1]);
  // Without escorts the same seed loses the same shipments as an unescorted route: the
  // loss draw comes first.
  const Results plain = testing::run_cpu(
      sealift(1, 1, "transit_days: 1, capacity: 10, loss_prob: 0.3, hulls: rrf"), kTrials, 8);
  EXPECT_NEAR(metric(plain, "shipments_lost").mean(1), p,
              kSigmas * std::sqrt(p * (1 - p) / kTrials));
  EXPECT_GE(metric(plain, "shipments_lost").sum[1], metric(res, "shipments_lost").sum[1]);
}

TEST(SealiftDeterminism, SameResultsWhateverThreadsAndChunks) {
  const Scenario scenario =
      load_scenario_text(sealift(12, 3,
                                 "transit_days: 2, capacity: 10, loss_prob: 0.2, hulls: rrf, "
                                 "escort: {share: 0.5, loss_scale: 0.5}"),
                         "<sealift>");
  const Results reference = testing::expect_same_whatever_threads_and_chunks(scenario, 600, 23);
  EXPECT_GT(metric(reference, "hulls_sunk").sum[12], 0u);  // not vacuous
}

}  // namespace
}  // namespace contested
