// Memory needs are estimated before a run: a run that cannot fit is refused with the figures,
// one that fits under a tight limit takes smaller chunks and gives the very same results.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "backends/memory_budget.hpp"
#include "engine/record_catalog.hpp"
#include "kernels/record.hpp"
#include "kernels/trial_state.hpp"
#include "tests/campaign_testing.hpp"

namespace contested {
namespace {

const std::string kSustainment = CONTESTED_SOURCE_DIR "/configs/examples/sustainment.yaml";

TEST(MemoryBudget, NeedGrowsWithBinsRowsAndState) {
  const MemoryNeed small = memory_need(1000, 100, 50);
  const MemoryNeed more_bins = memory_need(2000, 100, 50);
  EXPECT_EQ(more_bins.fixed_bytes - small.fixed_bytes, 3 * 1000 * sizeof(uint64_t));
  EXPECT_EQ(small.per_trial_bytes, 100 * sizeof(uint32_t));
  EXPECT_EQ(small.per_thread_bytes, 50 * sizeof(uint32_t));
}

TEST(MemoryBudget, SparePartIsWhatTheFixedPartLeaves) {
  const MemoryNeed need = memory_need(1000, 100, 50);
  const uint64_t one = need.fixed_bytes + need.per_trial_bytes + 2 * need.per_thread_bytes;
  EXPECT_EQ(chunk_memory(need, 1, 2, one + 12345), 12345u);
  EXPECT_EQ(chunk_memory(need, 3, 2, 3 * one), 0u);  // a sweep's postures each need theirs
  EXPECT_GT(host_memory_available(), uint64_t{1} << 20);
}

TEST(MemoryBudget, RunThatCannotFitIsRefusedWithTheFigures) {
  const MemoryNeed need = memory_need(1u << 20, 1000, 50);
  try {
    chunk_memory(need, 2, 1, 1u << 20);
    FAIL() << "a run that cannot fit was accepted";
  } catch (const std::length_error& e) {
    const std::string what = e.what();
    const uint64_t smallest = 2 * (need.fixed_bytes + need.per_trial_bytes + need.per_thread_bytes);
    EXPECT_NE(what.find("needs at least " + format_bytes(smallest) + " of memory"),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("2 runs side by side"), std::string::npos) << what;
    EXPECT_NE(what.find("1.0 MiB is the --memory-limit"), std::string::npos) << what;
  }
  EXPECT_EQ(format_bytes(512), "512 B");
  EXPECT_EQ(format_bytes(3u << 29), "1.5 GiB");
}

TEST(MemoryBudget, TightLimitTakesSmallerChunksAndTheSameResults) {
  RunOptions options;
  options.trials = 600;
  options.seed = 5;
  options.backend = "cpu";
  uint64_t chunks = 0;
  options.progress = [&chunks](uint64_t, uint64_t) { ++chunks; };
  const Scenario scenario = load_scenario_file(kSustainment);
  const Results roomy = run(scenario, options);
  EXPECT_EQ(chunks, 1u);

  // Just over the fixed part: room for a few dozen trials' records per chunk.
  const TallyPlan plan =
      plan_tally(catalog_records(scenario), record_layout(scenario.view()).rows());
  const MemoryNeed need =
      memory_need(plan.bins, plan.rows.size(), make_state_layout(scenario.view()).words);
  options.memory_limit = need.fixed_bytes + 64 * need.per_trial_bytes + 64 * need.per_thread_bytes;
  options.threads = 2;
  chunks = 0;
  const Results tight = run(scenario, options);
  EXPECT_GT(chunks, 10u);
  testing::expect_same_distributions(roomy, tight, "tight memory limit");

  options.memory_limit = need.fixed_bytes / 2;
  EXPECT_THROW(run(scenario, options), std::length_error);
}

TEST(MemoryBudget, CommandLineRefusesARunThatCannotFit) {
  const std::string out = ::testing::TempDir() + "contested_memory_" + std::to_string(::getpid());
  const testing::Command c =
      testing::shell("run " + kSustainment + " --trials 10 --memory-limit 1MiB --out " + out);
  EXPECT_EQ(c.status, 2) << c.output;
  EXPECT_NE(c.output.find("is the --memory-limit"), std::string::npos) << c.output;
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace contested
