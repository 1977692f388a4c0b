// Runs with uncertain inputs (docs/sensitivity.md): trial t runs the scenario with the values
// sample t / trials_per_sample of the inputs drew, each from its own addressed random numbers
// (seed, sample, input), so results do not depend on threads, chunks, shards, ranks or the
// backend, and postures with the same uncertain paths share the draws.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/runner.hpp"
#include "results/results.hpp"
#include "scenario/scenario_yaml.hpp"

namespace contested {

// One value per input: sample `sample` of `matrix`.
std::vector<double> sample_values(const std::vector<UncertainInput>& inputs, uint64_t seed,
                                  InputMatrix matrix, uint64_t sample);

// Runs the block of trials `options` asks for (shards and ranks as run() does). Each sample of
// the inputs loads the scenario once; trials_per_sample > 1 shares one draw among that many
// consecutive trials, for scenarios that load slowly (the outputs' distribution is the same
// mixture, with more spread between repeats). Every sample of the run is loaded first, so that
// histograms are binned alike whatever the block: a sample whose values change what the run
// records (not just the values recorded) is refused. The results record the distributions and
// every sample's values (Results::uncertain).
Results run_uncertain(const UncertainScenario& scenario, const RunOptions& options,
                      uint64_t trials_per_sample = 1);

}  // namespace contested
