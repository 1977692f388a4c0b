// contested._core: the engine's host API for Python (docs/design.md, section 6). Every
// function here calls the same host code as the CLI (engine/runner.hpp, scenario/scenario_yaml.hpp,
// results/results_h5.hpp, results/summary.hpp); nothing models, loads or writes anything of its
// own. The Python package (python/contested/) wraps these objects for analysts.
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "backends/backend.hpp"
#include "engine/runner.hpp"
#include "engine/sensitivity.hpp"
#include "engine/sweep.hpp"
#include "engine/uncertain_run.hpp"
#include "results/measure.hpp"
#include "results/results.hpp"
#include "results/results_h5.hpp"
#include "results/statistics_table.hpp"
#include "results/summary.hpp"
#include "scenario/scenario.hpp"
#include "scenario/scenario_check.hpp"
#include "scenario/scenario_error.hpp"
#include "scenario/scenario_yaml.hpp"

namespace py = pybind11;
using namespace contested;

namespace {

const char* kind_name(NodeKind kind) {
  switch (kind) {
    case NodeKind::airbase:
      return "airbase";
    case NodeKind::naval_base:
      return "naval_base";
    case NodeKind::port:
      return "port";
    case NodeKind::depot:
      return "depot";
    case NodeKind::repair_yard:
      return "repair_yard";
    case NodeKind::factory:
      return "factory";
  }
  return "unknown";
}

// ---- numpy views of a Distribution --------------------------------------------------------

py::array_t<uint64_t> histogram_array(const Distribution& d) {
  py::array_t<uint64_t> out({static_cast<py::ssize_t>(d.rows), static_cast<py::ssize_t>(d.bins)});
  std::copy(d.histogram.begin(), d.histogram.end(), out.mutable_data());
  return out;
}

py::array_t<uint64_t> row_array(const std::vector<uint64_t>& values) {
  py::array_t<uint64_t> out(static_cast<py::ssize_t>(values.size()));
  std::copy(values.begin(), values.end(), out.mutable_data());
  return out;
}

// One statistic per row, computed by Distribution's own methods.
template <class F>
auto per_row(const Distribution& d, F statistic) {
  using T = decltype(statistic(0u));
  py::array_t<T> out(static_cast<py::ssize_t>(d.rows));
  T* data = out.mutable_data();
  for (uint32_t row = 0; row < d.rows; ++row)
    data[row] = statistic(row);
  return out;
}

// [len(p), rows]
py::array_t<double> quantiles(const Distribution& d, const std::vector<double>& probabilities) {
  py::array_t<double> out(
      {static_cast<py::ssize_t>(probabilities.size()), static_cast<py::ssize_t>(d.rows)});
  double* data = out.mutable_data();
  for (size_t i = 0; i < probabilities.size(); ++i) {
    for (uint32_t row = 0; row < d.rows; ++row)
      data[i * d.rows + row] = d.quantile(row, probabilities[i]);
  }
  return out;
}

py::dict provenance_dict(const Provenance& p) {
  py::dict d;
  d["format"] = p.format;
  d["format_version"] = p.format_version;
  d["engine_version"] = p.engine_version;
  d["seed"] = p.seed;
  d["trials"] = p.trials;
  // The block of the run these results hold (a shard's, or the whole run: 0 and trials).
  d["first_trial"] = p.first_trial;
  d["total_trials"] = p.total_trials == 0 ? p.trials : p.total_trials;  // as the file stores it
  d["shard"] = p.shard;
  d["days"] = p.days;
  d["backend"] = p.backend;
  d["device"] = p.device;
  d["created_utc"] = p.created_utc;
  d["scenario_sha256"] = p.scenario_sha256;
  d["scenario_name"] = p.scenario_name;
  d["scenario_path"] = p.scenario_path;
  d["posture"] = p.posture;
  d["scenario_text"] = p.scenario_text;
  return d;
}

// ---- running ------------------------------------------------------------------------------

// The Python error (KeyboardInterrupt from Ctrl-C, or one raised by a callback) that stopped
// a run, held while the engine unwinds and raised again once the GIL is back.
struct PendingError {
  std::optional<py::error_already_set> error;

