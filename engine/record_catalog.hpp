// Names, nodes and value bounds of every record row (kernels/record.hpp), and how they
// become histogram bins and, after a run, Results.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "results/results.hpp"
#include "scenario/scenario.hpp"

namespace contested {

struct RecordSeries {
  std::string name;
  std::string node;  // empty for theatre-wide
  bool outcome;      // one row per trial, else one row per day (days + 1)
  bool reported;     // written to results (e.g. interceptors only at defended bases)
  uint32_t first_row;
  uint32_t rows;
  uint64_t max_value;          // no trial can record more
  bool zero_is_never = false;  // a first day, 0 when it never came
};

std::vector<RecordSeries> catalog_records(const Scenario& scenario);

// Whether two catalogs record the same series in the same rows (their bounds may differ):
// samples of uncertain inputs that one backend can run in turn (Backend::use_scenario).
bool same_rows(const std::vector<RecordSeries>& a, const std::vector<RecordSeries>& b);

// Bins of width 1 up to `max_bins` per row, wider beyond.
TallyPlan plan_tally(const std::vector<RecordSeries>& catalog, uint32_t rows,
                     uint32_t max_bins = 4096);

// Refuses, naming the metric and the limit, trial counts whose exact sums could overflow.
void check_tally_limits(const std::vector<RecordSeries>& catalog, uint64_t trials);

Results assemble_results(const std::vector<RecordSeries>& catalog, const TallyPlan& plan,
                         const Tally& tally, const Provenance& provenance);

}  // namespace contested
