// Helpers shared by the tests that run small scenarios end to end on the CPU backend and
// check their metrics exactly.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "engine/runner.hpp"
#include "kernels/campaign.hpp"
#include "kernels/columns.hpp"
#include "kernels/record.hpp"
#include "kernels/trial_state.hpp"
#include "results/results.hpp"
#include "scenario/scenario.hpp"
#include "scenario/scenario_yaml.hpp"

namespace contested::testing {

// A scenario whose only strike is harmless (one perfectly reliable, accurate missile at a
// decoy depot's fuel tank, where nothing is stocked), for tests of what happens around it:
// `nodes` are list items after the decoy under nodes:, `sections` the top-level sections
// that follow.
inline std::string decoy_theatre(const std::string& name, uint32_t days, const std::string& nodes,
                                 const std::string& sections) {
  return "name: " + name + "\ndays: " + std::to_string(days) + "\n" + R"(launch_sites:
  - {id: site, lat: 5.0, lon: 5.0}
missiles:
  - {id: m, range_km: 5000, speed_kmps: 2.0, reliability: 1, cep_m: 0.01,
     lethal_radius_m: {hardened: 5, soft: 10}, inventory: 100, launchers: 10,
     launch_sites: [site]}
strips:
  fighter: {length_m: 1525, width_m: 15}
raids:
  - {days: [1, 1], target: decoy, aim: fuel, missile: m, count: 1}
nodes:
  - {id: decoy, kind: depot, lat: 0.0, lon: 3.0, fuel_tanks: 1}
)" + nodes +
         sections;
}

inline Results run_cpu(const std::string& text, uint64_t trials, uint64_t seed,
                       const std::string& posture = "", const std::string& label = "<test>") {
  RunOptions options;
  options.trials = trials;
  options.seed = seed;
  options.backend = "cpu";
  return run(load_scenario_text(text, label, posture), options);
}

// One trial's record, run by the campaign itself (no tally in between), for checks that
// hold trial by trial; rows as kernels/record.hpp lays them out.
inline std::vector<uint32_t> trial_record(const Scenario& scenario, uint64_t seed, uint32_t trial) {
  const ScenarioView view = scenario.view();
  const StateLayout layout = make_state_layout(view);
  const RecordLayout rl = record_layout(view);
  std::vector<uint32_t> state(layout.words), record(rl.rows());
  Campaign{view, layout, rl, seed}.run(trial, Column{state.data(), 1}, Column{record.data(), 1});
  return record;
}

// P(K = k) for K ~ Binomial(n, q).
inline double binomial_pmf(uint32_t n, uint32_t k, double q) {
  return std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) +
                  k * std::log(q) + (n - k) * std::log1p(-q));
}

inline const Distribution& metric(const Results& r, const std::string& name,
                                  const std::string& node = {}) {
  const Distribution* d = r.find_metric(name, node);
  if (d == nullptr) throw std::runtime_error("no metric " + name + " at '" + node + "'");
  return *d;
}

inline const Distribution& outcome(const Results& r, const std::string& name) {
  const Distribution* d = r.find_outcome(name);
  if (d == nullptr) throw std::runtime_error("no outcome " + name);
  return *d;
}

// Every trial of the row recorded exactly `value` (exact sums: mean `value`, no spread).
inline void expect_constant(const Distribution& d, uint32_t row, uint64_t value) {
  const uint64_t n = d.trials(row);
  EXPECT_EQ(d.sum[row], value * n) << d.name << " at '" << d.node << "' day/row " << row
                                   << ": mean " << d.mean(row) << ", expected always " << value;
  EXPECT_EQ(d.sum_sq[row], value * value * n)
      << d.name << " at '" << d.node << "' day/row " << row << " is not constant";
}

// Day d of the metric is always by_day[d], for every day listed (from day 0).
inline void expect_days(const Distribution& d, const std::vector<uint64_t>& by_day) {
  ASSERT_LE(by_day.size(), d.rows) << d.name;
  for (uint32_t day = 0; day < by_day.size(); ++day)
    expect_constant(d, day, by_day[day]);
}

