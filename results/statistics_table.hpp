// The statistics of a results file as a table: one record per (posture, measure, node, day),
// the one place `contested info --format csv|json` and Python's DataFrames read them from
// (docs/results.md, Statistics tables).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "results/results.hpp"

namespace contested {

// The quantile columns, one per kQuantileProbabilities.
inline constexpr std::array<const char*, 5> kQuantileColumns = {"p05", "p25", "p50", "p75", "p95"};
static_assert(kQuantileColumns.size() == std::size(kQuantileProbabilities));

// The columns, in order: CSV's header, JSON's keys and Python's dict keys.
inline constexpr std::array<const char*, 16> kStatisticsColumns = {
    "posture", "measure", "kind", "node", "day", "units", "long_name", "trials",
    "p_never", "mean",    "std",  "p05",  "p25", "p50",   "p75",       "p95"};

struct StatisticsRecord {
  std::string posture;
  std::string measure;                // the metric's or outcome's name
  bool outcome = false;               // kind: "outcome" (one value per trial) or "metric" (daily)
  std::string node;                   // empty: theatre-wide (and outcomes without a node)
  std::optional<uint32_t> day;        // the row of a daily metric; none for an outcome
  std::string units;                  // describe_measure()
  std::string long_name;              // describe_measure()
  uint64_t trials = 0;                // the trials the statistics are over: Distribution::counted
  std::optional<double> p_never;      // first-day outcomes (zero_is_never) only
  double mean = 0;                    // NaN when no trial is counted
  double std = 0;                     // population standard deviation; NaN likewise
  std::array<double, 5> quantiles{};  // at kQuantileProbabilities; NaN likewise
};

// Every metric row (day 0 to days) and every outcome of one posture, in the file's order:
// daily metrics (theatre-wide, then per node), then outcomes.
std::vector<StatisticsRecord> statistics_table(const Results& r);

// Every run of a file, one after another, in the file's order.
std::vector<StatisticsRecord> statistics_table(const SweepResults& s);

// CSV (RFC 4180 quoting where a field needs it; "\n" line ends) with a header row of
// kStatisticsColumns. Absent values (an outcome's day, p_never of other measures) and NaN
// are empty fields; floats are printed in the shortest form that reads back exactly.
void write_statistics_csv(std::ostream& out, const std::vector<StatisticsRecord>& records);

// JSON: {"provenance": {seed, trials, days, scenario_name, engine_version, format_version},
// "records": [{column: value, ...}, ...]}, one record per line; absent values and NaN are null.
void write_statistics_json(std::ostream& out, const Provenance& provenance,
                           const std::vector<StatisticsRecord>& records);

}  // namespace contested
