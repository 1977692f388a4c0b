// Throughput of whole campaigns on each available backend: trials/s, day-steps/s and
// missile trajectories/s, for the first theatre (air bases only) and the worked
// sustainment example (air base + stocks, factories, routes, ships, yards; posture
// federated).
//   build/bin/contested_bench [--benchmark_filter=cpu]
#include <benchmark/benchmark.h>

#include <map>
#include <string>

#include "backends/backend.hpp"
#include "engine/runner.hpp"
#include "results/results.hpp"
#include "scenario/scenario_yaml.hpp"

namespace {

using namespace contested;

const Scenario& bench_scenario(const std::string& name) {
  static std::map<std::string, Scenario> loaded;
  if (!loaded.contains(name)) {
    loaded[name] =
        name == "airbases"
            ? load_scenario_file(CONTESTED_SOURCE_DIR "/configs/indo_pacific_airbases.yaml")
            : load_scenario_file(CONTESTED_SOURCE_DIR "/configs/examples/sustainment.yaml",
                                 "federated");
  }
  return loaded[name];
}

void campaigns(benchmark::State& state, const std::string& backend, const std::string& name) {
  if (backend == "cuda" && cuda_device_count() == 0) {
    state.SkipWithError("no CUDA device");
    return;
  }
  const Scenario& scenario = bench_scenario(name);
  RunOptions options;
  options.trials = static_cast<uint64_t>(state.range(0));
  options.backend = backend;
  double missiles = 0;
  for (auto _ : state) {
    const Results r = run(scenario, options);
    const Distribution* launched = r.find_metric("missiles_launched");
    missiles = 0;
    for (uint32_t d = 0; d < launched->rows; ++d)
      missiles += static_cast<double>(launched->sum[d]);
    benchmark::DoNotOptimize(missiles);
  }
  const double runs = static_cast<double>(state.iterations());
  const double trials = runs * static_cast<double>(options.trials);
  state.counters["trials/s"] = benchmark::Counter(trials, benchmark::Counter::kIsRate);
  state.counters["missiles/s"] = benchmark::Counter(runs * missiles, benchmark::Counter::kIsRate);
  state.counters["day-steps/s"] =
      benchmark::Counter(trials * scenario.days, benchmark::Counter::kIsRate);
}

BENCHMARK_CAPTURE(campaigns, cpu_airbases, std::string("cpu"), std::string("airbases"))
    ->Arg(1000)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(campaigns, cpu_sustainment, std::string("cpu"), std::string("sustainment"))
    ->Arg(1000)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(campaigns, cuda_airbases, std::string("cuda"), std::string("airbases"))
    ->Arg(10000)
    ->Arg(100000)
    ->Arg(1000000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(campaigns, cuda_sustainment, std::string("cuda"), std::string("sustainment"))
    ->Arg(10000)
    ->Arg(100000)
    ->Arg(1000000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
