// Throughput of whole campaigns on each available backend: trials/s and missile
// trajectories/s for the first theatre (configs/indo_pacific_airbases.yaml).
//   build/bin/contested_bench [--benchmark_filter=cpu] [CONTESTED_BENCH_SCENARIO=file]
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "host/backend.hpp"
#include "host/results.hpp"
#include "host/runner.hpp"
#include "host/scenario_yaml.hpp"

namespace {

using namespace contested;

const Scenario& bench_scenario() {
  static const Scenario scenario = [] {
    const char* env = std::getenv("CONTESTED_BENCH_SCENARIO");
    return load_scenario_file(env ? env
                                  : CONTESTED_SOURCE_DIR "/configs/indo_pacific_airbases.yaml");
  }();
  return scenario;
}

void campaigns(benchmark::State& state, const std::string& backend) {
  if (backend == "cuda" && cuda_device_count() == 0) {
    state.SkipWithError("no CUDA device");
    return;
  }
  RunOptions options;
  options.trials = static_cast<uint64_t>(state.range(0));
  options.backend = backend;
  double missiles = 0;
  for (auto _ : state) {
    const Results r = run(bench_scenario(), options);
    const Distribution* launched = r.find_metric("missiles_launched");
    missiles = 0;
    for (uint32_t d = 0; d < launched->rows; ++d)
      missiles += static_cast<double>(launched->sum[d]);
    benchmark::DoNotOptimize(missiles);
  }
  const double runs = static_cast<double>(state.iterations());
  state.counters["trials/s"] =
      benchmark::Counter(runs * static_cast<double>(options.trials), benchmark::Counter::kIsRate);
  state.counters["missiles/s"] = benchmark::Counter(runs * missiles, benchmark::Counter::kIsRate);
  state.counters["day-steps/s"] =
      benchmark::Counter(runs * static_cast<double>(options.trials) * bench_scenario().days,
                         benchmark::Counter::kIsRate);
}

BENCHMARK_CAPTURE(campaigns, cpu, std::string("cpu"))
    ->Arg(1000)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(campaigns, cuda, std::string("cuda"))
    ->Arg(10000)
    ->Arg(100000)
    ->Arg(1000000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
