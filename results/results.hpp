// Results of a run: exact integer histograms and sums per metric, with provenance.
// Floating point appears only in the derived statistics below.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "results/rank_by.hpp"

namespace contested {

// The newest layout this build writes and reads. Format 2: first-day outcomes carry
// `zero_is_never`, every distribution `units` and `long_name`, and the campaign total of
// shipments lost is the outcome `shipments_lost_total` (format 1 files are read as such).
inline constexpr uint32_t kResultsFormatVersion = 2;

// The quantile probabilities stored with every distribution.
inline constexpr double kQuantileProbabilities[] = {0.05, 0.25, 0.50, 0.75, 0.95};

// One metric's distribution: `rows` rows (days + 1 for a daily metric, 1 for a per-trial
// outcome), each an exact histogram over `bins` bins of width `bin_width` starting at
// `bin_lo`, with the exact sum and sum of squares of the per-trial values.
struct Distribution {
  std::string name;  // e.g. "sorties", "strip_usable_fighter", "days_strip_denied_fighter_kadena"
  std::string node;  // node id, or empty for theatre-wide and outcomes
  uint32_t rows = 0;
  uint32_t bins = 0;
  int64_t bin_lo = 0;
  uint32_t bin_width = 1;
  std::vector<uint64_t> histogram;  // [rows * bins]
  std::vector<uint64_t> sum;        // [rows]
  std::vector<uint64_t> sum_sq;     // [rows]
  // The value 0 stands for "never" (the first day something happened, 0 if it never did):
  // the statistics below are then over the trials where it happened, and never() counts the
  // others. Such distributions have width-1 bins from 0.
  bool zero_is_never = false;

  uint64_t trials(uint32_t row) const;   // sum of the row's histogram
  uint64_t never(uint32_t row) const;    // trials at 0 where that means never; else 0
  uint64_t counted(uint32_t row) const;  // the trials the statistics are over
  double p_never(uint32_t row) const;    // never / trials
  double mean(uint32_t row) const;
  double stddev(uint32_t row) const;  // population standard deviation across trials
  // Smallest value v with P(X <= v) >= p; exact when bin_width == 1, else interpolated
  // linearly inside the bin.
  double quantile(uint32_t row, double p) const;
};

// The date and time now, UTC, ISO 8601 ("2025-01-01T12:00:00Z"), for provenance.
std::string utc_now();

struct Provenance {
  std::string format = "contested-results";
  uint32_t format_version = kResultsFormatVersion;
  std::string engine_version;
  uint64_t seed = 0;
  uint64_t trials = 0;  // trials in this file: every row's histogram adds up to it
  // A shard (or a rank's block) holds trials [first_trial, first_trial + trials) of a run of
  // total_trials; a whole run has first_trial 0 and total_trials == trials.
  uint64_t first_trial = 0;
  uint64_t total_trials = 0;
  std::string shard;  // "i/n" for a shard written by --shard i/n, else empty
  uint32_t days = 0;
  std::string backend;  // "cpu" or "cuda"
  std::string device;   // CPU model and threads, or GPU name
  std::string created_utc;
  std::string scenario_sha256;
  std::string scenario_text;
  // The scenario file run, absolute; empty for a scenario given as text. The files the
  // scenario names by relative path (parking spots) are found from it.
  std::string scenario_path;
  std::string scenario_name;
  std::string posture = "baseline";
};

// A run with uncertain inputs (docs/sensitivity.md): what was uncertain and what each sample
// of the inputs drew. No paths: every trial ran the scenario as written.
struct UncertainRecord {
  std::vector<std::string> paths;          // as in the posture's uncertain:
  std::vector<std::string> distributions;  // each as YAML flow text
  std::vector<double> point;               // the values the scenario writes
  uint64_t trials_per_sample = 0;          // trial t ran sample t / trials_per_sample
  std::vector<double> values;              // [sample * paths.size() + input], the whole run's
  bool operator==(const UncertainRecord&) const = default;
};

struct Results {
  Provenance provenance;
  UncertainRecord uncertain;
  std::vector<Distribution> metrics;   // daily: theatre-wide (node empty) then per node
  std::vector<Distribution> outcomes;  // one row each

  const Distribution* find_metric(const std::string& name, const std::string& node = {}) const;
  const Distribution* find_outcome(const std::string& name) const;
  std::vector<std::string> nodes() const;  // node ids with per-node metrics, in order
};

// ---- sweeps: several postures over the same trials (docs/sweeps.md) -----------------------

// The two-sided 95 % normal quantile used for every confidence interval.
inline constexpr double kConfidence = 0.95;
inline constexpr double kConfidenceZ = 1.959963984540054;

// One distribution of a posture against the same distribution of the reference posture,
// trial by trial: with common random numbers trial t of both saw the same draws, so the
// per-trial differences d = value - reference value vary far less than either value. Exact
// integer sums of d and d^2 per row, so they add up across chunks, shards and ranks like the
// histograms do.
struct PairedDifference {
  std::string name;
  std::string node;  // empty for theatre-wide and outcomes
  bool outcome = false;
  uint32_t rows = 0;
  uint64_t trials = 0;                // pairs in every row
  std::vector<int64_t> sum_diff;      // [rows] sum of d
  std::vector<uint64_t> sum_sq_diff;  // [rows] sum of d^2

  double mean_diff(uint32_t row) const;
  // Standard error of mean_diff: the sample standard deviation of d over sqrt(trials).
  double se_paired(uint32_t row) const;
  // mean_diff -/+ kConfidenceZ * se_paired (normal approximation; trials are many).
  double ci_low(uint32_t row) const;
  double ci_high(uint32_t row) const;
};

// The standard error of the difference of the two means had the samples been independent,
// sqrt(s_a^2 / n_a + s_b^2 / n_b) with sample variances: what pairing is compared against.
double se_unpaired(const Distribution& a, const Distribution& b, uint32_t row);

// One run of a sweep: a posture, at one point of the grid when the sweep has one.
struct SweepRun {
  std::string posture;    // the posture's id
  std::string grid;       // the grid point, "path=value, path=value"; empty without a grid
  std::string reference;  // the run it is paired with; empty for a reference run
  Results results;        // results.provenance.posture is the run's name (unique in the sweep)
  std::vector<PairedDifference> comparison;  // against `reference`; empty for a reference run

  const std::string& name() const { return results.provenance.posture; }
  const PairedDifference* find_comparison(const std::string& name, const std::string& node,
                                          bool outcome) const;
};

struct SweepResults {
  // Common to every run: seed, trials (and the block of them), days, engine, backend; the
  // base scenario's text and sha256. `posture` is unused.
  Provenance provenance;
  std::string sweep_text;  // the sweep file, as read
  std::string reference;   // the reference posture's id
  RankBy rank_by;
  std::vector<SweepRun> runs;

  const SweepRun* find_run(const std::string& name) const;
};

// Runs made apart (one scenario, seed, trials and days; std::invalid_argument otherwise) as the
// runs of one file, unpaired: the layout of a sweep's file with no reference.
SweepResults unpaired_runs(const std::vector<Results>& runs);

}  // namespace contested
