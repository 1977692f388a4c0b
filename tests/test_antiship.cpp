// Anti-ship raids on ships in port (docs/ships.md, Ships hit in port): closed forms for the
// ships hit and sunk, a docked ship hit again by hand, raids where no ship lies, determinism
// across threads and chunks, and the theatre's fleet answering to defences at Yokosuka.
// Statistical checks allow five standard errors.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "engine/runner.hpp"
#include "results/results.hpp"
#include "scenario/scenario_yaml.hpp"

#include "tests/campaign_testing.hpp"

namespace contested {
namespace {

using testing::binomial_pmf;
using testing::expect_constant;
using testing::expect_days;
using testing::metric;

constexpr double kSigmas = 5.0;

// Ships of class `ddg` (and `lhd` when given) based at `home` (0, 0), a depot where no ship
// lies, and one missile class of the given reliability with no defences anywhere.
struct Harbour {
  uint32_t days = 2;
  double reliability = 1.0;
  std::string raids;
  std::string ddg;         // the keys after `id: ddg, home: home, `
  std::string lhd;         // the keys after `id: lhd, home: home, `; empty: no such class
  std::string home_extra;  // keys of the home naval base after its location
};

std::string yaml(const Harbour& h) {
  return "name: antiship\ndays: " + std::to_string(h.days) +
         "\nlaunch_sites:\n  - {id: site, lat: 5.0, lon: 5.0}\n"
         "missiles:\n  - {id: m, range_km: 5000, speed_kmps: 2.0, reliability: " +
         std::to_string(h.reliability) +
         ", cep_m: 10, lethal_radius_m: {hardened: 5, soft: 10}, inventory: 100000, "
         "launchers: 10000, launch_sites: [site]}\n"
         "strips:\n  fighter: {length_m: 1525, width_m: 15}\nraids:\n" +
         h.raids + "nodes:\n  - {id: depot, kind: depot, lat: 0.0, lon: 3.0, fuel_tanks: 1}\n" +
         "  - {id: empty, kind: port, lat: 1.0, lon: 3.0}\n" +
         "  - {id: home, kind: naval_base, lat: 0.0, lon: 0.0" + h.home_extra + "}\n" +
         "ship_classes:\n  - {id: ddg, home: home, " + h.ddg + "}\n" +
         (h.lhd.empty() ? "" : "  - {id: lhd, home: home, " + h.lhd + "}\n");
}

Results simulate(const std::string& text, uint64_t trials, uint64_t seed) {
  return testing::run_cpu(text, trials, seed, "", "<antiship>");
}

// A class never hit at sea, with a fixed repair time.
std::string in_port(uint32_t count, double sink, double maintenance_share) {
  return "count: " + std::to_string(count) +
         ", hit_prob_per_day: 0, sink_given_hit: " + std::to_string(sink) +
         ", in_maintenance_at_start: " + std::to_string(maintenance_share) +
         ", maintenance_days: 100, repair_days: 4, repair_sigma: 0, speed_kmpd: 800";
}

// ---- closed forms -----------------------------------------------------------------------------

// N missiles of reliability r, no defences, M ships in port (4 available, 2 in scheduled
// maintenance: both count), sink probability p. A hit ship leaves the port (sunk, or damaged
// and bound for a yard), so while ships remain each arriving missile hits a ship not hit
// before: the ships hit are H = min(B, M) with B ~ Binomial(N, r), so
//   E[H] = sum_k min(k, M) C(N, k) r^k (1 - r)^(N - k),
// and each ship hit sinks independently with p: E[sunk] = p E[H],
// Var[sunk] = p (1 - p) E[H] + p^2 Var[H]. (Were hit ships to stay, the distinct ships hit
// would be M (1 - (1 - 1/M)^(N r)) instead.)
TEST(AntishipClosedForm, ShipsHitAndSunkMatchTheBinomial) {
  constexpr uint32_t kMissiles = 10, kShips = 6, kTrials = 4000;
  constexpr double r = 0.5, p = 0.3;
  Harbour h;
  h.reliability = r;
  h.raids = "  - {days: [1, 1], target: home, aim: ships, missile: m, count: 10}\n";
  h.ddg = in_port(4, p, 0.0);
  h.lhd = in_port(2, p, 1.0);
  const Results res = simulate(yaml(h), kTrials, 11);
  double mean = 0.0, second = 0.0;
  for (uint32_t k = 0; k <= kMissiles; ++k) {
    const double hit = std::min(k, kShips);
    mean += hit * binomial_pmf(kMissiles, k, r);
    second += hit * hit * binomial_pmf(kMissiles, k, r);
  }
  const double var = second - mean * mean;
  const Distribution& hit = metric(res, "ships_hit_in_port");
  EXPECT_NEAR(hit.mean(1), mean, kSigmas * std::sqrt(var / kTrials));
  const Distribution& sunk = metric(res, "ships_sunk");
  const double sunk_var = p * (1 - p) * mean + p * p * var;
  EXPECT_NEAR(sunk.mean(1), p * mean, kSigmas * std::sqrt(sunk_var / kTrials));
  // Every ship hit is sunk or in repair; the rest are as they were.
  const Distribution& repair = metric(res, "ships_in_repair");
  EXPECT_EQ(repair.sum[1] + sunk.sum[1], hit.sum[1]);
  EXPECT_EQ(metric(res, "ships_available").sum[1] + metric(res, "ships_in_maintenance").sum[1],
            uint64_t{kShips} * kTrials - hit.sum[1]);
  expect_constant(hit, 0, 0);
  expect_constant(hit, 2, 0);
}

// ---- a docked ship hit again, by hand -----------------------------------------------------------

// One ship, hit at sea on day 1, docks at the home yard the same day for a fixed 4-day repair
// (available on day 5 without the raid). One missile on day 3 finds it in the dock and, as
// it cannot sink, starts its repair over: 4 more days from day 3, available on day 7.
TEST(AntishipDock, ADockedShipHitAgainStartsItsRepairOver) {
  Harbour h;
  h.days = 7;
  h.ddg =
      "count: 1, hit_prob_per_day: 1, sink_given_hit: 0, in_maintenance_at_start: 0, "
      "repair_days: 4, repair_sigma: 0, speed_kmpd: 800";
  h.home_extra = ", docks: {ddg: 1}";
  h.raids = "  - {days: [3, 3], target: home, aim: ships, missile: m, count: 1}\n";
  const Results r = simulate(yaml(h), 20, 3);
  expect_days(metric(r, "ships_available"), {1, 0, 0, 0, 0, 0, 0, 1});
  expect_days(metric(r, "ships_in_repair"), {0, 1, 1, 1, 1, 1, 1, 0});
  expect_days(metric(r, "ships_hit_in_port"), {0, 0, 0, 1, 0, 0, 0, 0});
  expect_days(metric(r, "ships_sunk"), std::vector<uint64_t>(8, 0));
}

// Trial by trial: two ships hit at sea on day 1 share one dock at home, each sunk there with
// 1/2. Where neither sank, ship 0 docks and ship 1 waits in the queue (not in port). The
// day-3 missile hits the docked ship and sinks it with 1/2: the dock frees and ship 1 takes
// it that day (queue 0, one sunk); or its repair restarts and ship 1 keeps waiting (queue 1).
TEST(AntishipDock, ASunkDockedShipFreesItsDock) {
  Harbour h;
  h.days = 4;
  h.ddg =
      "count: 2, hit_prob_per_day: 1, sink_given_hit: 0.5, in_maintenance_at_start: 0, "
      "repair_days: 4, repair_sigma: 0, speed_kmpd: 800";
  h.home_extra = ", docks: {ddg: 1}";
  h.raids = "  - {days: [3, 3], target: home, aim: ships, missile: m, count: 1}\n";
  const Scenario scenario = load_scenario_text(yaml(h), "<antiship>");
  const RecordLayout rl = record_layout(scenario.view());
  const uint32_t home = 2;  // nodes: depot, empty, home
  uint32_t sunk_in_dock = 0, restarted = 0;
  for (uint32_t trial = 0; trial < 400; ++trial) {
    const std::vector<uint32_t> rec = testing::trial_record(scenario, 5, trial);
    const auto at = [&](uint32_t series, uint32_t day) { return rec[rl.row(series, day)]; };
    if (at(rl.theatre(kTheatreShipsSunk), 2) != 0) continue;
    ASSERT_EQ(at(rl.base(home, kNodeRepairQueue), 2), 1u);
    ASSERT_EQ(at(rl.theatre(kTheatreShipsHitInPort), 3), 1u);
    const uint32_t sunk = at(rl.theatre(kTheatreShipsSunk), 3);
    EXPECT_EQ(at(rl.base(home, kNodeRepairQueue), 3), 1u - sunk) << "trial " << trial;
    EXPECT_EQ(at(rl.theatre(kTheatreShipsInRepair), 3), 2u - sunk) << "trial " << trial;
    (sunk == 1 ? sunk_in_dock : restarted) += 1;
  }
  EXPECT_GT(sunk_in_dock, 10u);
  EXPECT_GT(restarted, 10u);
}

// ---- raids where no ship lies ----------------------------------------------------------------

// A raid at a port no class calls home and with no docks hits nothing: the fleet's
// distributions equal those of the same scenario without the raid.
TEST(AntishipNoShips, ARaidAtAnEmptyPortChangesNothing) {
  Harbour h;
  h.days = 5;
  h.ddg =
      "count: 5, hit_prob_per_day: 0.2, sink_given_hit: 0.3, in_maintenance_at_start: 0.2, "
      "repair_days: 3, repair_sigma: 0.5, speed_kmpd: 800";
  h.raids = "  - {days: [1, 1], target: depot, aim: fuel, missile: m, count: 1}\n";
  const Results without = simulate(yaml(h), 500, 7);
  h.raids += "  - {days: [1, 5], target: empty, aim: ships, missile: m, count: 8}\n";
  const Results with = simulate(yaml(h), 500, 7);
  for (const char* name :
       {"ships_available", "ships_in_repair", "ships_in_maintenance", "ships_sunk"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(metric(with, name).sum, metric(without, name).sum);
    EXPECT_EQ(metric(with, name).histogram, metric(without, name).histogram);
  }
  for (uint32_t day = 0; day <= h.days; ++day)
    expect_constant(metric(with, "ships_hit_in_port"), day, 0);
  EXPECT_EQ(without.find_metric("ships_hit_in_port"), nullptr);
}

// ---- determinism -----------------------------------------------------------------------------

TEST(AntishipDeterminism, SameResultsWhateverThreadsAndChunks) {
  Harbour h;
  h.days = 8;
  h.reliability = 0.8;
  h.ddg =
      "count: 6, hit_prob_per_day: 0.05, sink_given_hit: 0.4, in_maintenance_at_start: 0.3, "
      "repair_days: 3, repair_sigma: 0.5, speed_kmpd: 800";
  h.home_extra = ", docks: {ddg: 2}";
  h.raids = "  - {days: [1, 8], hour: [0, 12], target: home, aim: ships, missile: m, count: 2}\n";
  const Scenario scenario = load_scenario_text(yaml(h), "<antiship>");
  const Results reference = testing::expect_same_whatever_threads_and_chunks(scenario, 600, 21);
  EXPECT_GT(metric(reference, "ships_hit_in_port").sum[1], 0u);  // not vacuous
}

// ---- the theatre -------------------------------------------------------------------------------

// The theatre's anti-ship raids on Yokosuka meet a Patriot battery there under the defended
// posture (Sasebo and Apra Harbor are undefended in both, and the day-1 launches are the
// same): trial by trial (same seed, same trials), the ships available on day 30 differ from
// the baseline's by more than five standard errors of the paired difference.
// The mean paired difference (b - a) of one theatre row over the first `trials` trials, and
// its standard error: same seed, same trials.
struct Paired {
  double mean, se;
};
Paired paired_difference(const Scenario& a, const Scenario& b, TheatreSeries series, uint32_t day,
                         uint32_t trials) {
  const RecordLayout la = record_layout(a.view());
  const RecordLayout lb = record_layout(b.view());
  double sum = 0.0, sum_sq = 0.0;
  for (uint32_t trial = 0; trial < trials; ++trial) {
    const double d =
        double(testing::trial_record(b, 2024, trial)[lb.row(lb.theatre(series), day)]) -
        double(testing::trial_record(a, 2024, trial)[la.row(la.theatre(series), day)]);
    sum += d;
    sum_sq += d * d;
  }
  const double mean = sum / trials;
  return {mean, std::sqrt((sum_sq / trials - mean * mean) / (trials - 1))};
}

TEST(AntishipTheatre, DefencesAtYokosukaChangeTheFleetOnDay30) {
  const std::string configs = CONTESTED_SOURCE_DIR "/configs/";
  const Scenario baseline = load_scenario_file(configs + "indo_pacific.yaml");
  const Scenario defended =
      load_scenario_file(configs + "indo_pacific.yaml", configs + "postures/defended.yaml");
  const Paired d = paired_difference(baseline, defended, kTheatreShipsAvailable, 30, 120);
  EXPECT_GT(d.mean, kSigmas * d.se) << "mean paired difference " << d.mean << ", SE " << d.se;
}

// With the day-1 raids on the ships at Yokosuka and Sasebo (and those at sea), opening the
// allied yards of Japan, Korea, India and Singapore (a posture of those flags alone) changes
// the ships available on day 90 by more than five standard errors of the paired difference.
TEST(AntishipTheatre, AlliedYardsChangeTheFleetOnDay90) {
  const std::string configs = CONTESTED_SOURCE_DIR "/configs/";
  const std::string posture = ::testing::TempDir() + "allied_yards.yaml";
  std::ofstream(posture) << "id: allied_yards\nflags: [rsf_japan, rsf_korea, rsf_india, "
                            "rsf_singapore]\n";
  Scenario without = load_scenario_file(configs + "indo_pacific.yaml");
  Scenario with = load_scenario_file(configs + "indo_pacific.yaml", posture);
  for (Scenario* s : {&without, &with}) {
    s->days = 90;
    s->finalize();
  }
  const Paired d = paired_difference(without, with, kTheatreShipsAvailable, 90, 150);
  EXPECT_GT(d.mean, kSigmas * d.se) << "mean paired difference " << d.mean << ", SE " << d.se;
}

}  // namespace
}  // namespace contested
