// Sweeps (docs/sweeps.md): several postures of one scenario, optionally at every point of a
// grid of `set:` values, run over the same trials with the same seed, so that trial t of
// every run sees the same random numbers. Each run is paired with its reference run (the
// reference posture at the same grid point): the per-trial differences of every metric and
// outcome are summed exactly, giving the paired mean difference, its standard error and a
// 95 % confidence interval, next to the unpaired standard error for comparison.
//
// A sweep file (YAML; errors name file, line and key like a scenario's):
//
//   scenario: ../examples/sustainment.yaml   # relative to the sweep file
//   trials: 2000
//   seed: 7
//   postures:
//     - baseline                          # an id of the scenario's postures (or baseline)
//     - hardened
//     - ../postures/federated.yaml        # a posture file, relative to the sweep file
//     - {id: dispersed, flags: [rsf_japan], set: {"nodes.airbase.shelters": 96}}  # inline
//   reference: baseline                   # default: the first posture
//   grid:                                 # optional: set paths → lists of values
//     mode: cartesian                     # or zip (the lists pair up entry by entry)
//     "nodes.airbase.runways[0].repair_crews": [1, 2]
//   rank_by: {outcome: aircraft_lost_ground, better: lower}   # or {metric: sorties,
//                                         # node: airbase, day: 7, better: higher}
//
// A run is named after its posture, and with a grid `posture+path=value+path=value`.
#pragma once

#include <vector>

#include "engine/run_loop.hpp"
#include "results/results.hpp"
#include "scenario/sweep_file.hpp"

namespace contested {

// The sweep's arms (scenario/sweep_file.hpp's plan_arms), checked against what they report:
// rank_by must name a metric or outcome the runs have, and a day within the campaign.
std::vector<Arm> plan_sweep(const SweepSpec& spec);

// Runs the sweep's arms: spec.trials trials with spec.seed (options.trials and options.seed
// are ignored); options gives the backend, threads, chunk, block of trials (first_trial,
// trial_count, shard), ranks and callbacks (engine/run_loop.hpp).
SweepResults sweep(const SweepSpec& spec, const std::vector<Arm>& arms, const RunOptions& options,
                   const SweepCheckpoint& checkpoint = {});
SweepResults sweep(const SweepSpec& spec, const RunOptions& options);

}  // namespace contested
