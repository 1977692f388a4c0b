// The results file's layout (docs/results.md): which groups, datasets and attributes hold
// a Results or a SweepResults, and how they are read back. HDF5 is reached through the
// wrapper in h5_file.hpp; the file is put in place by atomic_file.hpp.
#include "results/results_h5.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <span>
#include <stdexcept>
#include <utility>
#include <vector>

#include "results/h5_file.hpp"
#include "results/measure.hpp"

namespace contested {

using namespace h5;

namespace {

constexpr char kFormatName[] = "contested-results";
constexpr size_t kQuantileCount = std::size(kQuantileProbabilities);

// Format 2 renamed the campaign total of shipments lost, which shared the daily metric's name.
std::string current_outcome_name(const std::string& name) {
  return name == "shipments_lost" ? "shipments_lost_total" : name;
}

void write_provenance(hid_t file, const Provenance& p) {
  // The format name and version describe this writer's layout, not the caller's data.
  write_attr(file, "format", std::string(kFormatName));
  write_attr(file, "format_version", kResultsFormatVersion);
  write_attr(file, "engine_version", p.engine_version);
  write_attr(file, "seed", p.seed);
  write_attr(file, "trials", p.trials);
  // The block of the run this file holds (a shard's, or the whole run's).
  write_attr(file, "first_trial", p.first_trial);
  write_attr(file, "total_trials", p.total_trials == 0 ? p.trials : p.total_trials);
  write_attr(file, "shard", p.shard);
  write_attr(file, "days", p.days);
  write_attr(file, "backend", p.backend);
  write_attr(file, "device", p.device);
  write_attr(file, "created_utc", p.created_utc);
  write_attr(file, "scenario_sha256", p.scenario_sha256);
  write_attr(file, "scenario_name", p.scenario_name);
  write_attr(file, "scenario_path", p.scenario_path);
  write_dataset(file, "scenario", p.scenario_text);
}

void check_shape(const Distribution& d) {
  const auto expect = [&](const char* field, size_t actual, size_t wanted) {
    if (actual != wanted) {
      throw std::runtime_error("distribution " + d.name + (d.node.empty() ? "" : "@" + d.node) +
                               ": " + field + " has " + std::to_string(actual) +
                               " values, expected " + std::to_string(wanted));
    }
  };
  expect("histogram", d.histogram.size(), size_t{d.rows} * d.bins);
  expect("sum", d.sum.size(), d.rows);
  expect("sum_sq", d.sum_sq.size(), d.rows);
}

// One distribution as a group of datasets. A one-row outcome drops the row dimension
// (histogram [bins], scalar mean/std/sum/sum_sq, quantiles [5]).
void write_distribution(hid_t parent, const Distribution& d, int64_t order, bool drop_row) {
  check_shape(d);
  Handle group = create_group(parent, d.name);
  write_attr(group, "order", order);  // the position in Results, restored on reading
  if (!d.node.empty()) write_attr(group, "node", d.node);
  // 0 means "never": mean, std and quantiles are over the trials where it happened.
  if (d.zero_is_never) write_attr(group, "zero_is_never", uint32_t{1});
  const Measure measure = describe_measure(d.name, drop_row, !d.node.empty());
  write_attr(group, "units", measure.unit);
  write_attr(group, "long_name", measure.long_name);

  const Dims rows = drop_row ? Dims{} : Dims{d.rows};
  const auto with_row = [&](hsize_t inner) { return drop_row ? Dims{inner} : Dims{d.rows, inner}; };

  Handle histogram = write_dataset<uint64_t>(group, "histogram", d.histogram, with_row(d.bins));
  write_attr(histogram, "bin_lo", d.bin_lo);
  write_attr(histogram, "bin_width", d.bin_width);

  std::vector<double> mean(d.rows), stddev(d.rows), quantiles;
  for (uint32_t row = 0; row < d.rows; ++row) {
    mean[row] = d.mean(row);
    stddev[row] = d.stddev(row);
    for (double p : kQuantileProbabilities)
      quantiles.push_back(d.quantile(row, p));
  }
  write_dataset<double>(group, "mean", mean, rows);
  write_dataset<double>(group, "std", stddev, rows);
  Handle q = write_dataset<double>(group, "quantiles", quantiles, with_row(kQuantileCount));
  write_attr<double>(q, "probabilities", std::span<const double>(kQuantileProbabilities));
  write_dataset<uint64_t>(group, "sum", d.sum, rows);
  write_dataset<uint64_t>(group, "sum_sq", d.sum_sq, rows);
}

// One posture's group under /postures, returned open for sweeps to add to.
Handle write_posture_group(hid_t postures, const Results& r) {
  Handle posture = create_group(postures, r.provenance.posture);
  Handle metrics = create_group(posture, "metrics");
  Handle nodes = create_group(posture, "nodes");
  for (size_t i = 0; i < r.metrics.size(); ++i) {
    const Distribution& d = r.metrics[i];
    const auto order = static_cast<int64_t>(i);
    if (d.node.empty()) {
      write_distribution(metrics, d, order, false);
    } else {
      write_distribution(open_or_create_group(nodes, d.node), d, order, false);
    }
  }
  Handle outcomes = create_group(posture, "outcomes");
  for (size_t i = 0; i < r.outcomes.size(); ++i) {
    const Distribution& d = r.outcomes[i];
    write_distribution(outcomes, d, static_cast<int64_t>(i), d.rows == 1);
  }
  return posture;
}

void write_posture(hid_t file, const Results& r) {
  Handle postures = create_group(file, "postures");
  write_posture_group(postures, r);
}

// `/uncertain` (docs/results.md): written only for a run with uncertain inputs.
std::string joined_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines)
    out += line + "\n";
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  size_t at = 0;
  for (size_t end; (end = text.find('\n', at)) != std::string::npos; at = end + 1)
    out.push_back(text.substr(at, end - at));
  return out;
}

