// Helpers shared by the tests that run small scenarios end to end on the CPU backend and
// check their metrics exactly.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/results.hpp"
#include "host/runner.hpp"
#include "host/scenario_yaml.hpp"

namespace contested::testing {

inline Results run_cpu(const std::string& text, uint64_t trials, uint64_t seed,
                       const std::string& posture = "", const std::string& label = "<test>") {
  RunOptions options;
  options.trials = trials;
  options.seed = seed;
  options.backend = "cpu";
  return run(load_scenario_text(text, label, posture), options);
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

}  // namespace contested::testing
