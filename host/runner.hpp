// The one host runner (DESIGN.md 6): the CLI and the Python module both call run().
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "host/results.hpp"
#include "host/scenario.hpp"

namespace contested {

// Trial indices address the random draws in 32 bits.
inline constexpr uint64_t kMaxTrials = 0xffffffffull;

struct RunOptions {
  uint64_t trials = 10000;
  uint64_t seed = 1;
  std::optional<uint32_t> days;  // overrides the scenario's
  std::string backend = "auto";  // auto | cpu | cuda
  int threads = 0;               // CPU threads; 0 = all cores
  uint32_t chunk = 0;            // trials per chunk; 0 = sized from memory
  std::function<void(uint64_t done, uint64_t total)> progress;
  std::function<void(const std::string&)> notify;  // e.g. "no GPU: running on the CPU"
  std::function<bool()> stop_requested;            // polled between chunks
};

// Thrown when stop_requested() answered true; nothing is returned or written.
struct RunInterrupted : std::runtime_error {
  RunInterrupted() : std::runtime_error("run interrupted") {}
};

Results run(const Scenario& scenario, const RunOptions& options);

}  // namespace contested