void write_uncertain(hid_t file, const UncertainRecord& u) {
  if (u.paths.empty()) return;
  Handle group = create_group(file, "uncertain");
  write_attr<uint64_t>(group, "trials_per_sample", u.trials_per_sample);
  write_dataset(group, "paths", joined_lines(u.paths));
  write_dataset(group, "distributions", joined_lines(u.distributions));
  write_dataset<double>(group, "point", u.point, {u.point.size()});
  write_dataset<double>(group, "values", u.values,
                        {u.values.size() / u.paths.size(), u.paths.size()});
}

UncertainRecord read_uncertain(hid_t file) {
  UncertainRecord u;
  if (!link_exists(file, "uncertain")) return u;
  Handle group = open_group(file, "uncertain");
  u.trials_per_sample = read_attr<uint64_t>(group, "trials_per_sample");
  u.paths = split_lines(read_string(Readable(Kind::dataset, group, "paths")));
  u.distributions = split_lines(read_string(Readable(Kind::dataset, group, "distributions")));
  u.point = read_values<double>(Readable(Kind::dataset, group, "point"));
  u.values = read_values<double>(Readable(Kind::dataset, group, "values"));
  return u;
}

void write_sensitivity_group(hid_t file, const SensitivityResults& s) {
  Handle group = create_group(file, "sensitivity");
  write_attr<uint64_t>(group, "rows", s.rows);
  write_attr<uint32_t>(group, "resamples", s.resamples);
  write_attr(group, "posture", s.provenance.posture);  // a results file has it as a group name
  write_dataset(group, "inputs", joined_lines(s.inputs));
  write_dataset(group, "distributions", joined_lines(s.distributions));
  write_dataset(group, "outputs", joined_lines(s.outputs));
  const hsize_t k = s.inputs.size();
  const hsize_t m = s.outputs.size();
  write_dataset<double>(group, "design", s.design, {s.points(), k});
  write_dataset<double>(group, "values", s.values, {s.points(), m});
  std::vector<double> mean;
  std::vector<double> variance;
  for (const SobolIndices& x : s.indices) {
    mean.push_back(x.mean);
    variance.push_back(x.variance);
  }
  write_dataset<double>(group, "mean", mean, {m});
  write_dataset<double>(group, "variance", variance, {m});
  for (const IndexStatistic which : kIndexStatistics)
    write_dataset<double>(group, index_statistic_name(which), index_table(s, which), {m, k});
}

