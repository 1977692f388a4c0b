// Results of a run: exact integer histograms and sums per metric, with provenance.
// Floating point appears only in the derived statistics below.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace contested {

// The quantile probabilities stored with every distribution.
inline constexpr double kQuantileProbabilities[] = {0.05, 0.25, 0.50, 0.75, 0.95};

// One metric's distribution: `rows` rows (days + 1 for a daily metric, 1 for a per-trial
// outcome), each an exact histogram over `bins` bins of width `bin_width` starting at
// `bin_lo`, with the exact sum and sum of squares of the per-trial values.
struct Distribution {
  std::string name;  // e.g. "sorties", "strip_usable_fighter", "days_strip_denied_fighter_kadena"
  std::string node;  // node id, or empty for theatre-wide and outcomes
  uint32_t rows = 0;
  uint32_t bins = 0;
  int64_t bin_lo = 0;
  uint32_t bin_width = 1;
  std::vector<uint64_t> histogram;  // [rows * bins]
  std::vector<uint64_t> sum;        // [rows]
  std::vector<uint64_t> sum_sq;     // [rows]

  uint64_t trials(uint32_t row) const;  // sum of the row's histogram
  double mean(uint32_t row) const;
  double stddev(uint32_t row) const;  // population standard deviation across trials
  // Smallest value v with P(X <= v) >= p; exact when bin_width == 1, else interpolated
  // linearly inside the bin.
  double quantile(uint32_t row, double p) const;
};

struct Provenance {
  std::string format = "contested-results";
  uint32_t format_version = 1;
  std::string engine_version;
  uint64_t seed = 0;
  uint64_t trials = 0;
  uint32_t days = 0;
  std::string backend;  // "cpu" or "cuda"
  std::string device;   // CPU model and threads, or GPU name
  std::string created_utc;
  std::string scenario_sha256;
  std::string scenario_text;
  std::string scenario_name;
  std::string posture = "baseline";
};

struct Results {
  Provenance provenance;
  std::vector<Distribution> metrics;   // daily: theatre-wide (node empty) then per node
  std::vector<Distribution> outcomes;  // one row each

  const Distribution* find_metric(const std::string& name, const std::string& node = {}) const;
  const Distribution* find_outcome(const std::string& name) const;
  std::vector<std::string> nodes() const;  // node ids with per-node metrics, in order
};

}  // namespace contested
