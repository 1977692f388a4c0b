// Runs, runs of several postures, and blocks of trials (shards): the entry points the CLI
// and the Python module call, over the one run loop (engine/run_loop.hpp; docs/design.md,
// section 6).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "kernels/limits.hpp"
#include "results/results.hpp"
#include "scenario/scenario.hpp"

namespace contested {

class Communicator;

struct RunOptions {
  uint64_t trials = 10000;
  uint64_t seed = 1;
  std::optional<uint32_t> days;  // overrides the scenario's
  std::string backend = "auto";  // auto | cpu | cuda
  int threads = 0;               // CPU threads; 0 = all cores
  uint32_t chunk = 0;            // trials per chunk; 0 = sized from memory
  // The block of the run's `trials` that this call simulates: trials [first_trial,
  // first_trial + trial_count); trial_count 0 means up to `trials`. Trial indices are global
  // (they address the random draws), so blocks of one run merge exactly (results/merge.hpp).
  uint64_t first_trial = 0;
  uint64_t trial_count = 0;
  std::string shard;  // "i/n" when the block is shard i of n, recorded in the provenance
  // Ranks sharing the block (MPI; engine/communicator.hpp): each simulates a contiguous share
  // and rank 0 gets the exact sums, so only rank 0's Results are the whole block's (the
  // others' hold their own share). Null: this process alone.
  const Communicator* comm = nullptr;
  int device = -1;  // CUDA device, taken modulo the devices present; -1: the current one
  // Host memory the run may use, in bytes; 0: what the machine has available. A run whose
  // histograms and results cannot fit is refused before it starts (backends/memory_budget.hpp).
  uint64_t memory_limit = 0;
  std::function<void(uint64_t done, uint64_t total)> progress;
  std::function<void(const std::string&)> notify;  // e.g. "no GPU: running on the CPU"
  std::function<bool()> stop_requested;            // polled between chunks
};

// The options of a run of `trials` trials with `seed` (and `days`), computed on `backend`
// with `threads` and `chunk` (and a memory limit): what the command line and Python ask for.
RunOptions run_options(uint64_t trials, uint64_t seed, std::optional<uint32_t> days,
                       const std::string& backend, int threads, uint32_t chunk,
                       uint64_t memory_limit = 0);

// Thrown when stop_requested() answered true; nothing is returned or written.
struct RunInterrupted : std::runtime_error {
  RunInterrupted() : std::runtime_error("run interrupted") {}
};

Results run(const Scenario& scenario, const RunOptions& options);

// Several postures of one scenario (one Scenario each, loaded alike) run side by side over
// the same trials: the first is the reference of the others' exact paired comparisons, as
// in a sweep of those postures.
SweepResults run_postures(const std::vector<Scenario>& scenarios, const RunOptions& options);

struct TallyPlan;
class Backend;

// The backend `options` asks for (auto: the GPU when there is one, else the CPU, saying so
// through options.notify), for a chunk of at most options.trials trials. `sharers` backends
// will run side by side (a sweep's postures) and share the memory budget.
std::unique_ptr<Backend> make_backend(const Scenario& scenario, const TallyPlan& plan,
                                      const RunOptions& options, uint32_t sharers = 1);

// A block of consecutive trials.
struct TrialRange {
  uint64_t first = 0;
  uint64_t count = 0;
};

// Block `index` (0-based) of `shards` nearly equal blocks of trials [0, trials): trials
// [floor(index * trials / shards), floor((index + 1) * trials / shards)). Throws
// std::invalid_argument unless index < shards <= trials.
TrialRange shard_range(uint64_t trials, uint64_t index, uint64_t shards);

// "i/n" (as given to --shard) → {i, n}; throws std::invalid_argument naming the text.
std::pair<uint64_t, uint64_t> parse_shard(const std::string& text);

// The trial range `options` asks for, checked against options.trials.
TrialRange requested_range(const RunOptions& options);

// This rank's contiguous share of `range` (all of it without a communicator or on one rank).
TrialRange rank_range(const TrialRange& range, const Communicator* comm);

// With several ranks: adds every rank's `values` into rank 0's (exact); else nothing.
void sum_to_root(const Communicator* comm, std::vector<uint64_t>& values);
void sum_to_root(const Communicator* comm, std::vector<int64_t>& values);

// The device text for provenance: `device`, and the rank count when there are several.
std::string ranks_device(const std::string& device, const Communicator* comm);

}  // namespace contested