SensitivityResults read_sensitivity_group(hid_t file) {
  SensitivityResults s;
  Handle group = open_group(file, "sensitivity");
  s.rows = read_attr<uint64_t>(group, "rows");
  s.resamples = read_attr<uint32_t>(group, "resamples");
  s.inputs = split_lines(read_string(Readable(Kind::dataset, group, "inputs")));
  s.distributions = split_lines(read_string(Readable(Kind::dataset, group, "distributions")));
  s.outputs = split_lines(read_string(Readable(Kind::dataset, group, "outputs")));
  s.design = read_values<double>(Readable(Kind::dataset, group, "design"));
  s.values = read_values<double>(Readable(Kind::dataset, group, "values"));
  const std::vector<double> mean = read_values<double>(Readable(Kind::dataset, group, "mean"));
  const std::vector<double> variance =
      read_values<double>(Readable(Kind::dataset, group, "variance"));
  const auto table = [&](const char* name) {
    return read_values<double>(Readable(Kind::dataset, group, name));
  };
  const std::vector<double> first = table("first"), first_low = table("first_low"),
                            first_high = table("first_high"), total = table("total"),
                            total_low = table("total_low"), total_high = table("total_high");
  const size_t k = s.inputs.size();
  for (size_t o = 0; o < s.outputs.size(); ++o) {
    SobolIndices x;
    x.mean = mean[o];
    x.variance = variance[o];
    for (size_t i = 0; i < k; ++i) {
      const size_t at = o * k + i;
      x.first.push_back({first[at], first_low[at], first_high[at]});
      x.total.push_back({total[at], total_low[at], total_high[at]});
    }
    s.indices.push_back(std::move(x));
  }
  return s;
}

void check_format(hid_t file) {
  const std::string format =
      attr_exists(file, "format") ? read_attr_string(file, "format") : "<none>";
  if (format != kFormatName) {
    throw std::runtime_error("not a contested results file (format=" + format + ")");
  }
  const auto version = read_attr<uint32_t>(file, "format_version");
  if (version > kResultsFormatVersion) {
    throw std::runtime_error("format_version " + std::to_string(version) +
                             " is newer than this build reads (" +
                             std::to_string(kResultsFormatVersion) + "); update contested");
  }
}

Provenance read_provenance(hid_t file) {
  Provenance p;
  p.format = read_attr_string(file, "format");
  p.format_version = read_attr<uint32_t>(file, "format_version");
  p.engine_version = read_attr_string(file, "engine_version");
  p.seed = read_attr<uint64_t>(file, "seed");
  p.trials = read_attr<uint64_t>(file, "trials");
  // Files from before sharding hold whole runs.
  p.first_trial = attr_exists(file, "first_trial") ? read_attr<uint64_t>(file, "first_trial") : 0;
  p.total_trials =
      attr_exists(file, "total_trials") ? read_attr<uint64_t>(file, "total_trials") : p.trials;
  p.shard = attr_exists(file, "shard") ? read_attr_string(file, "shard") : "";
  p.days = read_attr<uint32_t>(file, "days");
  p.backend = read_attr_string(file, "backend");
  p.device = read_attr_string(file, "device");
  p.created_utc = read_attr_string(file, "created_utc");
  p.scenario_sha256 = read_attr_string(file, "scenario_sha256");
  p.scenario_name = read_attr_string(file, "scenario_name");
  // Files written before the path was kept have none.
  p.scenario_path =
      attr_exists(file, "scenario_path") ? read_attr_string(file, "scenario_path") : "";
  p.scenario_text = read_string(Readable(Kind::dataset, file, "scenario"));
  return p;
}

