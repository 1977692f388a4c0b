#include "bench/draw_counts.hpp"

#include <sstream>
#include <stdexcept>

#include "bench/subprocess.hpp"

namespace contested::bench {

uint64_t DrawCounts::event(const std::string& name) const {
  for (const auto& [event_name, blocks] : by_event) {
    if (event_name == name) return blocks;
  }
  return 0;
}

DrawCounts count_draws(const std::string& program, const std::string& scenario, uint32_t days,
                       uint64_t seed, uint64_t trials) {
  const Captured run = capture({program, scenario, "--days", std::to_string(days), "--seed",
                                std::to_string(seed), "--trials", std::to_string(trials)});
  if (run.status != 0) {
    throw std::runtime_error("contested_draw_count failed: " + last_line(run.output));
  }
  DrawCounts counts;
  std::istringstream lines(run.output);
  std::string key;
  while (lines >> key) {
    if (key == "event") {
      std::string name;
      uint64_t blocks = 0;
      lines >> name >> blocks;
      counts.by_event.emplace_back(name, blocks);
      continue;
    }
    uint64_t value = 0;
    lines >> value;
    if (key == "trials") counts.trials = value;
    if (key == "blocks_total") counts.total = value;
    if (key == "blocks_min") counts.least = value;
    if (key == "blocks_max") counts.most = value;
    if (key == "missiles_launched") counts.missiles_launched = value;
    if (key == "missiles_at_sea") counts.missiles_at_sea = value;
  }
  if (counts.trials == 0 || !lines.eof()) {
    throw std::runtime_error("contested_draw_count: unexpected output: " + last_line(run.output));
  }
  return counts;
}

}  // namespace contested::bench
