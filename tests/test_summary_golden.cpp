// The summary's text for three examples, compared with files in tests/golden/: what an analyst
// reads (labels, units, n/a, never, whole-number quantiles, 100 columns) changes only on
// purpose. After an intended change, regenerate with
//   CONTESTED_UPDATE_GOLDEN=1 build/bin/contested_tests --gtest_filter='SummaryGolden*'
// and read the diff before committing it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/runner.hpp"
#include "results/summary.hpp"
#include "scenario/scenario_yaml.hpp"
#include "tests/campaign_testing.hpp"

namespace contested {
namespace {

std::string summary_of(const std::string& example, const std::string& posture) {
  RunOptions options;
  options.trials = 400;
  options.seed = 2026;
  options.backend = "cpu";
  Results r = run(
      load_scenario_file(CONTESTED_SOURCE_DIR "/configs/examples/" + example + ".yaml", posture),
      options);
  r.provenance.device = "CPU";  // the thread count differs between machines
  std::ostringstream text;
  print_summary(text, r);
  return text.str();
}

class SummaryGolden : public ::testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(SummaryGolden, MatchesTheFile) {
  const auto [example, posture] = GetParam();
  const std::filesystem::path golden = std::filesystem::path(CONTESTED_SOURCE_DIR) / "tests" /
                                       "golden" / (std::string(example) + "_" + posture + ".txt");
  const std::string text = summary_of(example, posture);
  for (const std::string& line : testing::lines_of(text))
    EXPECT_LE(line.size(), 100u) << line;
  if (std::getenv("CONTESTED_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(golden) << text;
    GTEST_SKIP() << "wrote " << golden;
  }
  std::ifstream in(golden);
  ASSERT_TRUE(in) << golden << " is missing; CONTESTED_UPDATE_GOLDEN=1 writes it";
  const std::string want((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, want) << "The summary of " << example << " (" << posture
                        << ") changed. If intended, regenerate " << golden
                        << " with CONTESTED_UPDATE_GOLDEN=1 and read the diff.";
}

INSTANTIATE_TEST_SUITE_P(Examples, SummaryGolden,
                         ::testing::Values(std::pair{"runway_denial", "baseline"},
                                           std::pair{"defended_base", "baseline"},
                                           std::pair{"sustainment", "federated"}),
                         [](const auto& param_info) {
                           return std::string(param_info.param.first) + "_" +
                                  param_info.param.second;
                         });

}  // namespace
}  // namespace contested