// A distribution with its position in Results (files without `order` keep name order,
// after the ordered ones).
struct Ordered {
  int64_t order;
  Distribution distribution;
};

Ordered read_distribution(hid_t parent, const std::string& name, const std::string& node,
                          bool outcome) {
  Handle group = open_group(parent, name);
  Distribution d;
  d.name = outcome ? current_outcome_name(name) : name;
  d.node = node.empty() && attr_exists(group, "node") ? read_attr_string(group, "node") : node;

  const Readable histogram(Kind::dataset, group, "histogram");
  Dims dims;
  d.histogram = read_values<uint64_t>(histogram, &dims);
  if (dims.empty() || dims.size() > 2) {
    throw std::runtime_error(histogram.what() + ": expected 1 or 2 dimensions");
  }
  d.rows = dims.size() == 2 ? static_cast<uint32_t>(dims[0]) : 1;
  d.bins = static_cast<uint32_t>(dims.back());
  d.bin_lo = read_attr<int64_t>(histogram.id(), "bin_lo");
  d.bin_width = read_attr<uint32_t>(histogram.id(), "bin_width");
  d.sum = read_values<uint64_t>(Readable(Kind::dataset, group, "sum"));
  d.sum_sq = read_values<uint64_t>(Readable(Kind::dataset, group, "sum_sq"));
  // Format 1 files did not mark first days; their names do.
  d.zero_is_never = attr_exists(group, "zero_is_never")
                        ? read_attr<uint32_t>(group, "zero_is_never") != 0
                        : outcome && describe_measure(d.name, true).first_day;
  check_shape(d);

  const int64_t order = attr_exists(group, "order") ? read_attr<int64_t>(group, "order")
                                                    : std::numeric_limits<int64_t>::max();
  return {order, std::move(d)};
}

// Every distribution under `group` (metrics/, a node's group, or outcomes/).
void read_distributions(hid_t group, const std::string& node, bool outcome,
                        std::vector<Ordered>& out) {
  for (const std::string& name : child_names(group))
    out.push_back(read_distribution(group, name, node, outcome));
}

std::vector<Distribution> in_order(std::vector<Ordered> items) {
  std::stable_sort(items.begin(), items.end(),
                   [](const Ordered& a, const Ordered& b) { return a.order < b.order; });
  std::vector<Distribution> out;
  for (Ordered& item : items)
    out.push_back(std::move(item.distribution));
  return out;
}

void read_posture_group(hid_t posture, Results& r);

void read_posture(hid_t file, Results& r) {
  Handle postures = open_group(file, "postures");
  const std::vector<std::string> names = child_names(postures);
  if (names.size() != 1) {
    throw std::runtime_error("holds " + std::to_string(names.size()) +
                             " postures; read_results reads single-posture runs (a sweep's "
                             "file: read_sweep_results)");
  }
  r.provenance.posture = names[0];
  read_posture_group(open_group(postures, names[0]), r);
}

// The metrics, nodes and outcomes of one posture's group.
void read_posture_group(hid_t posture, Results& r) {
  std::vector<Ordered> metrics;
  if (link_exists(posture, "metrics"))
    read_distributions(open_group(posture, "metrics"), "", false, metrics);
  if (link_exists(posture, "nodes")) {
    Handle nodes = open_group(posture, "nodes");
    for (const std::string& node : child_names(nodes)) {
      read_distributions(open_group(nodes, node), node, false, metrics);
    }
  }
  std::vector<Ordered> outcomes;
  if (link_exists(posture, "outcomes")) {
    read_distributions(open_group(posture, "outcomes"), "", true, outcomes);
  }
  r.metrics = in_order(std::move(metrics));
  r.outcomes = in_order(std::move(outcomes));
}

