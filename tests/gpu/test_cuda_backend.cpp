// GPU tests (ctest label `gpu`): the CUDA backend against the CPU reference. They skip
// cleanly where no CUDA device (or no CUDA backend) is present.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "engine/runner.hpp"
#include "engine/uncertain_run.hpp"
#include "results/results.hpp"
#include "scenario/scenario_yaml.hpp"

namespace contested {
namespace {

// Scenario files: the theatres and examples, not posture or sweep files.
std::vector<std::string> scenario_files() {
  std::vector<std::string> files;
  const std::filesystem::path root(CONTESTED_SOURCE_DIR "/configs");
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    const std::string dir = entry.path().parent_path().filename().string();
    if (entry.path().extension() != ".yaml" || dir == "postures" || dir == "sweeps") continue;
    files.push_back(entry.path().string());
  }
  return files;
}

Results run_on(const Scenario& scenario, const std::string& backend, uint64_t trials,
               uint32_t chunk = 0) {
  RunOptions options;
  options.trials = trials;
  options.seed = 20261122;
  options.backend = backend;
  options.chunk = chunk;
  return run(scenario, options);
}

void expect_identical(const std::vector<Distribution>& a, const std::vector<Distribution>& b,
                      const std::string& where) {
  ASSERT_EQ(a.size(), b.size()) << where;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].histogram, b[i].histogram) << where << ": " << a[i].node << "/" << a[i].name;
    EXPECT_EQ(a[i].sum, b[i].sum) << where << ": " << a[i].node << "/" << a[i].name;
    EXPECT_EQ(a[i].sum_sq, b[i].sum_sq) << where << ": " << a[i].node << "/" << a[i].name;
  }
}

class CudaBackend : public ::testing::Test {
 protected:
  void SetUp() override {
    if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  }
};

TEST_F(CudaBackend, HistogramsEqualCpuOnEveryScenario) {
  for (const std::string& file : scenario_files()) {
    const Scenario scenario = load_scenario_file(file);
    const Results cpu = run_on(scenario, "cpu", 2000);
    const Results gpu = run_on(scenario, "cuda", 2000);
    EXPECT_EQ(gpu.provenance.backend, "cuda");
    expect_identical(cpu.metrics, gpu.metrics, file);
    expect_identical(cpu.outcomes, gpu.outcomes, file);
  }
}

// The theatre's uncertain inputs (configs/postures/uncertain.yaml): every sample's scenario
// runs on the GPU as on the CPU.
TEST_F(CudaBackend, UncertainRunEqualsCpu) {
  const UncertainScenario u =
      UncertainScenario::from_file(CONTESTED_SOURCE_DIR "/configs/indo_pacific.yaml",
                                   CONTESTED_SOURCE_DIR "/configs/postures/uncertain.yaml");
  RunOptions options;
  options.trials = 400;
  options.seed = 20261205;
  options.backend = "cpu";
  const Results cpu = run_uncertain(u, options, 20);
  options.backend = "cuda";
  const Results gpu = run_uncertain(u, options, 20);
  EXPECT_EQ(gpu.provenance.backend, "cuda");
  expect_identical(cpu.metrics, gpu.metrics, "uncertain");
  expect_identical(cpu.outcomes, gpu.outcomes, "uncertain");
  EXPECT_EQ(cpu.uncertain, gpu.uncertain);
}

TEST_F(CudaBackend, ChunkingDoesNotChangeResults) {
  const Scenario scenario =
      load_scenario_file(CONTESTED_SOURCE_DIR "/configs/indo_pacific_airbases.yaml");
  const Results whole = run_on(scenario, "cuda", 50000);
  const Results chunked = run_on(scenario, "cuda", 50000, 7919);
  expect_identical(whole.metrics, chunked.metrics, "chunked");
  expect_identical(whole.outcomes, chunked.outcomes, "chunked");
}

TEST_F(CudaBackend, LargeRunsStayInBoundedMemory) {
  // Ten chunks of 100k trials reuse the same buffers: the run completes and counts every trial.
  const Scenario scenario =
      load_scenario_file(CONTESTED_SOURCE_DIR "/configs/indo_pacific_airbases.yaml");
  const Results r = run_on(scenario, "cuda", 1000000, 100000);
  const Distribution* sorties = r.find_metric("sorties");
  ASSERT_NE(sorties, nullptr);
  EXPECT_EQ(sorties->trials(0), 1000000u);
}

}  // namespace
}  // namespace contested
