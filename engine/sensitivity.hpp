// Variance-based sensitivity (docs/sensitivity.md): which uncertain inputs drive an output.
// A Saltelli design of N rows (matrices A and B of input values, each drawn from its input's
// addressed random numbers, and for each input i the matrix A with column i from B) is run on
// the engine: every design point is the scenario loaded with that row's values and run for the
// same trials, so points differ only by their inputs (common random numbers). An output's
// value at a point is its mean over the point's trials; the indices follow from those values
// (results/sobol.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/runner.hpp"
#include "results/sensitivity.hpp"
#include "scenario/scenario_yaml.hpp"

namespace contested {

// An output: a per-trial outcome by name ("aircraft_lost_ground", "aircraft_lost_ground_kadena",
// also "aircraft_lost_ground_kadena@kadena"), or a daily metric on a day, theatre-wide
// ("sorties:7") or at a node ("interceptors_remaining@kadena:7"); a metric without a day is
// read on the campaign's last day. A first day that never came counts
// as days + 1 (the output is then a day censored at the campaign's end).
struct SensitivityOutput {
  std::string name;
  std::string node;  // empty: theatre-wide, or an outcome
  uint32_t day = 0;  // daily metrics; 0: the last day
  std::string text;  // as given
};

// Reads "name", "name:day", "name@node" or "name@node:day"; std::invalid_argument if malformed.
SensitivityOutput parse_output(const std::string& text);

struct SensitivityOptions {
  uint64_t rows = 64;               // N
  std::vector<std::string> inputs;  // paths of the posture's uncertain inputs to vary; empty: all
  uint32_t resamples = 1000;        // bootstrap resamples of the intervals
};

// Runs the design: rows * (inputs + 2) points of options.trials trials each (trials [0,
// trials) at every point, seed options.seed), on the backend `run` asks for. Inputs not varied
// keep the values the scenario writes. Outputs are checked against what the scenario records
// before anything runs (std::invalid_argument listing what there is). Progress counts trials
// over all points.
SensitivityResults run_sensitivity(const UncertainScenario& scenario,
                                   const std::vector<SensitivityOutput>& outputs,
                                   const RunOptions& run, const SensitivityOptions& options);

}  // namespace contested