  // Called with the GIL held and Python's error indicator set: fetches and clears it.
  bool capture() {
    error.emplace();
    return true;
  }
};

// Runs `body(options)` with the GIL released, with options.progress, .notify and
// .stop_requested talking to Python: progress(done, total) and notify(message) are called
// between chunks (an exception they raise stops the run), and Ctrl-C stops it after the
// current chunk. The Python error that stopped it is raised again once the GIL is back.
template <class Body>
auto run_released(RunOptions options, const py::object& progress, const py::object& notify,
                  Body body) -> decltype(body(options)) {
  PendingError pending;
  // Callbacks run on this thread between chunks, with the GIL released around them: each
  // takes it back only for as long as it talks to Python.
  if (!progress.is_none()) {
    options.progress = [&](uint64_t done, uint64_t total) {
      py::gil_scoped_acquire gil;
      if (pending.error) return;
      try {
        progress(done, total);
      } catch (py::error_already_set& e) {
        pending.error.emplace(std::move(e));
      }
    };
  }
  if (!notify.is_none()) {
    options.notify = [&](const std::string& message) {
      py::gil_scoped_acquire gil;
      if (pending.error) return;
      try {
        notify(message);
      } catch (py::error_already_set& e) {
        pending.error.emplace(std::move(e));
      }
    };
  }
  // Ctrl-C: Python's SIGINT handler only sets a flag; PyErr_CheckSignals runs the handler
  // (raising KeyboardInterrupt) when called from the main thread. Polled between chunks.
  options.stop_requested = [&]() {
    py::gil_scoped_acquire gil;
    if (pending.error) return true;
    if (PyErr_CheckSignals() != 0) return pending.capture();
    return false;
  };

  std::optional<decltype(body(options))> results;
  {
    py::gil_scoped_release release;
    try {
      results.emplace(body(options));
    } catch (const RunInterrupted&) {
      // handled below, with the GIL held
    }
  }
  if (pending.error) {
    py::error_already_set error = std::move(*pending.error);
    pending.error.reset();
    throw error;
  }
  // Interrupted always comes with a pending error; a callback that failed on the last chunk
  // (after which nothing polled stop_requested) was raised above too.
  return std::move(*results);
}

Results run_scenario(const Scenario& scenario, uint64_t trials, uint64_t seed,
                     std::optional<uint32_t> days, const std::string& backend, int threads,
                     uint32_t chunk, const py::object& progress, const py::object& notify) {
  return run_released(run_options(trials, seed, days, backend, threads, chunk), progress, notify,
                      [&](const RunOptions& o) { return run(scenario, o); });
}

// A posture's uncertain inputs sampled per trial (engine/uncertain_run.hpp).
Results run_uncertain_scenario(const UncertainScenario& scenario, uint64_t trials, uint64_t seed,
                               std::optional<uint32_t> days, const std::string& backend,
                               int threads, uint32_t chunk, uint64_t trials_per_sample,
                               const py::object& progress, const py::object& notify) {
  return run_released(
      run_options(trials, seed, days, backend, threads, chunk), progress, notify,
      [&](const RunOptions& o) { return run_uncertain(scenario, o, trials_per_sample); });
}

// A sensitivity study (engine/sensitivity.hpp), as `contested sensitivity` runs it.
SensitivityResults run_sensitivity_study(const UncertainScenario& scenario,
                                         const std::vector<std::string>& outputs,
                                         const std::vector<std::string>& inputs, uint64_t rows,
                                         uint64_t trials, uint64_t seed, uint32_t resamples,
                                         std::optional<uint32_t> days, const std::string& backend,
                                         int threads, uint32_t chunk, const py::object& progress,
                                         const py::object& notify) {
  std::vector<SensitivityOutput> parsed;
  for (const std::string& o : outputs)
    parsed.push_back(parse_output(o));
  SensitivityOptions design;
  design.rows = rows;
  design.inputs = inputs;
  design.resamples = resamples;
  return run_released(
      run_options(trials, seed, days, backend, threads, chunk), progress, notify,
      [&](const RunOptions& o) { return run_sensitivity(scenario, parsed, o, design); });
}

py::array_t<double> matrix(const std::vector<double>& values, size_t columns) {
  const size_t rows = columns == 0 ? 0 : values.size() / columns;
  py::array_t<double> out({static_cast<py::ssize_t>(rows), static_cast<py::ssize_t>(columns)});
  std::copy(values.begin(), values.end(), out.mutable_data());
  return out;
}

std::string sensitivity_text(const SensitivityResults& s) {
  std::ostringstream out;
  print_sensitivity(out, s);
  return out.str();
}

// Several postures side by side, the first the reference of the others' paired comparisons.
SweepResults run_scenarios(const std::vector<Scenario>& scenarios, uint64_t trials, uint64_t seed,
                           std::optional<uint32_t> days, const std::string& backend, int threads,
                           uint32_t chunk, const py::object& progress, const py::object& notify) {
  return run_released(run_options(trials, seed, days, backend, threads, chunk), progress, notify,
                      [&](const RunOptions& o) { return run_postures(scenarios, o); });
}

// A sweep (engine/sweep.hpp), as `contested sweep` runs it: the sweep file (or YAML text, its
// relative paths resolved against base_directory) loaded and planned, then run over the same
// trials for every posture; trials and seed override the file's.
SweepResults run_sweep(const std::string& source, bool is_text, const std::string& label,
                       const std::string& base_directory, std::optional<uint64_t> trials,
                       std::optional<uint64_t> seed, const std::string& backend, int threads,
                       uint32_t chunk, const py::object& progress, const py::object& notify) {
  SweepSpec spec;
  std::vector<Arm> runs;
  {
    py::gil_scoped_release release;
    spec = is_text ? load_sweep_text(source, label, base_directory) : load_sweep_file(source);
    if (trials) spec.trials = *trials;
    if (seed) spec.seed = *seed;
    runs = plan_sweep(spec);
  }
  RunOptions options;
  options.backend = backend;
  options.threads = threads;
  options.chunk = chunk;
  return run_released(options, progress, notify,
                      [&](const RunOptions& o) { return sweep(spec, runs, o); });
}

// One statistic of a paired difference per row.
template <class F>
py::array_t<double> paired_rows(const PairedDifference& d, F statistic) {
  py::array_t<double> out(static_cast<py::ssize_t>(d.rows));
  for (uint32_t row = 0; row < d.rows; ++row)
    out.mutable_data()[row] = (d.*statistic)(row);
  return out;
}

std::string summary_text(const Results& r) {
  std::ostringstream out;
  print_summary(out, r);
  return out.str();
}

// ScenarioError becomes contested.ScenarioError (python/contested/_errors.py), carrying the
// position and key as attributes; a refused existing output file, FileExistsError.
void translate_engine_error(std::exception_ptr p) {
  try {
    if (p) std::rethrow_exception(p);
  } catch (const ScenarioError& e) {
    py::object cls = py::module_::import("contested._errors").attr("ScenarioError");
    py::object instance = cls(e.what(), e.file(), e.line(), e.column(), e.key(), e.problem());
    PyErr_SetObject(cls.ptr(), instance.ptr());
  } catch (const OutputExists& e) {
    PyErr_SetString(PyExc_FileExistsError, e.what());
  }
}

Existing existing_for(bool overwrite) {
  return overwrite ? Existing::replace : Existing::refuse;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "contested engine: the host API the CLI uses (load, run, read, write, summarise)";
  m.attr("__version__") = CONTESTED_VERSION;
#ifdef CONTESTED_HAVE_CUDA
  m.attr("have_cuda") = true;
#else
  m.attr("have_cuda") = false;
#endif
  m.attr("max_trials") = kMaxTrials;
  m.attr("max_days") = kMaxDays;
  m.attr("backend_names") = kBackendNames;
  m.attr("results_format_version") = kResultsFormatVersion;
  m.def(
      "describe_measure",
      [](const std::string& name, bool outcome, bool at_node) {
        const Measure m = describe_measure(name, outcome, at_node);
        return py::make_tuple(m.unit, m.long_name);
      },
      py::arg("name"), py::arg("outcome"), py::arg("at_node") = false,
      "(units, long_name) of a metric (outcome=False) or outcome, as the results file's "
      "attributes");
  m.attr("quantile_probabilities") =
      std::vector<double>(std::begin(kQuantileProbabilities), std::end(kQuantileProbabilities));

  py::register_exception_translator(translate_engine_error);

  m.def("cuda_device_count", &cuda_device_count,
        "CUDA devices usable now (0 without the CUDA backend, a driver or a GPU)");

  // ---- scenarios ----
  py::class_<Scenario>(m, "Scenario", "A validated, compiled scenario under one posture")
      .def_readonly("name", &Scenario::name)
      .def_readonly("source_path", &Scenario::source_path)
      .def_readonly("source_text", &Scenario::source_text)
      .def_readonly("days", &Scenario::days)
      .def_readonly("posture", &Scenario::posture)
      .def_readonly("node_ids", &Scenario::node_ids)
      .def_property_readonly("node_kinds",
                             [](const Scenario& s) {
                               std::vector<std::string> kinds;
                               for (const Node& n : s.nodes)
                                 kinds.emplace_back(kind_name(n.kind));
                               return kinds;
                             })
      .def_property_readonly("node_locations",
                             [](const Scenario& s) {
                               std::vector<std::pair<double, double>> out;
                               for (const GeoPoint& p : s.node_locations)
                                 out.emplace_back(p.lat_deg, p.lon_deg);
                               return out;
                             })
      .def_readonly("launch_site_ids", &Scenario::launch_site_ids)
      .def_property_readonly("launch_site_locations",
                             [](const Scenario& s) {
                               std::vector<std::pair<double, double>> out;
                               for (const GeoPoint& p : s.launch_sites)
                                 out.emplace_back(p.lat_deg, p.lon_deg);
                               return out;
                             })
      .def_readonly("missile_ids", &Scenario::missile_ids)
      .def_readonly("strip_ids", &Scenario::strip_ids)
      .def_readonly("item_ids", &Scenario::item_ids)
      .def_readonly("interceptor_ids", &Scenario::interceptor_ids)
      .def_readonly("ship_class_ids", &Scenario::ship_class_ids)
      .def("__repr__", [](const Scenario& s) {
        return "<contested._core.Scenario '" + s.name + "' posture=" + s.posture + ", " +
               std::to_string(s.nodes.size()) + " nodes, " + std::to_string(s.days) + " days>";
      });

  m.def("load_scenario_file", &load_scenario_file, py::arg("path"), py::arg("posture") = "",
        py::call_guard<py::gil_scoped_release>(),
        "Reads and validates a scenario file under a posture (id or posture file); "
        "raises contested.ScenarioError");
  m.def("load_scenario_text", &load_scenario_text, py::arg("text"), py::arg("label") = "<string>",
        py::arg("posture") = "", py::call_guard<py::gil_scoped_release>(),
        "Same for YAML text in memory; `label` stands for the file name in messages");
  m.def("posture_ids", &posture_ids, py::arg("path"),
        "The postures a scenario file can be loaded under, baseline first");
  m.def("posture_ids_text", &posture_ids_text, py::arg("text"), py::arg("label") = "<string>");

  // ---- results ----
  py::class_<Distribution>(m, "Distribution",
                           "One metric's exact histograms: rows (days + 1, or 1 for an "
                           "outcome) x bins, with exact sums")
      .def_readonly("name", &Distribution::name)
      .def_readonly("node", &Distribution::node)
      .def_readonly("rows", &Distribution::rows)
      .def_readonly("bins", &Distribution::bins)
      .def_readonly("bin_lo", &Distribution::bin_lo)
      .def_readonly("bin_width", &Distribution::bin_width)
      .def_property_readonly("histogram", &histogram_array, "uint64 [rows, bins]")
      .def_property_readonly(
          "sum", [](const Distribution& d) { return row_array(d.sum); }, "uint64 [rows]")
      .def_property_readonly(
          "sum_sq", [](const Distribution& d) { return row_array(d.sum_sq); }, "uint64 [rows]")
      .def_readonly("zero_is_never", &Distribution::zero_is_never,
                    "0 stands for never: statistics are over the trials where it happened")
      .def(
          "trials",
          [](const Distribution& d) { return per_row(d, [&](uint32_t r) { return d.trials(r); }); },
          "uint64 [rows]: trials in each row")
      .def(
          "never",
          [](const Distribution& d) { return per_row(d, [&](uint32_t r) { return d.never(r); }); },
          "uint64 [rows]: trials where it never happened (0 unless zero_is_never)")
      .def(
          "p_never",
          [](const Distribution& d) {
            return per_row(d, [&](uint32_t r) { return d.p_never(r); });
          },
          "float64 [rows]: never / trials")
      .def(
          "mean",
          [](const Distribution& d) { return per_row(d, [&](uint32_t r) { return d.mean(r); }); },
          "float64 [rows]")
      .def(
          "std",
          [](const Distribution& d) { return per_row(d, [&](uint32_t r) { return d.stddev(r); }); },
          "float64 [rows]: population standard deviation across trials")
      .def("quantiles", &quantiles, py::arg("probabilities"),
           "float64 [len(probabilities), rows]: smallest v with P(X <= v) >= p")
      .def("__repr__", [](const Distribution& d) {
        return "<contested._core.Distribution " + d.name + (d.node.empty() ? "" : "@" + d.node) +
               " " + std::to_string(d.rows) + "x" + std::to_string(d.bins) + ">";
      });

  py::class_<Results>(m, "Results", "The results of one run (one posture)")
      .def_property_readonly("provenance",
                             [](const Results& r) { return provenance_dict(r.provenance); })
      .def_property_readonly(
          "metrics", [](const Results& r) { return r.metrics; },
          "daily metrics, theatre then nodes")
      .def_property_readonly(
          "outcomes", [](const Results& r) { return r.outcomes; }, "one value per trial")
      .def_property_readonly("nodes", &Results::nodes)
      .def_property_readonly(
          "uncertain",
          [](const Results& r) -> py::object {
            const UncertainRecord& u = r.uncertain;
            if (u.paths.empty()) return py::none();
            py::dict d;
            d["paths"] = u.paths;
            d["distributions"] = u.distributions;
            d["point"] = u.point;
            d["trials_per_sample"] = u.trials_per_sample;
            d["values"] = matrix(u.values, u.paths.size());
            return d;
          },
          "None, or for a run with uncertain inputs: their paths, distributions, point values, "
          "trials_per_sample and every sample's values [sample, input]")
      .def(
          "find_metric",
          [](const Results& r, const std::string& name, const std::string& node) {
            const Distribution* d = r.find_metric(name, node);
            return d ? std::optional<Distribution>(*d) : std::nullopt;
          },
          py::arg("name"), py::arg("node") = "")
      .def(
          "find_outcome",
          [](const Results& r, const std::string& name) {
            const Distribution* d = r.find_outcome(name);
            return d ? std::optional<Distribution>(*d) : std::nullopt;
          },
          py::arg("name"))
      .def("summary", &summary_text, "The CLI's plain-text summary")
      .def("__repr__", [](const Results& r) {
        return "<contested._core.Results '" + r.provenance.scenario_name +
               "' posture=" + r.provenance.posture + ", " + std::to_string(r.provenance.trials) +
               " trials>";
      });

  m.def(
      "statistics_table",
      [](const Results& r) {
        const std::vector<StatisticsRecord> records = statistics_table(r);
        std::vector<py::list> c(kStatisticsColumns.size());
        const auto optional = [](const auto& v) { return v ? py::cast(*v) : py::none(); };
        for (const StatisticsRecord& rec : records) {
          c[0].append(rec.posture);
          c[1].append(rec.measure);
          c[2].append(rec.outcome ? "outcome" : "metric");
          c[3].append(rec.node);
          c[4].append(optional(rec.day));
          c[5].append(rec.units);
          c[6].append(rec.long_name);
          c[7].append(rec.trials);
          c[8].append(optional(rec.p_never));
          c[9].append(rec.mean);
          c[10].append(rec.std);
          for (size_t q = 0; q < rec.quantiles.size(); ++q)
            c[11 + q].append(rec.quantiles[q]);
        }
        py::dict table;
        for (size_t i = 0; i < c.size(); ++i)
          table[kStatisticsColumns[i]] = c[i];
        return table;
      },
      py::arg("results"),
      "The statistics of every metric row and outcome, as `contested info --format csv` "
      "prints them: a dict of column name -> list (day and p_never None where absent; NaN "
      "statistics where no trial counts)");
  py::class_<UncertainScenario>(m, "UncertainScenario",
                                "A scenario under a posture with uncertain: inputs, loaded "
                                "again for each sample of their values")
      .def_property_readonly("point", &UncertainScenario::point,
                             "The scenario with the values it writes")
      .def_property_readonly("inputs", [](const UncertainScenario& u) {
        py::list out;
        for (const UncertainInput& in : u.inputs()) {
          py::dict d;
          d["path"] = in.path;
          d["distribution"] = in.distribution.text();
          d["point"] = in.point;
          d["mean"] = in.distribution.mean();
          d["sd"] = std::sqrt(in.distribution.variance());
          out.append(d);
        }
        return out;
      });
  m.def("load_uncertain_file", &UncertainScenario::from_file, py::arg("path"),
        py::arg("posture") = "", py::call_guard<py::gil_scoped_release>());
  m.def("load_uncertain_text", &UncertainScenario::from_text, py::arg("text"),
        py::arg("label") = "<string>", py::arg("posture") = "",
        py::call_guard<py::gil_scoped_release>());
  m.def("run_uncertain", &run_uncertain_scenario, py::arg("scenario"), py::arg("trials"),
        py::arg("seed"), py::arg("days") = std::nullopt, py::arg("backend") = "auto",
        py::arg("threads") = 0, py::arg("chunk") = 0, py::arg("trials_per_sample") = 1,
        py::arg("progress") = py::none(), py::arg("notify") = py::none(),
        "Runs with the posture's uncertain inputs drawn per sample (engine::run_uncertain)");
  py::class_<SensitivityResults> sensitivity(m, "SensitivityResults",
                                             "A sensitivity study's design and indices");
  sensitivity
      .def_property_readonly(
          "provenance", [](const SensitivityResults& s) { return provenance_dict(s.provenance); })
      .def_readonly("inputs", &SensitivityResults::inputs)
      .def_readonly("distributions", &SensitivityResults::distributions)
      .def_readonly("outputs", &SensitivityResults::outputs)
      .def_readonly("rows", &SensitivityResults::rows)
      .def_readonly("resamples", &SensitivityResults::resamples)
      .def_property_readonly(
          "design", [](const SensitivityResults& s) { return matrix(s.design, s.inputs.size()); })
      .def_property_readonly(
          "values", [](const SensitivityResults& s) { return matrix(s.values, s.outputs.size()); })
      .def_property_readonly("mean",
                             [](const SensitivityResults& s) {
                               std::vector<double> v;
                               for (const SobolIndices& x : s.indices)
                                 v.push_back(x.mean);
                               return v;
                             })
      .def_property_readonly("variance",
                             [](const SensitivityResults& s) {
                               std::vector<double> v;
                               for (const SobolIndices& x : s.indices)
                                 v.push_back(x.variance);
                               return v;
                             })
      .def("table", &sensitivity_text, "The CLI's ranked tables");
  for (const IndexStatistic which : kIndexStatistics) {
    sensitivity.def_property_readonly(
        index_statistic_name(which),
        [which](const SensitivityResults& s) {
          return matrix(index_table(s, which), s.inputs.size());
        },
        "[output, input]");
  }
  m.def("sensitivity", &run_sensitivity_study, py::arg("scenario"), py::arg("outputs"),
        py::arg("inputs") = std::vector<std::string>{}, py::arg("rows") = 64,
        py::arg("trials") = 200, py::arg("seed") = 1, py::arg("resamples") = 1000,
        py::arg("days") = std::nullopt, py::arg("backend") = "auto", py::arg("threads") = 0,
        py::arg("chunk") = 0, py::arg("progress") = py::none(), py::arg("notify") = py::none(),
        "Runs a sensitivity study (engine::run_sensitivity) with the GIL released");
  m.def(
      "write_sensitivity",
      [](const std::string& path, const SensitivityResults& s, bool overwrite) {
        write_sensitivity(path, s, existing_for(overwrite));
      },
      py::arg("path"), py::arg("results"), py::arg("overwrite") = false,
      py::call_guard<py::gil_scoped_release>());
  m.def("read_sensitivity", &read_sensitivity, py::arg("path"),
        py::call_guard<py::gil_scoped_release>());
  m.def("run", &run_scenario, py::arg("scenario"), py::arg("trials"), py::arg("seed"),
        py::arg("days") = std::nullopt, py::arg("backend") = "auto", py::arg("threads") = 0,
        py::arg("chunk") = 0, py::arg("progress") = py::none(), py::arg("notify") = py::none(),
        "Runs the engine (engine::run) with the GIL released. progress(done, total) and "
        "notify(message) are called between chunks; Ctrl-C raises KeyboardInterrupt after "
        "the current chunk and returns nothing.");
  m.def("run_postures", &run_scenarios, py::arg("scenarios"), py::arg("trials"), py::arg("seed"),
        py::arg("days") = std::nullopt, py::arg("backend") = "auto", py::arg("threads") = 0,
        py::arg("chunk") = 0, py::arg("progress") = py::none(), py::arg("notify") = py::none(),
        "Runs several postures side by side like a sweep of them (engine::run_postures): the "
        "first is the reference of the others' exact paired comparisons");
  // ---- sweeps ----
  py::class_<PairedDifference>(m, "PairedDifference",
                               "One distribution of a sweep run against its reference run, "
                               "trial by trial: exact sums of the per-trial differences")
      .def_readonly("name", &PairedDifference::name)
      .def_readonly("node", &PairedDifference::node)
      .def_readonly("outcome", &PairedDifference::outcome)
      .def_readonly("rows", &PairedDifference::rows)
      .def_readonly("trials", &PairedDifference::trials)
      .def_property_readonly(
          "sum_diff",
          [](const PairedDifference& d) {
            py::array_t<int64_t> out(static_cast<py::ssize_t>(d.sum_diff.size()));
            std::copy(d.sum_diff.begin(), d.sum_diff.end(), out.mutable_data());
            return out;
          },
          "int64 [rows]")
      .def_property_readonly(
          "sum_sq_diff", [](const PairedDifference& d) { return row_array(d.sum_sq_diff); },
          "uint64 [rows]")
      .def(
          "mean_diff",
          [](const PairedDifference& d) { return paired_rows(d, &PairedDifference::mean_diff); },
          "float64 [rows]")
      .def(
          "se_paired",
          [](const PairedDifference& d) { return paired_rows(d, &PairedDifference::se_paired); },
          "float64 [rows]")
      .def(
          "ci_low",
          [](const PairedDifference& d) { return paired_rows(d, &PairedDifference::ci_low); },
          "float64 [rows]: 95 % interval")
      .def(
          "ci_high",
          [](const PairedDifference& d) { return paired_rows(d, &PairedDifference::ci_high); },
          "float64 [rows]");

  m.def(
      "se_unpaired",
      [](const Distribution& a, const Distribution& b) {
        py::array_t<double> out(static_cast<py::ssize_t>(a.rows));
        for (uint32_t row = 0; row < a.rows; ++row)
          out.mutable_data()[row] = se_unpaired(a, b, row);
        return out;
      },
      py::arg("a"), py::arg("b"), "float64 [rows]: the unpaired standard error of mean(a)-mean(b)");

  py::class_<SweepRun>(m, "SweepRun", "One run of a sweep: a posture at one grid point")
      .def_property_readonly("name", &SweepRun::name)
      .def_readonly("posture", &SweepRun::posture)
      .def_readonly("grid", &SweepRun::grid)
      .def_readonly("reference", &SweepRun::reference)
      .def_readonly("results", &SweepRun::results)
      .def_readonly("comparison", &SweepRun::comparison)
      .def(
          "find_comparison",
          [](const SweepRun& r, const std::string& name, const std::string& node, bool outcome) {
            const PairedDifference* d = r.find_comparison(name, node, outcome);
            return d ? std::optional<PairedDifference>(*d) : std::nullopt;
          },
          py::arg("name"), py::arg("node") = "", py::arg("outcome") = false);

  py::class_<SweepResults>(m, "SweepResults", "The runs of a sweep and their comparisons")
      .def_property_readonly("provenance",
                             [](const SweepResults& s) { return provenance_dict(s.provenance); })
      .def_readonly("sweep_text", &SweepResults::sweep_text)
      .def_readonly("reference", &SweepResults::reference)
      .def_readonly("runs", &SweepResults::runs)
      .def("summary", [](const SweepResults& s) {
        std::ostringstream out;
        print_sweep_summary(out, s);
        return out.str();
      });

  m.def("sweep", &run_sweep, py::arg("source"), py::arg("is_text") = false,
        py::arg("label") = "<string>", py::arg("base_directory") = ".",
        py::arg("trials") = std::nullopt, py::arg("seed") = std::nullopt,
        py::arg("backend") = "auto", py::arg("threads") = 0, py::arg("chunk") = 0,
        py::arg("progress") = py::none(), py::arg("notify") = py::none(),
        "Runs a sweep file (or YAML text) like `contested sweep`, GIL released; Ctrl-C or an "
        "exception from a callback stops it after the current chunk");
  m.def("read_sweep_results", &read_sweep_results, py::arg("path"),
        py::call_guard<py::gil_scoped_release>(),
        "Reads a sweep's results file (a run's file reads as a sweep of one run)");
  m.def(
      "write_sweep_results",
      [](const std::string& path, const SweepResults& s, bool overwrite) {
        write_sweep_results(path, s, existing_for(overwrite));
      },
      py::arg("path"), py::arg("results"), py::arg("overwrite") = false,
      py::call_guard<py::gil_scoped_release>(),
      "Writes a sweep's results file atomically; an existing file raises FileExistsError "
      "unless overwrite");
  m.def(
      "write_runs",
      [](const std::string& path, const std::vector<Results>& runs, bool overwrite) {
        write_sweep_results(path, unpaired_runs(runs), existing_for(overwrite));
      },
      py::arg("path"), py::arg("runs"), py::arg("overwrite") = false,
      py::call_guard<py::gil_scoped_release>(),
      "Writes runs made apart (same scenario, seed, trials, days) as one file of several "
      "postures, unpaired, atomically");
  py::class_<ScenarioCheck>(m, "ScenarioCheck", "What validate reports of a scenario")
      .def_readonly("postures", &ScenarioCheck::postures)
      .def_readonly("notes", &ScenarioCheck::notes);
  m.def("check_scenario_file", &check_scenario_file, py::arg("path"),
        py::arg("extra_postures") = std::vector<std::string>{},
        py::call_guard<py::gil_scoped_release>(),
        "Loads a scenario file under every posture, as `contested validate` does");
  m.def("check_scenario_text", &check_scenario_text, py::arg("text"), py::arg("label"),
        py::call_guard<py::gil_scoped_release>(), "The same for YAML text");
  m.def("read_results", &read_results, py::arg("path"), py::call_guard<py::gil_scoped_release>(),
        "Reads a single-posture results file written by the CLI or write_results");
  m.def(
      "write_results",
      [](const std::string& path, const Results& r, bool overwrite) {
        write_results(path, r, existing_for(overwrite));
      },
      py::arg("path"), py::arg("results"), py::arg("overwrite") = false,
      py::call_guard<py::gil_scoped_release>(),
      "Writes the results file atomically (temporary file, fsync, rename); an existing file "
      "raises FileExistsError unless overwrite");
  m.def(
      "check_output_path",
      [](const std::string& path, bool overwrite) {
        check_output_path(path, existing_for(overwrite));
      },
      py::arg("path"), py::arg("overwrite") = false,
      "Raises before a run if its results could not be written to path (FileExistsError "
      "unless overwrite, or a missing or unwritable directory)");
}
