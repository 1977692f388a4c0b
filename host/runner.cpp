#include "host/runner.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <memory>

#include "host/backend.hpp"
#include "host/record_catalog.hpp"
#include "host/sha256.hpp"
#include "kernels/record.hpp"

namespace contested {
namespace {

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::unique_ptr<Backend> choose_backend(const Scenario& scenario, const TallyPlan& plan,
                                        const RunOptions& options) {
  BackendOptions backend;
  backend.seed = options.seed;
  backend.trials = options.trials;
  backend.threads = options.threads;
  backend.chunk = options.chunk;
  if (options.backend == "cpu") return make_cpu_backend(scenario, plan, backend);
  if (options.backend == "cuda") return make_cuda_backend(scenario, plan, backend);
  if (options.backend != "auto") {
    throw std::invalid_argument("unknown backend '" + options.backend +
                                "' (allowed: auto, cpu, cuda)");
  }
  if (cuda_device_count() > 0) return make_cuda_backend(scenario, plan, backend);
  if (options.notify) options.notify("no CUDA device found: running on the CPU backend");
  return make_cpu_backend(scenario, plan, backend);
}

}  // namespace

Results run(const Scenario& input, const RunOptions& options) {
  if (options.trials == 0 || options.trials > kMaxTrials) {
    throw std::invalid_argument("trials must be between 1 and " + std::to_string(kMaxTrials));
  }
  Scenario scenario = input;
  if (options.days) {
    if (*options.days == 0 || *options.days > 3650) {
      throw std::invalid_argument("days must be between 1 and 3650");
    }
    scenario.days = *options.days;
    scenario.finalize();
  }
  const std::vector<RecordSeries> catalog = catalog_records(scenario);
  check_tally_limits(catalog, options.trials);
  const TallyPlan plan = plan_tally(catalog, record_layout(scenario.view()).rows());
  std::unique_ptr<Backend> backend = choose_backend(scenario, plan, options);

  const uint64_t chunk = backend->chunk_trials();
  for (uint64_t first = 0; first < options.trials; first += chunk) {
    if (options.stop_requested && options.stop_requested()) throw RunInterrupted();
    const uint64_t count = std::min<uint64_t>(chunk, options.trials - first);
    backend->run_chunk(first, static_cast<uint32_t>(count));
    if (options.progress) options.progress(first + count, options.trials);
  }
  Tally tally(plan);
  backend->add_tally_to(tally);

  Provenance p;
  p.engine_version = CONTESTED_VERSION;
  p.seed = options.seed;
  p.trials = options.trials;
  p.days = scenario.days;
  p.backend = backend->name();
  p.device = backend->device();
  p.created_utc = utc_now();
  p.scenario_text = scenario.source_text;
  p.scenario_sha256 = sha256_hex(scenario.source_text);
  p.scenario_name = scenario.name;
  p.posture = scenario.posture;
  return assemble_results(catalog, plan, tally, p);
}

}  // namespace contested
