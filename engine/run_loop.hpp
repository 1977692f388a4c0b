// The one run loop (docs/architecture.md): a run is a sweep with one arm, and several
// postures are several arms. The arms run side by side over the same trials with the same
// seed, so trial t of every arm sees the same random numbers; each arm with a reference
// accumulates its exact paired differences against it. The CLI's run and sweep, shards, MPI
// ranks and Python's run and sweep all come here.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/runner.hpp"
#include "results/results.hpp"
#include "scenario/sweep_file.hpp"

namespace contested {

// What a run records beside its arms' results.
struct RunRecord {
  std::string scenario_text;  // the base scenario as read (each arm's own text is its own)
  std::string sweep_text;     // the sweep file; empty for a run
  std::string reference;      // the reference posture's id; empty for a run
  RankBy rank_by;
};

// Saving a long sweep as it goes, and continuing a killed one.
struct SweepCheckpoint {
  // The partial results: a results file of the trials done so far (a valid block of the
  // sweep, see results/merge.hpp), rewritten atomically after a chunk at most every
  // `every_seconds` (0: after every chunk), and when the sweep is interrupted. Empty: none.
  // Under MPI each rank needs its own.
  std::string path;
  double every_seconds = 60;
  // Continue from `path` when it exists: its trials are not run again, and the results equal
  // those of a sweep never interrupted, dataset by dataset. A checkpoint of another sweep
  // (file, seed, trials, block, engine version) is refused (std::invalid_argument).
  bool resume = false;
  std::function<void(uint64_t trials)> resumed;  // told how many trials the checkpoint held
};

// What every results file records of its run: the engine, seed, the block of trials it
// holds of the run's options.trials, the shard, days, backend and device (with the ranks
// that shared it), the time, and the scenario: `text` as run (its digest), name, file and
// posture.
class Backend;
Provenance run_provenance(const RunOptions& options, const TrialRange& block,
                          const Scenario& scenario, const std::string& text, const Backend& backend,
                          const Communicator* ranks);

// Runs `arms` for options.trials trials with options.seed: the block of trials (first_trial,
// trial_count, shard), ranks, backend, threads, chunk and callbacks come from `options`.
// Progress counts the trials of the block (this rank's share under MPI), all arms together.
// Under MPI only rank 0's results are the whole block's.
SweepResults run_arms(const std::vector<Arm>& arms, const RunOptions& options,
                      const RunRecord& record, const SweepCheckpoint& checkpoint = {});

}  // namespace contested
