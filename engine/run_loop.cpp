// The one run loop: the arms of a run or a sweep side by side over the same trials, with
// exact paired differences against each arm's reference (run_loop.hpp).
#include "engine/run_loop.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <limits>
#include <memory>
#include <stdexcept>

#include "backends/backend.hpp"
#include "engine/record_catalog.hpp"
#include "kernels/limits.hpp"
#include "kernels/record.hpp"
#include "results/results_h5.hpp"
#include "results/sha256.hpp"

namespace contested {
namespace {

namespace fs = std::filesystem;

// ---- running ----------------------------------------------------------------------------

struct RowPair {
  uint32_t mine;
  uint32_t reference;
};

// One run in flight: its scenario's catalog and tally plan, its backend, and the row pairs
// and exact difference sums against its reference run.
struct RunningArm {
  const Arm* run = nullptr;
  std::vector<RecordSeries> catalog;
  TallyPlan plan;
  std::unique_ptr<Backend> backend;
  int reference = -1;
  std::vector<std::pair<size_t, size_t>> paired_series;  // (my series, reference series)
  std::vector<RowPair> pairs;                            // rows of the paired series, in order
  std::vector<int64_t> sum_diff;
  std::vector<uint64_t> sum_sq_diff;
};

// A first day that never came is recorded as 0, and "never" minus "day 12" is no difference
// of days: first-day outcomes are compared by their share of never and their days where they
// came (results/results.hpp), not trial by trial.
void pair_rows(RunningArm& arm, const RunningArm& reference) {
  for (size_t i = 0; i < arm.catalog.size(); ++i) {
    const RecordSeries& mine = arm.catalog[i];
    if (!mine.reported || mine.zero_is_never) continue;
    for (size_t j = 0; j < reference.catalog.size(); ++j) {
      const RecordSeries& theirs = reference.catalog[j];
      if (!theirs.reported || theirs.name != mine.name || theirs.node != mine.node ||
          theirs.outcome != mine.outcome || theirs.rows != mine.rows) {
        continue;
      }
      arm.paired_series.emplace_back(i, j);
      for (uint32_t r = 0; r < mine.rows; ++r)
        arm.pairs.push_back({mine.first_row + r, theirs.first_row + r});
      break;
    }
  }
  arm.sum_diff.assign(arm.pairs.size(), 0);
  arm.sum_sq_diff.assign(arm.pairs.size(), 0);
}

void add_differences(RunningArm& arm, const ChunkRecords& mine, const ChunkRecords& reference,
                     uint32_t count, int threads) {
#pragma omp parallel for schedule(dynamic, 16) num_threads(threads)
  for (int64_t k = 0; k < static_cast<int64_t>(arm.pairs.size()); ++k) {
    const RowPair pair = arm.pairs[k];
    int64_t sum = 0;
    uint64_t sum_sq = 0;
    for (uint32_t t = 0; t < count; ++t) {
      const int64_t d = static_cast<int64_t>(mine.at(t, pair.mine)) -
                        static_cast<int64_t>(reference.at(t, pair.reference));
      const uint64_t magnitude = static_cast<uint64_t>(d < 0 ? -d : d);
      sum += d;
      sum_sq += magnitude * magnitude;
    }
    arm.sum_diff[k] += sum;
    arm.sum_sq_diff[k] += sum_sq;
  }
}

// A checkpoint must be an earlier part of this very block of this sweep.
void check_checkpoint(const SweepResults& prior, const std::string& path, const RunRecord& record,
                      const std::vector<Arm>& runs, const RunOptions& options,
                      const TrialRange& mine) {
  const auto refuse = [&](const std::string& why) {
    throw std::invalid_argument("cannot resume from " + path + ": " + why +
                                "; delete it to start afresh");
  };
  const Provenance& p = prior.provenance;
  if (prior.sweep_text != record.sweep_text) refuse("it is a checkpoint of another sweep file");
  if (p.engine_version != CONTESTED_VERSION) {
    refuse("it was written by contested " + p.engine_version + ", this is " + CONTESTED_VERSION);
  }
  if (p.seed != options.seed) {
    refuse("its seed is " + std::to_string(p.seed) + ", not " + std::to_string(options.seed));
  }
  if (p.total_trials != options.trials) {
    refuse("it is part of a run of " + std::to_string(p.total_trials) + " trials, not " +
           std::to_string(options.trials));
  }
  if (p.first_trial != mine.first || p.trials > mine.count) {
    refuse("it holds trials [" + std::to_string(p.first_trial) + ", " +
           std::to_string(p.first_trial + p.trials) + "), not the start of this block [" +
           std::to_string(mine.first) + ", " + std::to_string(mine.first + mine.count) +
           ") (another --shard, or another number of ranks)");
  }
  if (prior.runs.size() != runs.size()) refuse("it holds other runs");
  for (size_t i = 0; i < runs.size(); ++i) {
    const Results& r = prior.runs[i].results;
    if (r.provenance.posture != runs[i].name ||
        r.provenance.scenario_sha256 != sha256_hex(runs[i].scenario.source_text)) {
      refuse("its run " + r.provenance.posture + " differs from this sweep's " + runs[i].name);
    }
  }
}

// Puts a checkpoint's run (its exact integers) into the arm's accumulators.
void seed_from(RunningArm& arm, const SweepRun& prior, Tally& seed, const std::string& path) {
  for (const RecordSeries& series : arm.catalog) {
    if (!series.reported) continue;
    const Distribution* d = series.outcome ? prior.results.find_outcome(series.name)
                                           : prior.results.find_metric(series.name, series.node);
    const TallyRow& first = arm.plan.rows[series.first_row];
    if (d == nullptr || d->rows != series.rows || d->bins != first.bins) {
      throw std::invalid_argument("cannot resume from " + path + ": its " + series.name +
                                  " is missing or binned differently");
    }
    for (uint32_t r = 0; r < series.rows; ++r) {
      const uint32_t row = series.first_row + r;
      std::copy_n(d->histogram.begin() + static_cast<std::ptrdiff_t>(r) * d->bins, d->bins,
                  seed.histogram.begin() +
                      static_cast<std::ptrdiff_t>(arm.plan.rows[row].histogram_offset));
      seed.sum[row] = d->sum[r];
      seed.sum_sq[row] = d->sum_sq[r];
    }
  }
  size_t at = 0;
  for (const auto& [mine_series, reference_series] : arm.paired_series) {
    const RecordSeries& series = arm.catalog[mine_series];
    const PairedDifference* d = prior.find_comparison(series.name, series.node, series.outcome);
    if (d == nullptr || d->rows != series.rows) {
      throw std::invalid_argument("cannot resume from " + path + ": its comparison of " +
                                  series.name + " is missing");
    }
    std::copy(d->sum_diff.begin(), d->sum_diff.end(),
              arm.sum_diff.begin() + static_cast<std::ptrdiff_t>(at));
    std::copy(d->sum_sq_diff.begin(), d->sum_sq_diff.end(),
              arm.sum_sq_diff.begin() + static_cast<std::ptrdiff_t>(at));
    at += series.rows;
  }
}

}  // namespace

Provenance run_provenance(const RunOptions& options, const TrialRange& block,
                          const Scenario& scenario, const std::string& text, const Backend& backend,
                          const Communicator* ranks) {
  Provenance p;
  p.engine_version = CONTESTED_VERSION;
  p.seed = options.seed;
  p.trials = block.count;
  p.first_trial = block.first;
  p.total_trials = options.trials;
  p.shard = options.shard;
  p.days = scenario.days;
  p.backend = backend.name();
  p.device = ranks_device(backend.device(), ranks);
  p.created_utc = utc_now();
  p.scenario_text = text;
  p.scenario_sha256 = sha256_hex(text);
  p.scenario_name = scenario.name;
  // The file it came from, absolute: files it names by relative path are found from it.
  if (!scenario.source_path.empty() && scenario.source_path.front() != '<') {
    p.scenario_path = fs::absolute(scenario.source_path).lexically_normal().string();
  }
  p.posture = scenario.posture;
  return p;
}

SweepResults run_arms(const std::vector<Arm>& runs, const RunOptions& options,
                      const RunRecord& record, const SweepCheckpoint& checkpoint) {
  if (runs.empty()) throw std::invalid_argument("a run needs at least one arm");
  for (const Arm& arm : runs) {
    if (arm.scenario.uncertain.empty()) continue;
    throw std::invalid_argument(
        "posture " + arm.posture + " gives " + arm.scenario.uncertain.front() +
        (arm.scenario.uncertain.size() > 1
             ? " and " + std::to_string(arm.scenario.uncertain.size() - 1) + " more"
             : std::string()) +
        " a distribution (uncertain:); sweeps and runs of several postures run written "
        "values only: run it alone (contested run, or contested.run with one posture; "
        "docs/sensitivity.md), or give the values in set:");
  }
  if (options.trials == 0 || options.trials > kMaxTrials) {
    throw std::invalid_argument("trials must be between 1 and " + std::to_string(kMaxTrials));
  }
  const TrialRange range = requested_range(options);
  const TrialRange mine = rank_range(range, options.comm);  // all of it on one rank
  RunOptions sized = options;
  sized.trials = mine.count;
  const int threads = options.threads > 0 ? options.threads : omp_get_num_procs();

  std::vector<RunningArm> arms(runs.size());
  for (size_t i = 0; i < runs.size(); ++i) {
    RunningArm& arm = arms[i];
    arm.run = &runs[i];
    arm.catalog = catalog_records(runs[i].scenario);
    check_tally_limits(arm.catalog, options.trials);
    arm.plan = plan_tally(arm.catalog, record_layout(runs[i].scenario.view()).rows());
    if (i > 0) sized.notify = nullptr;  // say "no GPU" once
    arm.backend =
        make_backend(runs[i].scenario, arm.plan, sized, static_cast<uint32_t>(runs.size()));
  }
  for (RunningArm& arm : arms) {
    if (arm.run->reference.empty()) continue;
    for (size_t j = 0; j < runs.size(); ++j) {
      if (runs[j].name == arm.run->reference) arm.reference = static_cast<int>(j);
    }
    if (arm.reference < 0) {
      throw std::invalid_argument("run " + arm.run->name + " is paired with " + arm.run->reference +
                                  ", which the sweep does not run");
    }
    pair_rows(arm, arms[arm.reference]);
  }

  // Resuming: the checkpoint's integers seed the accumulators, and the loop goes on after
  // its last trial. Integer sums do not care where the run was cut.
  std::vector<Tally> seeds;
  for (const RunningArm& arm : arms)
    seeds.emplace_back(arm.plan);
  uint64_t resumed = 0;
  if (checkpoint.resume && !checkpoint.path.empty() && fs::exists(checkpoint.path)) {
    const SweepResults prior = read_sweep_results(checkpoint.path);
    check_checkpoint(prior, checkpoint.path, record, runs, options, mine);
    for (size_t i = 0; i < arms.size(); ++i)
      seed_from(arms[i], prior.runs[i], seeds[i], checkpoint.path);
    resumed = prior.provenance.trials;
  }
  if (checkpoint.resumed) checkpoint.resumed(resumed);

  // The results so far: trials [mine.first, mine.first + done) of this rank, or, with
  // `reduce`, the whole block summed over the ranks onto rank 0.
  const auto collect = [&](uint64_t done, bool reduce) {
    SweepResults out;
    Provenance& p = out.provenance;
    p = run_provenance(options, reduce ? range : TrialRange{mine.first, done},
                       runs.front().scenario, record.scenario_text, *arms.front().backend,
                       reduce ? options.comm : nullptr);
    p.posture.clear();  // each run's own
    out.sweep_text = record.sweep_text;
    out.reference = record.reference;
    out.rank_by = record.rank_by;
    if (out.rank_by.day == 0 && !out.rank_by.outcome) out.rank_by.day = p.days;
    for (size_t i = 0; i < arms.size(); ++i) {
      const RunningArm& arm = arms[i];
      Tally tally = seeds[i];
      arm.backend->add_tally_to(tally);
      std::vector<int64_t> sum_diff = arm.sum_diff;
      std::vector<uint64_t> sum_sq_diff = arm.sum_sq_diff;
      if (reduce) {
        sum_to_root(options.comm, tally.histogram);
        sum_to_root(options.comm, tally.sum);
        sum_to_root(options.comm, tally.sum_sq);
        sum_to_root(options.comm, sum_diff);
        sum_to_root(options.comm, sum_sq_diff);
      }
      Provenance own = p;
      own.posture = arm.run->name;
      own.scenario_text = arm.run->scenario.source_text;
      own.scenario_sha256 = sha256_hex(own.scenario_text);
      SweepRun run;
      run.posture = arm.run->posture;
      run.grid = arm.run->grid;
      run.reference = arm.run->reference;
      run.results = assemble_results(arm.catalog, arm.plan, tally, own);
      size_t at = 0;
      for (const auto& [mine_series, reference_series] : arm.paired_series) {
        const RecordSeries& series = arm.catalog[mine_series];
        PairedDifference d;
        d.name = series.name;
        d.node = series.node;
        d.outcome = series.outcome;
        d.rows = series.rows;
        d.trials = p.trials;
        d.sum_diff.assign(sum_diff.begin() + at, sum_diff.begin() + at + series.rows);
        d.sum_sq_diff.assign(sum_sq_diff.begin() + at, sum_sq_diff.begin() + at + series.rows);
        at += series.rows;
        run.comparison.push_back(std::move(d));
      }
      out.runs.push_back(std::move(run));
    }
    return out;
  };

  using Clock = std::chrono::steady_clock;
  Clock::time_point saved = Clock::now();
  uint64_t saved_done = resumed;
  const auto save = [&](uint64_t done) {
    if (checkpoint.path.empty() || done == saved_done || done == 0) return;
    write_sweep_results(checkpoint.path, collect(done, false), Existing::replace);
    saved = Clock::now();
    saved_done = done;
  };

  uint64_t chunk = std::numeric_limits<uint64_t>::max();
  for (const RunningArm& arm : arms)
    chunk = std::min<uint64_t>(chunk, arm.backend->chunk_trials());
  for (uint64_t done = resumed; done < mine.count; done += chunk) {
    if (options.stop_requested && options.stop_requested()) {
      save(done);  // what is done is kept: --resume goes on from here
      throw RunInterrupted();
    }
    const auto count = static_cast<uint32_t>(std::min<uint64_t>(chunk, mine.count - done));
    for (RunningArm& arm : arms)
      arm.backend->run_chunk(mine.first + done, count);
    for (RunningArm& arm : arms) {
      if (arm.reference < 0) continue;
      add_differences(arm, arm.backend->chunk_records(),
                      arms[arm.reference].backend->chunk_records(), count, threads);
    }
    if (options.progress) options.progress(done + count, mine.count);
    const std::chrono::duration<double> since = Clock::now() - saved;
    if (done + count < mine.count && since.count() >= checkpoint.every_seconds) save(done + count);
  }
  return collect(mine.count, true);
}

}  // namespace contested
