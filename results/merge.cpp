#include "results/merge.hpp"

#include <algorithm>
#include <filesystem>
#include <numeric>
#include <stdexcept>

#include "results/results_h5.hpp"

namespace contested {
namespace {

// "[a, b)". Built by appending: GCC 12 warns falsely (-Wrestrict) on "[" + std::to_string(...).
std::string interval(uint64_t a, uint64_t b) {
  std::string out = "[";
  out.append(std::to_string(a));
  out.append(", ");
  out.append(std::to_string(b));
  out.append(")");
  return out;
}

std::string range_text(const Provenance& p) {
  return "trials " + interval(p.first_trial, p.first_trial + p.trials);
}

[[noreturn]] void refuse(const std::string& a, const std::string& b, const std::string& why) {
  throw std::invalid_argument("cannot merge " + a + " and " + b + ": " + why);
}

// The inputs must be blocks of one run: same engine, scenario, seed, days, posture, length.
void check_same_run(const Results& a, const std::string& la, const Results& b,
                    const std::string& lb) {
  const Provenance& p = a.provenance;
  const Provenance& q = b.provenance;
  const auto differ = [&](const std::string& what, const std::string& x, const std::string& y) {
    if (x != y) refuse(la, lb, "they come from different " + what + " (" + x + " vs " + y + ")");
  };
  differ("engine versions", p.engine_version, q.engine_version);
  differ("scenarios (scenario_sha256)", p.scenario_sha256, q.scenario_sha256);
  differ("seeds", std::to_string(p.seed), std::to_string(q.seed));
  differ("campaign lengths (days)", std::to_string(p.days), std::to_string(q.days));
  differ("postures", p.posture, q.posture);
  differ("run lengths (total_trials)", std::to_string(p.total_trials),
         std::to_string(q.total_trials));
  if (a.uncertain != b.uncertain) refuse(la, lb, "they sampled different uncertain inputs");
}

void check_same_layout(const std::vector<Distribution>& x, const std::vector<Distribution>& y,
                       const std::string& la, const std::string& lb) {
  if (x.size() != y.size()) {
    refuse(la, lb,
           "they hold different metrics (" + std::to_string(x.size()) + " vs " +
               std::to_string(y.size()) + ")");
  }
  for (size_t i = 0; i < x.size(); ++i) {
    const Distribution& d = x[i];
    const Distribution& e = y[i];
    if (d.name != e.name || d.node != e.node || d.rows != e.rows || d.bins != e.bins ||
        d.bin_lo != e.bin_lo || d.bin_width != e.bin_width) {
      refuse(la, lb,
             "metric " + d.name + (d.node.empty() ? "" : " at " + d.node) +
                 " is binned differently (or named " + e.name + ")");
    }
  }
}

uint64_t checked_add(uint64_t a, uint64_t b, const std::string& what) {
  uint64_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) {
    throw std::length_error("merging overflows the exact 64-bit " + what);
  }
  return out;
}

void add_into(std::vector<Distribution>& into, const std::vector<Distribution>& from) {
  for (size_t i = 0; i < into.size(); ++i) {
    Distribution& d = into[i];
    const Distribution& e = from[i];
    const std::string what = "sums of " + d.name;
    for (size_t k = 0; k < d.histogram.size(); ++k)
      d.histogram[k] = checked_add(d.histogram[k], e.histogram[k], "histogram of " + d.name);
    for (size_t r = 0; r < d.sum.size(); ++r) {
      d.sum[r] = checked_add(d.sum[r], e.sum[r], what);
      d.sum_sq[r] = checked_add(d.sum_sq[r], e.sum_sq[r], what);
    }
  }
}

// "cpu" when all agree, else the distinct values joined in input order.
std::string joined(const std::vector<const Results*>& parts, std::string Provenance::*field,
                   const std::string& separator) {
  std::vector<std::string> seen;
  for (const Results* r : parts) {
    const std::string& v = r->provenance.*field;
    if (std::find(seen.begin(), seen.end(), v) == seen.end()) seen.push_back(v);
  }
  std::string out = seen.front();
  for (size_t i = 1; i < seen.size(); ++i) {
    out.append(separator);
    out.append(seen[i]);
  }
  return out;
}

}  // namespace

