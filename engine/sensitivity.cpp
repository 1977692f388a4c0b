// Variance-based sensitivity on the engine (sensitivity.hpp).
#include "engine/sensitivity.hpp"

#include <algorithm>
#include <stdexcept>

#include "backends/backend.hpp"
#include "engine/record_catalog.hpp"
#include "engine/run_loop.hpp"
#include "engine/uncertain_run.hpp"
#include "kernels/limits.hpp"
#include "kernels/record.hpp"

namespace contested {
namespace {

[[noreturn]] void bad_output(const std::string& text, const std::string& why) {
  throw std::invalid_argument("output '" + text + "': " + why +
                              " (allowed: an outcome, or metric[@node][:day], e.g. "
                              "aircraft_lost_ground or sorties@kadena:7)");
}

// Where an output lies in a trial's record, found in the catalog of what the scenario
// reports: an outcome by its name (per-node outcomes carry the node in it, and may also be
// named name@node), a daily metric by name, node and day.
struct OutputRow {
  uint32_t row;
  bool zero_is_never;
};

OutputRow locate_output(const SensitivityOutput& o, const std::vector<RecordSeries>& catalog,
                        uint32_t days) {
  std::vector<std::string> known;
  for (const RecordSeries& series : catalog) {
    if (!series.reported) continue;
    if (series.outcome && series.name == o.name && (o.node.empty() || o.node == series.node)) {
      if (o.day != 0) bad_output(o.text, o.name + " is a per-trial outcome: it has no day");
      return {series.first_row, series.zero_is_never};
    }
    if (!series.outcome && series.name == o.name && series.node == o.node) {
      if (o.day > days) {
        bad_output(o.text, "day " + std::to_string(o.day) + " is past the campaign's " +
                               std::to_string(days) + " days");
      }
      return {series.first_row + (o.day == 0 ? days : o.day), series.zero_is_never};
    }
    if (series.outcome || series.name == o.name || series.node.empty()) {
      known.push_back(series.outcome || series.node.empty() ? series.name
                                                            : series.name + "@" + series.node);
    }
  }
  std::sort(known.begin(), known.end());
  known.erase(std::unique(known.begin(), known.end()), known.end());
  std::string list;
  for (const std::string& k : known)
    list += (list.empty() ? "" : ", ") + k;
  bad_output(o.text, "the scenario reports no such metric or outcome; it reports " + list);
}

}  // namespace

SensitivityOutput parse_output(const std::string& text) {
  SensitivityOutput o;
  o.text = text;
  std::string rest = text;
  const size_t colon = rest.rfind(':');
  if (colon != std::string::npos) {
    const std::string digits = rest.substr(colon + 1);
    if (digits.empty() || digits.size() > 5 ||
        digits.find_first_not_of("0123456789") != std::string::npos || std::stoul(digits) == 0) {
      bad_output(text, "the day after ':' is a whole number from 1");
    }
    o.day = static_cast<uint32_t>(std::stoul(digits));
    rest = rest.substr(0, colon);
  }
  const size_t at = rest.find('@');
  if (at != std::string::npos) {
    o.node = rest.substr(at + 1);
    rest = rest.substr(0, at);
    if (o.node.empty()) bad_output(text, "a node id follows '@'");
  }
  if (rest.empty()) bad_output(text, "it names nothing");
  o.name = rest;
  return o;
}

SensitivityResults run_sensitivity(const UncertainScenario& scenario,
                                   const std::vector<SensitivityOutput>& outputs,
                                   const RunOptions& run_options,
                                   const SensitivityOptions& options) {
  const std::vector<UncertainInput>& all = scenario.inputs();
  if (all.empty()) throw std::invalid_argument("the posture gives no uncertain: inputs");
  if (outputs.empty()) throw std::invalid_argument("name at least one output");
  if (options.rows < 2) throw std::invalid_argument("a design needs at least 2 rows");
  std::vector<size_t> varied;
  for (const std::string& path : options.inputs) {
    const auto it = std::find_if(all.begin(), all.end(),
                                 [&](const UncertainInput& in) { return in.path == path; });
    if (it == all.end()) {
      std::string list;
      for (const UncertainInput& in : all)
        list += (list.empty() ? "" : ", ") + in.path;
      throw std::invalid_argument(
          "input '" + path + "' is not an uncertain input of the posture (allowed: " + list + ")");
    }
    if (std::find(varied.begin(), varied.end(), size_t(it - all.begin())) != varied.end()) {
      throw std::invalid_argument("input '" + path + "' is listed twice");
    }
    varied.push_back(static_cast<size_t>(it - all.begin()));
  }
  if (varied.empty()) {
    for (size_t i = 0; i < all.size(); ++i)
      varied.push_back(i);
  }

  SensitivityResults s;
  s.rows = options.rows;
  s.resamples = options.resamples;
  for (const size_t i : varied) {
    s.inputs.push_back(all[i].path);
    s.distributions.push_back(all[i].distribution.text());
  }
  for (const SensitivityOutput& o : outputs)
    s.outputs.push_back(o.text);

  // Every point's values of all inputs: those not varied at their point values.
  const size_t k = varied.size();
  const uint64_t n = options.rows;
  std::vector<double> base(all.size());
  for (size_t i = 0; i < all.size(); ++i)
    base[i] = all[i].point;
  const auto row_of = [&](InputMatrix matrix, uint64_t row) {
    std::vector<double> values(k);
    for (size_t j = 0; j < k; ++j)
      values[j] = draw_input(all[varied[j]], run_options.seed, matrix, row);
    return values;
  };
  for (uint64_t r = 0; r < n; ++r) {
    const std::vector<double> a = row_of(InputMatrix::a, r);
    s.design.insert(s.design.end(), a.begin(), a.end());
  }
  for (uint64_t r = 0; r < n; ++r) {
    const std::vector<double> b = row_of(InputMatrix::b, r);
    s.design.insert(s.design.end(), b.begin(), b.end());
  }
  for (size_t i = 0; i < k; ++i) {
    for (uint64_t r = 0; r < n; ++r) {
      std::vector<double> ab(s.design.begin() + static_cast<std::ptrdiff_t>(r * k),
                             s.design.begin() + static_cast<std::ptrdiff_t>((r + 1) * k));
      ab[i] = s.design[(n + r) * k + i];
      s.design.insert(s.design.end(), ab.begin(), ab.end());
    }
  }

  // Every point runs on one backend in turn (Backend::use_scenario), and each output's
  // value is summed from the trials' records: no histograms per point.
  const uint64_t points = s.points();
  const uint64_t trials = run_options.trials;
  const auto load = [&](uint64_t p) {
    std::vector<double> values = base;
    for (size_t j = 0; j < k; ++j)
      values[varied[j]] = s.design[p * k + j];
    Scenario loaded = scenario.sample(values, p);
    if (run_options.days) {
      loaded.days = *run_options.days;
      loaded.finalize();
    }
    return loaded;
  };
  Scenario current = load(0);
  const std::vector<RecordSeries> catalog = catalog_records(current);
  std::vector<OutputRow> rows;
  for (const SensitivityOutput& o : outputs)
    rows.push_back(locate_output(o, catalog, current.days));
  const TallyPlan plan = plan_tally(catalog, record_layout(current.view()).rows());
  RunOptions sized = run_options;
  sized.trials = std::min<uint64_t>(trials, kMaxTrials);
  const std::unique_ptr<Backend> backend = make_backend(current, plan, sized);
  for (uint64_t p = 0; p < points; ++p) {
    if (p > 0) {
      current = load(p);
      if (!same_rows(catalog, catalog_records(current))) {
        throw std::invalid_argument(
            "design point " + std::to_string(p) +
            " changes what the run records, not only the values (an input that adds or "
            "removes entities, days or record rows); leave that input out of --inputs");
      }
      backend->use_scenario(current);
    }
    std::vector<double> sums(outputs.size(), 0.0);
    for (uint64_t t = 0; t < trials; t += backend->chunk_trials()) {
      if (run_options.stop_requested && run_options.stop_requested()) throw RunInterrupted();
      const auto count =
          static_cast<uint32_t>(std::min<uint64_t>(backend->chunk_trials(), trials - t));
      backend->run_chunk(t, count);
      const ChunkRecords records = backend->chunk_records();
      for (size_t o = 0; o < rows.size(); ++o) {
        for (uint32_t i = 0; i < count; ++i) {
          const uint32_t v = records.at(i, rows[o].row);
          sums[o] += v == 0 && rows[o].zero_is_never ? current.days + 1.0 : v;
        }
      }
      if (run_options.progress) run_options.progress(p * trials + t + count, points * trials);
    }
    for (const double sum : sums)
      s.values.push_back(sum / static_cast<double>(trials));
  }

  const size_t m = outputs.size();
  for (size_t o = 0; o < m; ++o) {
    const auto column = [&](uint64_t first_point) {
      std::vector<double> out(n);
      for (uint64_t r = 0; r < n; ++r)
        out[r] = s.values[(first_point + r) * m + o];
      return out;
    };
    std::vector<std::vector<double>> f_ab;
    for (size_t i = 0; i < k; ++i)
      f_ab.push_back(column((2 + i) * n));
    s.indices.push_back(
        sobol_indices(column(0), column(n), f_ab, options.resamples, run_options.seed));
  }

  s.provenance = run_provenance(run_options, TrialRange{0, trials}, scenario.point(),
                                scenario.point().source_text, *backend, nullptr);
  s.provenance.total_trials = trials;  // of each point
  s.provenance.days = current.days;
  return s;
}

}  // namespace contested
