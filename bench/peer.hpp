// The NumPy peer (bench/numpy_peer.py) as the benchmark table runs it: its trials/s, and
// the mean and standard error of each metric it computes, to compare with the engine's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "results/results.hpp"

namespace contested::bench {

struct PeerMetric {
  std::string name;
  std::string node;             // empty: theatre-wide
  std::optional<uint32_t> day;  // the daily metric's row; none for a per-trial outcome
  double mean = 0;
  double se = 0;
};

struct PeerRun {
  uint64_t trials = 0;
  double seconds = 0;
  std::vector<PeerMetric> metrics;
};

// Runs `python script --machine --no-engine` on `scenario`; throws std::runtime_error with
// the script's last line if it fails.
PeerRun run_numpy_peer(const std::string& python, const std::string& script,
                       const std::string& scenario, uint64_t trials, uint64_t seed);

// The engine's mean and standard error of the mean of the same metric in `r`.
PeerMetric engine_metric(const Results& r, const PeerMetric& like);

// (a - b) / SE of the difference, for independent samples.
double z_score(const PeerMetric& a, const PeerMetric& b);

}  // namespace contested::bench