// ---- sweeps -------------------------------------------------------------------------------
//
// A sweep's file holds one group per run under /postures (in run order: attribute `order`),
// each with the run's own attributes and, for a run paired with a reference, a `comparison`
// group laid out like the posture's own: comparison/metrics/<metric>, comparison/nodes/<node>/
// <metric>, comparison/outcomes/<outcome>, each with mean_diff, ci_low, ci_high, se_paired,
// se_unpaired (double) and the exact sum_diff (int64) and sum_sq_diff (uint64), per row.

constexpr char kSweepKind[] = "sweep";

const Distribution* find_distribution(const Results& r, const PairedDifference& d) {
  return d.outcome ? r.find_outcome(d.name) : r.find_metric(d.name, d.node);
}

void write_difference(hid_t parent, const PairedDifference& d, const Distribution* mine,
                      const Distribution* reference, int64_t order) {
  if (d.sum_diff.size() != d.rows || d.sum_sq_diff.size() != d.rows) {
    throw std::runtime_error("comparison " + d.name + ": sums do not match its rows");
  }
  Handle group = create_group(parent, d.name);
  write_attr(group, "order", order);
  if (!d.node.empty()) write_attr(group, "node", d.node);
  const Dims rows = d.outcome && d.rows == 1 ? Dims{} : Dims{d.rows};
  std::vector<double> mean(d.rows), low(d.rows), high(d.rows), paired(d.rows), unpaired(d.rows);
  for (uint32_t row = 0; row < d.rows; ++row) {
    mean[row] = d.mean_diff(row);
    low[row] = d.ci_low(row);
    high[row] = d.ci_high(row);
    paired[row] = d.se_paired(row);
    const bool both =
        mine != nullptr && reference != nullptr && row < mine->rows && row < reference->rows;
    unpaired[row] =
        both ? se_unpaired(*mine, *reference, row) : std::numeric_limits<double>::quiet_NaN();
  }
  write_dataset<double>(group, "mean_diff", mean, rows);
  write_dataset<double>(group, "ci_low", low, rows);
  write_dataset<double>(group, "ci_high", high, rows);
  write_dataset<double>(group, "se_paired", paired, rows);
  write_dataset<double>(group, "se_unpaired", unpaired, rows);
  write_dataset<int64_t>(group, "sum_diff", d.sum_diff, rows);
  write_dataset<uint64_t>(group, "sum_sq_diff", d.sum_sq_diff, rows);
}

void write_comparison(hid_t posture, const SweepRun& run, const SweepRun& reference) {
  Handle comparison = create_group(posture, "comparison");
  write_attr(comparison, "reference", reference.name());
  write_attr(comparison, "confidence", kConfidence);
  Handle metrics = create_group(comparison, "metrics");
  Handle nodes = create_group(comparison, "nodes");
  Handle outcomes = create_group(comparison, "outcomes");
  for (size_t i = 0; i < run.comparison.size(); ++i) {
    const PairedDifference& d = run.comparison[i];
    const Distribution* mine = find_distribution(run.results, d);
    const Distribution* theirs = find_distribution(reference.results, d);
    const auto order = static_cast<int64_t>(i);
    if (d.outcome) {
      write_difference(outcomes, d, mine, theirs, order);
    } else if (d.node.empty()) {
      write_difference(metrics, d, mine, theirs, order);
    } else {
      write_difference(open_or_create_group(nodes, d.node), d, mine, theirs, order);
    }
  }
}

// The provenance a run of a file of several runs keeps apart from the file's.
template <class P>
std::vector<std::pair<std::string, decltype(&std::declval<P&>().backend)>> run_provenance(P& p) {
  return {{"backend", &p.backend},
          {"device", &p.device},
          {"created_utc", &p.created_utc},
          {"engine_version", &p.engine_version},
          {"scenario_sha256", &p.scenario_sha256}};
}

