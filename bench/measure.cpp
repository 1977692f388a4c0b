#include "bench/measure.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>

#include "backends/backend.hpp"
#include "bench/memory_probe.hpp"
#include "engine/record_catalog.hpp"
#include "engine/runner.hpp"
#include "kernels/record.hpp"
#include "results/results_h5.hpp"
#include "scenario/scenario_yaml.hpp"

namespace contested::bench {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

RunOptions options_for(uint64_t trials, const Setup& setup) {
  RunOptions o;
  o.trials = trials;
  o.seed = setup.seed;
  o.backend = setup.backend;
  o.threads = setup.threads;
  return o;
}

bool same(const Distribution& a, const Distribution& b) {
  return a.name == b.name && a.node == b.node && a.histogram == b.histogram && a.sum == b.sum &&
         a.sum_sq == b.sum_sq;
}

}  // namespace

EndToEnd end_to_end(const std::string& path, uint32_t days, uint64_t trials, const Setup& setup,
                    const std::string& out) {
  RunOptions options = options_for(trials, setup);
  options.days = days;
  const auto start = std::chrono::steady_clock::now();
  const Scenario scenario = load_scenario_file(path);
  EndToEnd e{0, 0, run(scenario, options)};
  write_results(out, e.results, Existing::replace);
  e.seconds = seconds_since(start);
  e.file_bytes = std::filesystem::file_size(out);
  std::filesystem::remove(out);
  return e;
}

KernelRun campaign_kernel(const Scenario& scenario, uint64_t trials, const Setup& setup,
                          uint32_t chunk, double max_seconds) {
  const std::vector<RecordSeries> catalog = catalog_records(scenario);
  const TallyPlan plan = plan_tally(catalog, record_layout(scenario.view()).rows());
  RunOptions options = options_for(trials, setup);
  options.chunk = chunk;
  const std::unique_ptr<Backend> backend = make_backend(scenario, plan, options);
  const uint64_t step = backend->chunk_trials();
  KernelRun k;
  k.days = scenario.days;
  const auto start = std::chrono::steady_clock::now();
  while (k.trials < trials && !k.stopped) {
    const uint64_t count = std::min(step, trials - k.trials);
    backend->run_chunk(k.trials, static_cast<uint32_t>(count));
    k.trials += count;
    k.stopped = max_seconds > 0 && k.trials < trials && seconds_since(start) > max_seconds;
  }
  k.seconds = seconds_since(start);
  Tally tally(plan);
  backend->add_tally_to(tally);
  Provenance p;
  p.trials = k.trials;
  p.total_trials = k.trials;
  k.missiles = missiles_launched(assemble_results(catalog, plan, tally, p));
  return k;
}

uint64_t backend_memory(const Scenario& scenario, uint64_t trials, const Setup& setup) {
  const bool device = setup.backend == "cuda";
  const auto in_use = [&] { return device ? device_bytes_in_use() : heap_bytes_in_use(); };
  const std::vector<RecordSeries> catalog = catalog_records(scenario);
  const TallyPlan plan = plan_tally(catalog, record_layout(scenario.view()).rows());
  const uint64_t before = in_use();
  const std::unique_ptr<Backend> backend = make_backend(scenario, plan, options_for(trials, setup));
  const uint64_t after = in_use();
  return after > before ? after - before : 0;
}

double missiles_launched(const Results& r) {
  const Distribution* launched = r.find_metric("missiles_launched");
  double missiles = 0;
  for (uint32_t d = 0; d < launched->rows; ++d)
    missiles += static_cast<double>(launched->sum[d]);
  return missiles;
}

uint32_t differing_distributions(const Results& a, const Results& b) {
  uint32_t differ = 0;
  const auto compare = [&](const std::vector<Distribution>& x, const std::vector<Distribution>& y) {
    differ += static_cast<uint32_t>(std::max(x.size(), y.size()) - std::min(x.size(), y.size()));
    for (size_t i = 0; i < std::min(x.size(), y.size()); ++i)
      differ += same(x[i], y[i]) ? 0 : 1;
  };
  compare(a.metrics, b.metrics);
  compare(a.outcomes, b.outcomes);
  return differ;
}

}  // namespace contested::bench
