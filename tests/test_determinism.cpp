// Results depend on the seed only (docs/design.md, section 2): the same seed gives bit-identical
// exact histograms whatever the thread count or chunk size; another seed gives other results. Run
// on every example scenario with the CPU backend.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <vector>

#include "engine/runner.hpp"
#include "results/results.hpp"
#include "scenario/scenario_yaml.hpp"

#include "tests/campaign_testing.hpp"

namespace contested {
namespace {

constexpr uint64_t kTrials = 300;

std::vector<std::string> example_scenarios() {
  std::vector<std::string> paths;
  const std::filesystem::path dir =
      std::filesystem::path(CONTESTED_SOURCE_DIR) / "configs" / "examples";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".yaml") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

Results simulate(const Scenario& scenario, uint64_t seed, int threads, uint32_t chunk) {
  RunOptions options;
  options.trials = kTrials;
  options.seed = seed;
  options.backend = "cpu";
  options.threads = threads;
  options.chunk = chunk;
  return run(scenario, options);
}

bool identical(const Results& a, const Results& b) {
  const auto same = [](const std::vector<Distribution>& x, const std::vector<Distribution>& y) {
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i) {
      if (x[i].histogram != y[i].histogram || x[i].sum != y[i].sum || x[i].sum_sq != y[i].sum_sq) {
        return false;
      }
    }
    return true;
  };
  return same(a.metrics, b.metrics) && same(a.outcomes, b.outcomes);
}

class Determinism : public ::testing::TestWithParam<std::string> {};

TEST_P(Determinism, SameSeedSameHistogramsWhateverThreadsAndChunks) {
  const Scenario scenario = load_scenario_file(GetParam());
  const uint64_t seed = 20250101;
  const Results reference = simulate(scenario, seed, 1, 0);  // one thread, default chunk
  ASSERT_FALSE(reference.metrics.empty());
  for (const Distribution& d : reference.metrics) {
    ASSERT_EQ(d.trials(0), kTrials) << d.name;
  }
  struct Setting {
    int threads;
    uint32_t chunk;
  };
  for (const Setting& s : {Setting{2, 0}, Setting{1, 7}, Setting{2, 7}, Setting{2, 1000},
                           Setting{1, 1000}, Setting{2, 1}}) {
    const std::string what = "threads " + std::to_string(s.threads) + ", chunk " +
                             (s.chunk ? std::to_string(s.chunk) : std::string("default"));
    testing::expect_same_distributions(reference, simulate(scenario, seed, s.threads, s.chunk),
                                       what);
  }
}

TEST_P(Determinism, DifferentSeedsGiveDifferentResults) {
  const Scenario scenario = load_scenario_file(GetParam());
  const Results a = simulate(scenario, 1, 2, 0);
  const Results b = simulate(scenario, 2, 2, 0);
  EXPECT_FALSE(identical(a, b));
  // ...and a repeated run with the first seed is the first run again.
  EXPECT_TRUE(identical(a, simulate(scenario, 1, 2, 0)));
}

// Trials are addressed by index: the first trials of a longer run are the same trials.
TEST_P(Determinism, TrialsDoNotDependOnTheRunLength) {
  const Scenario scenario = load_scenario_file(GetParam());
  RunOptions options;
  options.seed = 9;
  options.backend = "cpu";
  options.trials = 1;
  options.threads = 2;
  // One trial at a time, summed, must equal the histogram of a 5-trial run.
  RunOptions five = options;
  five.trials = 5;
  const Results whole = run(scenario, five);
  const Results first = run(scenario, options);
  ASSERT_EQ(whole.metrics.size(), first.metrics.size());
  // Trial 0 alone must be contained in the 5-trial histograms (bin by bin, counts <=).
  for (size_t i = 0; i < whole.metrics.size(); ++i) {
    for (size_t k = 0; k < whole.metrics[i].histogram.size(); ++k) {
      EXPECT_LE(first.metrics[i].histogram[k], whole.metrics[i].histogram[k])
          << whole.metrics[i].name << " bin " << k;
    }
  }
}

std::string scenario_name(const ::testing::TestParamInfo<std::string>& info) {
  return std::filesystem::path(info.param).stem().string();
}

INSTANTIATE_TEST_SUITE_P(Examples, Determinism, ::testing::ValuesIn(example_scenarios()),
                         scenario_name);

TEST(DeterminismSetup, ExamplesAreFound) {
  EXPECT_GE(example_scenarios().size(), 3u);
}

}  // namespace
}  // namespace contested