void write_sweep(hid_t file, const SweepResults& s) {
  write_provenance(file, s.provenance);
  write_attr(file, "kind", std::string(kSweepKind));
  write_attr(file, "reference", s.reference);
  write_attr(file, "rank_by_outcome", static_cast<uint32_t>(s.rank_by.outcome));
  write_attr(file, "rank_by_name", s.rank_by.name);
  write_attr(file, "rank_by_node", s.rank_by.node);
  write_attr(file, "rank_by_day", s.rank_by.day);
  write_attr(file, "rank_by_lower_is_better", static_cast<uint32_t>(s.rank_by.lower_is_better));
  write_dataset(file, "sweep", s.sweep_text);
  Handle postures = create_group(file, "postures");
  for (size_t i = 0; i < s.runs.size(); ++i) {
    const SweepRun& run = s.runs[i];
    Handle group = write_posture_group(postures, run.results);
    write_attr(group, "order", static_cast<int64_t>(i));
    write_attr(group, "posture", run.posture);
    write_attr(group, "grid", run.grid);
    write_attr(group, "reference", run.reference);
    // A run's own provenance: the same as the file's for a sweep, its own for runs made apart.
    for (const auto& [key, value] : run_provenance(run.results.provenance))
      write_attr(group, key, *value);
    if (run.results.provenance.scenario_text != s.provenance.scenario_text) {
      write_dataset(group, "scenario", run.results.provenance.scenario_text);
    }
    if (run.reference.empty()) continue;
    const SweepRun* reference = s.find_run(run.reference);
    if (reference == nullptr) {
      throw std::runtime_error("run " + run.name() + " is paired with " + run.reference +
                               ", which the sweep does not hold");
    }
    write_comparison(group, run, *reference);
  }
}

void read_differences(hid_t group, const std::string& node, bool outcome, uint64_t trials,
                      std::vector<std::pair<int64_t, PairedDifference>>& out) {
  for (const std::string& name : child_names(group)) {
    Handle g = open_group(group, name);
    PairedDifference d;
    d.name = outcome ? current_outcome_name(name) : name;
    d.node = node.empty() && attr_exists(g, "node") ? read_attr_string(g, "node") : node;
    d.outcome = outcome;
    d.trials = trials;
    d.sum_diff = read_values<int64_t>(Readable(Kind::dataset, g, "sum_diff"));
    d.sum_sq_diff = read_values<uint64_t>(Readable(Kind::dataset, g, "sum_sq_diff"));
    d.rows = static_cast<uint32_t>(d.sum_diff.size());
    if (d.sum_sq_diff.size() != d.rows) {
      throw std::runtime_error(object_path(g) + ": sum_diff and sum_sq_diff differ in length");
    }
    const int64_t order = attr_exists(g, "order") ? read_attr<int64_t>(g, "order")
                                                  : std::numeric_limits<int64_t>::max();
    out.emplace_back(order, std::move(d));
  }
}

