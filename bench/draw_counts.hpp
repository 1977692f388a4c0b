// Philox blocks the model draws per trial, as counted by contested_draw_count
// (bench/draw_count.cpp) over the first trials of a run.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace contested::bench {

struct DrawCounts {
  uint64_t trials = 0;
  uint64_t total = 0;  // blocks over all counted trials
  uint64_t least = 0;  // fewest in one trial
  uint64_t most = 0;
  uint64_t missiles_launched = 0;
  uint64_t missiles_at_sea = 0;  // of those launched, by sea-area raids
  std::vector<std::pair<std::string, uint64_t>> by_event;

  double per_trial() const { return static_cast<double>(total) / static_cast<double>(trials); }
  uint64_t event(const std::string& name) const;
};

// Runs the counter on `scenario` for `days` days; throws std::runtime_error with its output
// if it fails.
DrawCounts count_draws(const std::string& program, const std::string& scenario, uint32_t days,
                       uint64_t seed, uint64_t trials);

}  // namespace contested::bench
