// The sweep's ranked table (sweep.hpp). Plain ASCII, like the run summary.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "results/summary.hpp"

namespace contested {
namespace {

std::string format(const char* pattern, double value) {
  if (std::isnan(value)) return "-";
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

// Means and differences: two decimals (counts of aircraft, days, sorties read well so).
std::string fixed(double value) {
  return format("%.2f", value);
}

// Standard errors: three significant digits, whatever their size.
std::string significant(double value) {
  return format("%.3g", value);
}

// The first `labels` columns left-aligned, the numbers after them right-aligned.
void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows,
                 size_t labels) {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (size_t c = 0; c < row.size(); ++c)
      widths[c] = std::max(widths[c], row[c].size());
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    std::string line;
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const std::string pad(widths[c] - rows[r][c].size(), ' ');
      line += c == 0 ? "  " : "   ";
      line += c < labels ? rows[r][c] + pad : pad + rows[r][c];
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << '\n';
    if (r == 0) {
      size_t total = 0;
      for (size_t c = 0; c < widths.size(); ++c)
        total += widths[c] + (c == 0 ? 0 : 3);
      out << "  " << std::string(total, '-') << '\n';
    }
  }
}

const Distribution* measure(const Results& r, const RankBy& by) {
  return by.outcome ? r.find_outcome(by.name) : r.find_metric(by.name, by.node);
}

}  // namespace

void print_sweep_summary(std::ostream& out, const SweepResults& s) {
  const Provenance& p = s.provenance;
  const RankBy& by = s.rank_by;
  out << "Sweep of " << (p.scenario_name.empty() ? "(unnamed)" : p.scenario_name) << ": "
      << s.runs.size() << " run" << (s.runs.size() == 1 ? "" : "s")
      << "   reference posture: " << (s.reference.empty() ? "-" : s.reference) << '\n';
  out << "Trials: " << p.trials;
  if (p.trials != p.total_trials) {
    out << " (trials " << p.first_trial << ".." << p.first_trial + p.trials - 1 << " of "
        << p.total_trials << ")";
  }
  out << "   days: " << p.days << "   seed: " << p.seed << "   backend: " << p.backend;
  if (!p.device.empty()) out << " (" << p.device << ")";
  out << "\n\n";

  const uint32_t row = by.outcome ? 0 : (by.day == 0 ? p.days : by.day);
  const std::string what = by.name + (by.node.empty() ? "" : " at " + by.node) +
                           (by.outcome ? "" : ", day " + std::to_string(row));
  out << "Ranked by the mean of " << what << " (" << (by.lower_is_better ? "lower" : "higher")
      << " is better):\n\n";

  struct Line {
    const SweepRun* run;
    double mean;
  };
  std::vector<Line> lines;
  for (const SweepRun& run : s.runs) {
    const Distribution* d = measure(run.results, by);
    lines.push_back({&run, d != nullptr && row < d->rows ? d->mean(row) : std::nan("")});
  }
  std::stable_sort(lines.begin(), lines.end(), [&](const Line& a, const Line& b) {
    if (std::isnan(a.mean) || std::isnan(b.mean)) return !std::isnan(a.mean) && std::isnan(b.mean);
    return by.lower_is_better ? a.mean < b.mean : a.mean > b.mean;
  });
  const bool grid =
      std::any_of(s.runs.begin(), s.runs.end(), [](const SweepRun& r) { return !r.grid.empty(); });
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"rank", "posture", "grid", "mean", "difference vs reference [95% CI]",
                  "SE paired", "SE unpaired"});
  for (size_t i = 0; i < lines.size(); ++i) {
    const SweepRun& run = *lines[i].run;
    std::vector<std::string> cells = {std::to_string(i + 1), run.posture, run.grid,
                                      fixed(lines[i].mean)};
    const SweepRun* reference = run.reference.empty() ? nullptr : s.find_run(run.reference);
    const PairedDifference* d = run.find_comparison(by.name, by.outcome ? "" : by.node, by.outcome);
    const Distribution* mine = measure(run.results, by);
    const Distribution* theirs = reference ? measure(reference->results, by) : nullptr;
    if (run.reference.empty()) {
      cells.insert(cells.end(), {"(reference)", "", ""});
    } else if (d == nullptr || mine == nullptr || theirs == nullptr || row >= d->rows) {
      cells.insert(cells.end(), {"-", "-", "-"});
    } else {
      cells.push_back(fixed(d->mean_diff(row)) + " [" + fixed(d->ci_low(row)) + ", " +
                      fixed(d->ci_high(row)) + "]");
      cells.push_back(significant(d->se_paired(row)));
      cells.push_back(significant(se_unpaired(*mine, *theirs, row)));
    }
    rows.push_back(std::move(cells));
  }
  if (!grid) {
    for (auto& cells : rows)
      cells.erase(cells.begin() + 2);
  }
  print_table(out, rows, grid ? 3 : 2);
  out << '\n'
      << "How to read this: every run used the same seed, so trial t of every posture saw the\n"
         "same random numbers (common random numbers). The difference is the run's mean minus\n"
         "its reference's"
      << (grid ? " (the reference posture at the same grid point)" : "")
      << ", from per-trial differences;\n"
         "[95% CI] is its confidence interval. SE paired is the standard error of that\n"
         "difference; SE unpaired is what independent runs of the same size would give.\n";
}

}  // namespace contested
