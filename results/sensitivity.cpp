// Sensitivity tables (sensitivity.hpp).
#include "results/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace contested {
namespace {

std::string fixed(double v, const char* format = "%.3f") {
  if (std::isnan(v)) return "n/a";
  char text[64];
  std::snprintf(text, sizeof text, format, v);
  return text;
}

std::string trials_text(uint64_t trials) {
  return std::to_string(trials) + (trials == 1 ? " trial" : " trials");
}

std::string with_interval(const SobolIndex& x) {
  if (std::isnan(x.estimate)) return "n/a";
  return fixed(x.estimate) + " [" + fixed(x.low) + ", " + fixed(x.high) + "]";
}

}  // namespace

const char* index_statistic_name(IndexStatistic which) {
  switch (which) {
    case IndexStatistic::first:
      return "first";
    case IndexStatistic::first_low:
      return "first_low";
    case IndexStatistic::first_high:
      return "first_high";
    case IndexStatistic::total:
      return "total";
    case IndexStatistic::total_low:
      return "total_low";
    case IndexStatistic::total_high:
      return "total_high";
  }
  return "";
}

std::vector<double> index_table(const SensitivityResults& s, IndexStatistic which) {
  const bool first = which == IndexStatistic::first || which == IndexStatistic::first_low ||
                     which == IndexStatistic::first_high;
  std::vector<double> out;
  for (const SobolIndices& x : s.indices) {
    for (const SobolIndex& i : first ? x.first : x.total) {
      out.push_back(which == IndexStatistic::first || which == IndexStatistic::total ? i.estimate
                    : which == IndexStatistic::first_low || which == IndexStatistic::total_low
                        ? i.low
                        : i.high);
    }
  }
  return out;
}

void print_sensitivity_table(std::ostream& out, const SensitivityResults& s, size_t output) {
  const SobolIndices& x = s.indices[output];
  out << s.outputs[output] << ": mean " << fixed(x.mean, "%.4g") << ", sd "
      << fixed(std::sqrt(x.variance), "%.4g") << " across the design's " << 2 * s.rows
      << " input samples (" << trials_text(s.provenance.trials) << " each)\n";
  if (x.variance == 0) {
    out << "  it does not vary with these inputs: no index applies (n/a)\n";
    return;
  }
  std::vector<size_t> order(s.inputs.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return x.total[a].estimate > x.total[b].estimate; });
  size_t width = 5;
  for (const std::string& input : s.inputs)
    width = std::max(width, input.size());
  const auto padded = [&](const std::string& text, size_t w) {
    return text + std::string(w > text.size() ? w - text.size() : 0, ' ');
  };
  out << "  " << padded("rank", 5) << padded("input", width + 2)
      << padded("first order [95% interval]", 30) << "total effect [95% interval]\n";
  for (size_t r = 0; r < order.size(); ++r) {
    const size_t i = order[r];
    out << "  " << padded(std::to_string(r + 1), 5) << padded(s.inputs[i], width + 2)
        << padded(with_interval(x.first[i]), 30) << with_interval(x.total[i]) << "\n";
  }
}

void print_sensitivity(std::ostream& out, const SensitivityResults& s) {
  out << "sensitivity of " << s.provenance.scenario_name << " (posture " << s.provenance.posture
      << "): " << s.inputs.size() << " inputs, " << s.rows << " rows, " << s.points()
      << " design points of " << trials_text(s.provenance.trials) << ", seed " << s.provenance.seed
      << "\n";
  for (size_t o = 0; o < s.outputs.size(); ++o) {
    out << "\n";
    print_sensitivity_table(out, s, o);
  }
  out << "\nfirst order: the share of the output's variance across input samples that the "
         "input explains alone; total effect: with its interactions. Intervals: bootstrap over "
         "the design's rows.\n";
}

}  // namespace contested
