// What a sensitivity study found (docs/sensitivity.md): the Saltelli design it ran, each
// output's value at every design point, and the first-order and total-effect Sobol indices
// of each output with respect to each uncertain input, with their intervals.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "results/results.hpp"
#include "results/sobol.hpp"

namespace contested {

struct SensitivityResults {
  Provenance provenance;  // seed; trials = trials per design point; the scenario and posture
  std::vector<std::string> inputs;         // the paths varied
  std::vector<std::string> distributions;  // each as YAML flow text
  std::vector<std::string> outputs;        // e.g. "aircraft_lost_ground", "sorties@kadena:7"
  uint64_t rows = 0;                       // N: rows of the matrices A and B
  uint32_t resamples = 0;                  // bootstrap resamples of the intervals
  // Design points in order: the N rows of A, the N of B, then for each input i the N rows
  // of A with column i from B. design[point * inputs + input], values[point * outputs + output].
  std::vector<double> design;
  std::vector<double> values;
  std::vector<SobolIndices> indices;  // per output

  uint64_t points() const { return rows * (inputs.size() + 2); }
};

// The statistics stored of each index, and their names in the file and in Python.
enum class IndexStatistic { first, first_low, first_high, total, total_low, total_high };
inline constexpr IndexStatistic kIndexStatistics[] = {
    IndexStatistic::first, IndexStatistic::first_low, IndexStatistic::first_high,
    IndexStatistic::total, IndexStatistic::total_low, IndexStatistic::total_high};
const char* index_statistic_name(IndexStatistic which);

// One statistic of every index, [output][input] row-major.
std::vector<double> index_table(const SensitivityResults& s, IndexStatistic which);

// The indices of one output (outputs[output]) as a table, inputs ranked by total effect:
// input, first order [interval], total effect [interval], and the output's mean and spread.
void print_sensitivity_table(std::ostream& out, const SensitivityResults& s, size_t output);
// Every output's table.
void print_sensitivity(std::ostream& out, const SensitivityResults& s);

}  // namespace contested
