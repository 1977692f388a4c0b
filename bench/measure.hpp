// The timed cases of the benchmark table: a whole run as a user sees it (load, simulate,
// write HDF5), the campaign kernel alone, and the memory a backend holds for a run.
#pragma once

#include <cstdint>
#include <string>

#include "results/results.hpp"
#include "scenario/scenario.hpp"

namespace contested::bench {

struct Setup {
  std::string backend;  // cpu | cuda
  int threads = 0;      // CPU threads; 0 = all cores
  uint64_t seed = 1;
};

struct EndToEnd {
  double seconds = 0;  // load_scenario_file + run + write_results
  uint64_t file_bytes = 0;
  Results results;
};

// Loads `path`, runs `trials` trials for `days` days and writes the results to `out` (then
// removes it).
EndToEnd end_to_end(const std::string& path, uint32_t days, uint64_t trials, const Setup& setup,
                    const std::string& out);

struct KernelRun {
  double seconds = 0;   // the backend's chunks only: no setup, no results, no file
  uint64_t trials = 0;  // run; fewer than asked when stopped at the time limit
  uint32_t days = 0;
  double missiles = 0;  // launched over the trials run, all days
  bool stopped = false;
};

// Runs trials [0, trials) of `scenario` chunk by chunk on a backend built beforehand, in
// chunks of `chunk` trials (0: the backend's own), stopping after the chunk that passes
// `max_seconds` (0: no limit).
KernelRun campaign_kernel(const Scenario& scenario, uint64_t trials, const Setup& setup,
                          uint32_t chunk = 0, double max_seconds = 0);

// Host bytes (CPU) or device bytes (CUDA) that a backend built for a run of `trials` trials
// holds: allocated or in-use memory after building it, less before.
uint64_t backend_memory(const Scenario& scenario, uint64_t trials, const Setup& setup);

// Missiles launched over all trials and days of `r`.
double missiles_launched(const Results& r);

// Distributions whose histograms or sums differ between `a` and `b` (0: bit-identical).
uint32_t differing_distributions(const Results& a, const Results& b);

}  // namespace contested::bench
