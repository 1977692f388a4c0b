// GPU tests (ctest label `gpu`): a sweep on the CUDA backend pairs trials exactly as on the
// CPU. The paired differences need each chunk's per-trial rows on the host, which the CUDA
// backend copies back (trial-interleaved on the device). Skipped without a CUDA device.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "engine/runner.hpp"
#include "engine/sweep.hpp"
#include "results/results.hpp"

namespace contested {
namespace {

TEST(CudaSweep, PairedDifferencesEqualTheCpuOnes) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  const SweepSpec spec = load_sweep_text("scenario: " CONTESTED_SOURCE_DIR
                                         "/configs/examples/sustainment.yaml\n"
                                         "trials: 3001\nseed: 8\n"
                                         "postures: [baseline, hardened, federated]\n",
                                         "<sweep>", ".");
  const std::vector<Arm> runs = plan_sweep(spec);
  for (uint32_t chunk : {0u, 377u}) {
    SCOPED_TRACE("chunk " + std::to_string(chunk));
    RunOptions cpu;
    cpu.backend = "cpu";
    cpu.chunk = chunk;
    RunOptions cuda = cpu;
    cuda.backend = "cuda";
    const SweepResults a = sweep(spec, runs, cpu);
    const SweepResults b = sweep(spec, runs, cuda);
    ASSERT_EQ(a.runs.size(), b.runs.size());
    for (size_t r = 0; r < a.runs.size(); ++r) {
      const SweepRun& x = a.runs[r];
      const SweepRun& y = b.runs[r];
      ASSERT_EQ(x.results.metrics.size(), y.results.metrics.size());
      for (size_t i = 0; i < x.results.metrics.size(); ++i) {
        EXPECT_EQ(x.results.metrics[i].histogram, y.results.metrics[i].histogram)
            << x.name() << " " << x.results.metrics[i].name;
      }
      ASSERT_EQ(x.comparison.size(), y.comparison.size()) << x.name();
      for (size_t i = 0; i < x.comparison.size(); ++i) {
        EXPECT_EQ(x.comparison[i].sum_diff, y.comparison[i].sum_diff)
            << x.name() << " " << x.comparison[i].name;
        EXPECT_EQ(x.comparison[i].sum_sq_diff, y.comparison[i].sum_sq_diff)
            << x.name() << " " << x.comparison[i].name;
      }
    }
  }
}

}  // namespace
}  // namespace contested
