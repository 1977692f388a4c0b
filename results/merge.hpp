// Merging the results of blocks of one run: shards written by `contested run --shard i/n`
// (or any trial ranges of the same run). Histograms, sums and sums of squares are integers,
// so the merge adds them exactly and in any order: the merged results equal, dataset by
// dataset, those of the run done in one piece (docs/design.md, section 5; docs/cluster.md).
// Means, standard deviations and quantiles are derived from the merged integers when the
// file is written.
#pragma once

#include <string>
#include <vector>

#include "results/results.hpp"
#include "results/results_h5.hpp"

namespace contested {

struct MergeOptions {
  // Accept blocks that cover only part of the run (they must still be contiguous): the
  // result is itself a block, to be merged with the rest later.
  bool allow_partial = false;
};

// Adds up `parts`, named by `labels` (file names) in messages. Throws std::invalid_argument,
// naming the two inputs that disagree, when they come from different engine versions,
// scenarios (scenario_sha256), seeds, day counts, postures or run lengths, hold different
// metrics, overlap in trials, or (unless allow_partial) leave trials of the run uncovered.
Results merge_results(const std::vector<Results>& parts, const std::vector<std::string>& labels,
                      const MergeOptions& options = {});

// The same for a sweep's results (shards of `contested sweep --shard i/n`): every run's
// distributions and the exact sums of its paired differences; refuses also inputs from
// different sweep files or with different runs.
SweepResults merge_sweeps(const std::vector<SweepResults>& parts,
                          const std::vector<std::string>& labels, const MergeOptions& options = {});

// Reads `inputs` (all single runs, or all sweeps), merges them and writes `out` (written to a
// temporary file renamed into place); returns the merged provenance. Refuses an `out` that is
// also an input, or (Existing::refuse) one that exists, before reading anything.
Provenance merge_files(const std::string& out, const std::vector<std::string>& inputs,
                       Existing existing, const MergeOptions& options = {});

}  // namespace contested