Results merge_results(const std::vector<Results>& parts, const std::vector<std::string>& labels,
                      const MergeOptions& options) {
  if (parts.empty()) throw std::invalid_argument("merge: no inputs");
  if (labels.size() != parts.size()) throw std::invalid_argument("merge: one label per input");
  for (size_t i = 1; i < parts.size(); ++i) {
    check_same_run(parts[0], labels[0], parts[i], labels[i]);
    check_same_layout(parts[0].metrics, parts[i].metrics, labels[0], labels[i]);
    check_same_layout(parts[0].outcomes, parts[i].outcomes, labels[0], labels[i]);
  }

  // Blocks in trial order must tile the run: no overlap, and no gap unless partial.
  std::vector<size_t> order(parts.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return parts[a].provenance.first_trial < parts[b].provenance.first_trial;
  });
  const uint64_t total = parts[0].provenance.total_trials;
  for (size_t k = 1; k < order.size(); ++k) {
    const Provenance& prev = parts[order[k - 1]].provenance;
    const Provenance& next = parts[order[k]].provenance;
    const uint64_t prev_end = prev.first_trial + prev.trials;
    if (next.first_trial < prev_end) {
      refuse(labels[order[k - 1]], labels[order[k]],
             "their trials overlap (" + range_text(prev) + " and " + range_text(next) +
                 "); each trial must come from one input");
    }
    if (next.first_trial > prev_end && !options.allow_partial) {
      throw std::invalid_argument("cannot merge: trials " + interval(prev_end, next.first_trial) +
                                  " of the run's " + std::to_string(total) +
                                  " are in no input (between " + labels[order[k - 1]] + " and " +
                                  labels[order[k]] + "); pass every shard, or --partial");
    }
    if (next.first_trial > prev_end) {
      throw std::invalid_argument("cannot merge " + labels[order[k - 1]] + " and " +
                                  labels[order[k]] + ": trials " +
                                  interval(prev_end, next.first_trial) +
                                  " between them are in no input; a partial merge must be "
                                  "one contiguous block");
    }
  }
  const Provenance& first = parts[order.front()].provenance;
  const Provenance& last = parts[order.back()].provenance;
  const uint64_t end = last.first_trial + last.trials;
  if (!options.allow_partial && (first.first_trial != 0 || end != total)) {
    const std::string missing =
        first.first_trial != 0 ? interval(0, first.first_trial) : interval(end, total);
    throw std::invalid_argument(
        "cannot merge: trials " + missing + " of the run's " + std::to_string(total) +
        " are in no input (" + std::to_string(parts.size()) + " given: " + labels[order.front()] +
        " ... " + labels[order.back()] + "); pass every shard, or --partial");
  }

  Results merged = parts[order.front()];
  std::vector<const Results*> all{&merged};
  for (size_t k = 1; k < order.size(); ++k) {
    const Results& r = parts[order[k]];
    add_into(merged.metrics, r.metrics);
    add_into(merged.outcomes, r.outcomes);
    all.push_back(&r);
  }
  Provenance& p = merged.provenance;
  p.trials = end - first.first_trial;
  p.first_trial = first.first_trial;
  p.shard.clear();
  p.backend = joined(all, &Provenance::backend, "+");
  p.device = joined(all, &Provenance::device, "; ");
  p.created_utc = utc_now();
  return merged;
}

