// Coordinated campaigns of sabotage and cyber attack (kernels/coordinated_attack.hpp;
// docs/disruptions.md): the chance a campaign happens and its day against the closed forms,
// every target struck on the same day or none, outages and stock shares by hand, the day
// independent of the run's length, and the same results whatever the threads and chunks.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/runner.hpp"
#include "kernels/record.hpp"
#include "results/results.hpp"
#include "scenario/scenario.hpp"
#include "scenario/scenario_yaml.hpp"
#include "tests/campaign_testing.hpp"

namespace contested {
namespace {

using testing::expect_days;
using testing::metric;
using testing::outcome;
using testing::trial_record;

// A plant making 2 shells a day, a depot holding 1,000 and a port, with one harmless raid,
// and the campaigns in `campaigns`.
std::string theatre(uint32_t days, const std::string& campaigns) {
  return testing::decoy_theatre("attacks", days,
                                "  - {id: plant, kind: factory, lat: 0.0, lon: 0.0}\n"
                                "  - {id: depot, kind: depot, lat: 0.5, lon: 0.0}\n"
                                "  - {id: port, kind: port, lat: 0.0, lon: 0.5}\n",
                                "munitions: [{id: shell}]\n"
                                "stocks: {depot: {shell: 1000}}\n"
                                "factories:\n"
                                "  - {node: plant, product: shell, per_day: 2}\n"
                                "campaigns:\n" +
                                    campaigns);
}

Results simulate(const std::string& text, uint64_t trials, uint64_t seed = 5) {
  return testing::run_cpu(text, trials, seed, "", "<attacks>");
}

// ---- the chance and the day ------------------------------------------------------------

// Drawn once per trial: it happens with `prob` (Bernoulli over the trials), on a day uniform
// in [5, 14] (mean 9.5, variance (10^2 - 1) / 12). Both within 5 standard errors.
TEST(CoordinatedAttack, HappensWithItsProbabilityOnADayUniformInItsWindow) {
  const uint64_t n = 4000;
  const std::string text = theatre(20,
                                   "  - {id: strike, kind: sabotage, days: [5, 14], prob: 0.3,\n"
                                   "     targets: [{node: plant, outage_days: 2}]}\n");
  const Results r = simulate(text, n);
  const Distribution& day = outcome(r, "day_campaign_strike");
  EXPECT_TRUE(day.zero_is_never);
  const double p = 0.3;
  const double share = 1.0 - day.p_never(0);
  EXPECT_NEAR(share, p, 5 * std::sqrt(p * (1 - p) / n));
  const double counted = static_cast<double>(day.counted(0));
  EXPECT_NEAR(day.mean(0), 9.5, 5 * std::sqrt(99.0 / 12.0 / counted));
  // Trial by trial the day lies in the window, and every day of it comes.
  const Scenario scenario = load_scenario_text(text, "<attacks>");
  const uint32_t row = record_layout(scenario.view()).attack_day_row(0);
  std::vector<uint32_t> seen(21, 0);
  for (uint32_t trial = 0; trial < 400; ++trial)
    ++seen[trial_record(scenario, 5, trial)[row]];
  for (uint32_t d = 1; d <= 20; ++d)
    EXPECT_EQ(seen[d] > 0, d >= 5 && d <= 14) << "day " << d << " came " << seen[d] << " times";
}

// Trial by trial, each of three targets' outages starts on the campaign's day, or none does:
// the targets are struck together. With sigma 0 each outage lasts exactly its median.
TEST(CoordinatedAttack, AllTargetsOnTheSameDayOrNone) {
  const Scenario s = load_scenario_text(
      theatre(30,
              "  - {id: strike, kind: cyber, days: [1, 30], prob: 0.5, targets: [\n"
              "     {node: plant, outage_days: 3, sigma: 0}, {node: depot, outage_days: 5, "
              "sigma: 0},\n"
              "     {node: port, outage_days: 1, sigma: 0}]}\n"),
      "<attacks>");
  const RecordLayout rl = record_layout(s.view());
  const std::vector<std::pair<std::string, uint32_t>> targets{
      {"plant", 3}, {"depot", 5}, {"port", 1}};
  uint32_t struck = 0;
  for (uint32_t trial = 0; trial < 200; ++trial) {
    const std::vector<uint32_t> rec = trial_record(s, 5, trial);
    const uint32_t day = rec[rl.attack_day_row(0)];
    struck += day > 0 ? 1 : 0;
    for (const auto& [id, length] : targets) {
      uint32_t b = 0;
      while (s.node_ids[b] != id)
        ++b;
      for (uint32_t d = 1; d <= s.days; ++d) {
        const bool out = day > 0 && d >= day && d < day + length;
        EXPECT_EQ(rec[rl.row(rl.base(b, kNodeOutage), d)], out ? 1u : 0u)
            << "trial " << trial << " " << id << " day " << d << " (campaign day " << day << ")";
      }
    }
  }
  EXPECT_GT(struck, 50u);  // not vacuous: both outcomes occur
  EXPECT_LT(struck, 150u);
}

// ---- effects by hand ---------------------------------------------------------------------

// Certain, on day 3: a quarter of the depot's 1,000 shells is destroyed (250), and the plant is
// out on days 3 and 4 (2 days, sigma 0), making nothing then.
TEST(CoordinatedAttack, StockShareAndOutageHandComputed) {
  const Results r =
      simulate(theatre(6,
                       "  - {id: strike, kind: sabotage, days: [3, 3], prob: 1, targets: [\n"
                       "     {node: depot, stock_share: 0.25}, {node: plant, outage_days: 2, "
                       "sigma: 0}]}\n"),
               30);
  expect_days(metric(r, "munitions_shell", "depot"), {1000, 1000, 1000, 750, 750, 750, 750});
  expect_days(metric(r, "production_shell"), {0, 2, 2, 0, 0, 2, 2});
  expect_days(metric(r, "outage", "plant"), {0, 0, 0, 1, 1, 0, 0});
  testing::expect_constant(outcome(r, "day_campaign_strike"), 0, 3);
}

// A campaign's day does not depend on how long the run is: the same seed gives the same day
// in a 30-day and a 12-day run wherever it falls within both.
TEST(CoordinatedAttack, DayIndependentOfTheRunsLength) {
  const std::string campaign =
      "  - {id: strike, kind: sabotage, days: [1, 12], prob: 0.6, targets: [{node: plant, "
      "outage_days: 2}]}\n";
  const Scenario long_run = load_scenario_text(theatre(30, campaign), "<attacks>");
  const Scenario short_run = load_scenario_text(theatre(12, campaign), "<attacks>");
  const uint32_t long_row = record_layout(long_run.view()).attack_day_row(0);
  const uint32_t short_row = record_layout(short_run.view()).attack_day_row(0);
  for (uint32_t trial = 0; trial < 50; ++trial) {
    EXPECT_EQ(trial_record(long_run, 9, trial)[long_row],
              trial_record(short_run, 9, trial)[short_row])
        << "trial " << trial;
  }
}

// ---- determinism -------------------------------------------------------------------------

TEST(CoordinatedAttack, SameResultsWhateverThreadsAndChunks) {
  const Scenario s = load_scenario_text(
      theatre(
          20,
          "  - {id: strike, kind: cyber, days: [2, 15], prob: 0.4, targets: [\n"
          "     {node: plant, outage_days: 4, sigma: 0.8}, {node: depot, stock_share: 0.3}]}\n"),
      "<attacks>");
  const Results reference = testing::expect_same_whatever_threads_and_chunks(s, 300, 17);
  // Not vacuous: the campaign strikes in some trials, not all.
  const Distribution& day = outcome(reference, "day_campaign_strike");
  EXPECT_GT(day.never(0), 0u);
  EXPECT_LT(day.never(0), 300u);
}

}  // namespace
}  // namespace contested