// Every distribution, metric and outcome, equal to the last bit: names, shapes, histograms,
// exact sums, and the statistics derived from them.
inline void expect_same_distributions(const Results& a, const Results& b, const std::string& what) {
  const auto compare = [&](const std::vector<Distribution>& x, const std::vector<Distribution>& y) {
    ASSERT_EQ(x.size(), y.size()) << what;
    for (size_t i = 0; i < x.size(); ++i) {
      SCOPED_TRACE(what + ": " + x[i].name + " at '" + x[i].node + "'");
      EXPECT_EQ(x[i].name, y[i].name);
      EXPECT_EQ(x[i].node, y[i].node);
      EXPECT_EQ(x[i].rows, y[i].rows);
      EXPECT_EQ(x[i].bins, y[i].bins);
      EXPECT_EQ(x[i].bin_lo, y[i].bin_lo);
      EXPECT_EQ(x[i].bin_width, y[i].bin_width);
      EXPECT_EQ(x[i].histogram, y[i].histogram);
      EXPECT_EQ(x[i].sum, y[i].sum);
      EXPECT_EQ(x[i].sum_sq, y[i].sum_sq);
      EXPECT_EQ(x[i].zero_is_never, y[i].zero_is_never);
      // Bit-equal doubles; NaN (a first day that never came in any trial) equals NaN.
      const auto same = [](double u, double v) { return u == v || (u != u && v != v); };
      for (uint32_t row = 0; row < x[i].rows; ++row) {
        EXPECT_PRED2(same, x[i].mean(row), y[i].mean(row)) << "row " << row;
        EXPECT_PRED2(same, x[i].stddev(row), y[i].stddev(row)) << "row " << row;
        for (double p : kQuantileProbabilities) {
          EXPECT_PRED2(same, x[i].quantile(row, p), y[i].quantile(row, p))
              << "row " << row << " p " << p;
        }
      }
    }
  };
  compare(a.metrics, b.metrics);
  compare(a.outcomes, b.outcomes);
}

// Runs the scenario on the CPU with one thread in one chunk, then with two threads and with
// small chunks, and expects every distribution equal to the last bit; returns the first run
// (for the caller's checks that the case is not vacuous).
inline Results expect_same_whatever_threads_and_chunks(const Scenario& scenario, uint64_t trials,
                                                       uint64_t seed) {
  RunOptions options;
  options.trials = trials;
  options.seed = seed;
  options.backend = "cpu";
  options.threads = 1;
  Results reference = run(scenario, options);
  for (const auto& [threads, chunk] :
       {std::pair{2, 0u}, std::pair{2, 7u}, std::pair{1, 7u}, std::pair{2, 1u}}) {
    options.threads = threads;
    options.chunk = chunk;
    expect_same_distributions(
        reference, run(scenario, options),
        "threads " + std::to_string(threads) + ", chunk " + std::to_string(chunk));
  }
  return reference;
}

// The command line, run through the shell: exit status and everything it printed.
struct Command {
  int status;
  std::string output;  // stdout and stderr
};

// Any shell command line (sh -c); stderr is captured with stdout.
inline Command run_shell(const std::string& command) {
  const std::string cmd = "{ " + command + "; } 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf{};
  while (size_t n = fread(buf.data(), 1, buf.size(), pipe))
    out.append(buf.data(), n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// A fresh directory for each test, named after the test and the process (ctest runs tests
// side by side), removed afterwards even if a test made it read-only.
class ScratchDirectory : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("contested_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
            std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::filesystem::permissions(dir_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add);
    std::filesystem::remove_all(dir_);
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // The names in the directory, sorted.
  std::vector<std::string> listing() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir_))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  std::filesystem::path dir_;
};

// `text` split at newlines.
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

// The contested command line with `args`.
inline Command shell(const std::string& args) {
  return run_shell(std::string(CONTESTED_CLI) + " " + args);
}

}  // namespace contested::testing