std::vector<PairedDifference> read_comparison(hid_t posture, uint64_t trials) {
  Handle comparison = open_group(posture, "comparison");
  std::vector<std::pair<int64_t, PairedDifference>> items;
  if (link_exists(comparison, "metrics")) {
    read_differences(open_group(comparison, "metrics"), "", false, trials, items);
  }
  if (link_exists(comparison, "nodes")) {
    Handle nodes = open_group(comparison, "nodes");
    for (const std::string& node : child_names(nodes))
      read_differences(open_group(nodes, node), node, false, trials, items);
  }
  if (link_exists(comparison, "outcomes")) {
    read_differences(open_group(comparison, "outcomes"), "", true, trials, items);
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<PairedDifference> out;
  for (auto& item : items)
    out.push_back(std::move(item.second));
  return out;
}

SweepResults read_sweep(hid_t file) {
  SweepResults s;
  s.provenance = read_provenance(file);
  if (attr_exists(file, "kind") && read_attr_string(file, "kind") == kSweepKind) {
    s.reference = read_attr_string(file, "reference");
    s.rank_by.outcome = read_attr<uint32_t>(file, "rank_by_outcome") != 0;
    s.rank_by.name = read_attr_string(file, "rank_by_name");
    s.rank_by.node = read_attr_string(file, "rank_by_node");
    s.rank_by.day = read_attr<uint32_t>(file, "rank_by_day");
    s.rank_by.lower_is_better = read_attr<uint32_t>(file, "rank_by_lower_is_better") != 0;
    s.sweep_text = read_string(Readable(Kind::dataset, file, "sweep"));
  }
  Handle postures = open_group(file, "postures");
  std::vector<std::pair<int64_t, SweepRun>> runs;
  for (const std::string& name : child_names(postures)) {
    Handle group = open_group(postures, name);
    SweepRun run;
    run.results.provenance = s.provenance;
    run.results.provenance.posture = name;
    run.posture = attr_exists(group, "posture") ? read_attr_string(group, "posture") : name;
    if (attr_exists(group, "grid")) run.grid = read_attr_string(group, "grid");
    if (attr_exists(group, "reference")) run.reference = read_attr_string(group, "reference");
    Provenance& own = run.results.provenance;
    for (const auto& [key, value] : run_provenance(own)) {
      if (attr_exists(group, key)) *value = read_attr_string(group, key);
    }
    if (link_exists(group, "scenario")) {
      run.results.provenance.scenario_text =
          read_string(Readable(Kind::dataset, group, "scenario"));
    }
    read_posture_group(group, run.results);
    if (link_exists(group, "comparison")) {
      run.comparison = read_comparison(group, s.provenance.trials);
    }
    const int64_t order = attr_exists(group, "order") ? read_attr<int64_t>(group, "order")
                                                      : std::numeric_limits<int64_t>::max();
    runs.emplace_back(order, std::move(run));
  }
  std::stable_sort(runs.begin(), runs.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& run : runs)
    s.runs.push_back(std::move(run.second));
  if (s.reference.empty() && s.runs.size() == 1) s.provenance.posture = s.runs[0].name();
  if (s.runs.size() == 1 && s.reference.empty()) s.runs[0].results.uncertain = read_uncertain(file);
  return s;
}

// Builds the file with `fill` in memory and puts it at `path` atomically.
void write_file(const std::string& path, Existing existing,
                const std::function<void(hid_t)>& fill) {
  const Lock lock;
  write_atomically(path, existing,
                   [&fill](const std::string& temp) { return build_image(temp, fill); });
}

}  // namespace

void write_results(const std::string& path, const Results& r, Existing existing) {
  write_file(path, existing, [&r](hid_t file) {
    write_provenance(file, r.provenance);
    write_posture(file, r);
    write_uncertain(file, r.uncertain);
  });
}

void write_sweep_results(const std::string& path, const SweepResults& s, Existing existing) {
  write_file(path, existing, [&s](hid_t file) { write_sweep(file, s); });
}

void write_sensitivity(const std::string& path, const SensitivityResults& s, Existing existing) {
  write_file(path, existing, [&s](hid_t file) {
    write_provenance(file, s.provenance);
    write_sensitivity_group(file, s);
  });
}

bool is_sensitivity_file(const std::string& path) {
  const Lock lock;
  Handle file = open_for_reading(path);
  return link_exists(file, "sensitivity");
}

SensitivityResults read_sensitivity(const std::string& path) {
  const Lock lock;
  Handle file = open_for_reading(path);
  try {
    check_format(file);
    if (!link_exists(file, "sensitivity")) {
      throw std::runtime_error("holds no sensitivity study (no /sensitivity group)");
    }
    SensitivityResults s = read_sensitivity_group(file);
    s.provenance = read_provenance(file);
    s.provenance.posture = read_attr_string(open_group(file, "sensitivity"), "posture");
    return s;
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
}

SweepResults read_sweep_results(const std::string& path) {
  const Lock lock;
  Handle file = open_for_reading(path);
  try {
    check_format(file);
    return read_sweep(file);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
}

Results read_results(const std::string& path) {
  const Lock lock;
  Handle file = open_for_reading(path);  // its errors already name the path
  try {
    check_format(file);
    Results r;
    r.provenance = read_provenance(file);
    read_posture(file, r);
    r.uncertain = read_uncertain(file);
    return r;
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
}

}  // namespace contested
