// The parts of the benchmark table, each adding its rows for every backend asked for:
// end to end, campaign kernel, Philox draws and the random-number-only limit, the NumPy
// peer, scaling, and the CPU == GPU check. Later parts use what earlier ones measured.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "bench/measure.hpp"
#include "bench/table.hpp"
#include "results/results.hpp"
#include "scenario/scenario.hpp"

namespace contested::bench {

struct Config {
  std::string scenario;  // the baseline theatre
  uint32_t days = 30;
  std::vector<uint64_t> trials;  // end-to-end sizes, ascending
  std::vector<std::string> backends;
  int threads = 0;
  uint64_t seed = 1;
  double max_seconds = 60;      // skip a case whose extrapolated time is longer
  uint64_t scaling_trials = 0;  // 0: per backend (kDefaultScalingTrials)
  uint64_t count_trials = 200;
  uint64_t peer_trials = 1000000;
  bool peer = true;
  std::string python = "python3";
  std::string peer_script;
  std::string peer_scenario;
  std::string draw_count_program;
  std::string out_dir;
};

struct Bench {
  Config config;
  Table table;
  Scenario theatre;  // the baseline, days applied
  // End-to-end sizes run and their seconds, per backend.
  std::map<std::string, std::vector<std::pair<uint64_t, double>>> ran;
  std::map<std::string, Results> first_results;     // of the smallest end-to-end run
  std::map<std::string, KernelRun> largest_kernel;  // per backend
  std::vector<std::string> failures;                // checks that failed, for the exit status

  explicit Bench(Config c);
  Setup setup(const std::string& backend) const;
  // Why a backend cannot run here ("" when it can).
  static std::string unavailable(const std::string& backend);
};

void startup_part(Bench& b);
void end_to_end_part(Bench& b);
void kernel_part(Bench& b);
void limit_part(Bench& b);  // counts the draws first
void peer_part(Bench& b);
void scaling_part(Bench& b);
void check_part(Bench& b);

}  // namespace contested::bench