SweepResults merge_sweeps(const std::vector<SweepResults>& parts,
                          const std::vector<std::string>& labels, const MergeOptions& options) {
  if (parts.empty()) throw std::invalid_argument("merge: no inputs");
  if (labels.size() != parts.size()) throw std::invalid_argument("merge: one label per input");
  const SweepResults& first = parts[0];
  for (size_t i = 1; i < parts.size(); ++i) {
    const SweepResults& other = parts[i];
    if (other.sweep_text != first.sweep_text) {
      refuse(labels[0], labels[i], "they come from different sweep files");
    }
    if (other.reference != first.reference || other.runs.size() != first.runs.size()) {
      refuse(labels[0], labels[i], "they hold different runs");
    }
    for (size_t k = 0; k < first.runs.size(); ++k) {
      const SweepRun& a = first.runs[k];
      const SweepRun& b = other.runs[k];
      if (a.name() != b.name() || a.reference != b.reference ||
          a.comparison.size() != b.comparison.size()) {
        refuse(labels[0], labels[i],
               "they hold different runs (" + a.name() + ", " + b.name() + ")");
      }
      for (size_t c = 0; c < a.comparison.size(); ++c) {
        const PairedDifference& x = a.comparison[c];
        const PairedDifference& y = b.comparison[c];
        if (x.name != y.name || x.node != y.node || x.outcome != y.outcome || x.rows != y.rows) {
          refuse(labels[0], labels[i], "run " + a.name() + " compares different metrics");
        }
      }
    }
  }
  // The common provenance (and the trial blocks) merge as a run without metrics would.
  std::vector<Results> roots;
  for (const SweepResults& part : parts) {
    Results root;
    root.provenance = part.provenance;
    roots.push_back(std::move(root));
  }
  SweepResults merged = first;
  merged.provenance = merge_results(roots, labels, options).provenance;
  for (size_t k = 0; k < first.runs.size(); ++k) {
    std::vector<Results> runs;
    for (const SweepResults& part : parts)
      runs.push_back(part.runs[k].results);
    SweepRun& run = merged.runs[k];
    run.results = merge_results(runs, labels, options);
    run.results.provenance.created_utc = merged.provenance.created_utc;
    for (size_t c = 0; c < run.comparison.size(); ++c) {
      PairedDifference& d = run.comparison[c];
      d.trials = merged.provenance.trials;
      for (size_t i = 1; i < parts.size(); ++i) {
        const PairedDifference& e = parts[i].runs[k].comparison[c];
        for (uint32_t r = 0; r < d.rows; ++r) {
          if (__builtin_add_overflow(d.sum_diff[r], e.sum_diff[r], &d.sum_diff[r])) {
            throw std::length_error("merging overflows the exact sum of differences of " + d.name);
          }
          d.sum_sq_diff[r] = checked_add(d.sum_sq_diff[r], e.sum_sq_diff[r],
                                         "sum of squared differences of " + d.name);
        }
      }
    }
  }
  return merged;
}

Provenance merge_files(const std::string& out, const std::vector<std::string>& inputs,
                       Existing existing, const MergeOptions& options) {
  std::error_code ec;
  for (const std::string& input : inputs) {
    if (std::filesystem::equivalent(input, out, ec)) {
      throw std::invalid_argument("merge: the output " + out + " is also an input");
    }
  }
  check_output_path(out, existing);
  std::vector<SweepResults> parts;
  for (const std::string& input : inputs)
    parts.push_back(read_sweep_results(input));
  const auto is_sweep = [](const SweepResults& s) { return !s.reference.empty(); };
  for (size_t i = 1; i < parts.size(); ++i) {
    if (is_sweep(parts[i]) != is_sweep(parts[0])) {
      refuse(inputs[0], inputs[i], "one is a sweep's results and the other a single run's");
    }
  }
  if (is_sweep(parts[0])) {
    const SweepResults merged = merge_sweeps(parts, inputs, options);
    write_sweep_results(out, merged, existing);
    return merged.provenance;
  }
  std::vector<Results> runs;
  for (SweepResults& part : parts)
    runs.push_back(std::move(part.runs.at(0).results));
  const Results merged = merge_results(runs, inputs, options);
  write_results(out, merged, existing);
  return merged.provenance;
}

}  // namespace contested
