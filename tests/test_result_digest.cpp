// The determinism guard: the results of every example scenario for a fixed seed are pinned
// by the SHA-256 of every dataset of its results file (histograms, exact sums, statistics,
// the scenario text), byte for byte. Any change to the model's random-number use, to a
// sub-model or to the file layout changes a digest and fails here, so that it is made on
// purpose. Attributes are left out: they hold the time, the machine and the engine version.
//
// When a change is intended, the failure prints the new digest; update the table and say in
// the commit message why the results moved.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>
#include <utility>

#include "results/results_h5.hpp"
#include "results/sha256.hpp"
#include "tests/campaign_testing.hpp"
#include "tests/h5_compare.hpp"

namespace contested {
namespace {

constexpr uint64_t kTrials = 200;
constexpr uint64_t kSeed = 2026;

// configs/examples/<name>.yaml → digest of its results (kTrials trials, seed kSeed, baseline).
const std::map<std::string, std::string> kPinned = {
    {"defended_base", "6c1866dd93394c7e4999b065ebea1b91c7c89210e8df68de9173c8041622c60e"},
    {"runway_denial", "a36fcf6f3aa555a4a5bd4d78887787816e2211cdc02870536e6e6d3a57068a52"},
    {"ramp_and_shelters", "b6b1da2a1924abf6010e9e9c8ebcd22ee80cb17a3209aa65fc702abfab26b5da"},
    {"single_base", "eb95be11b9cb456e7259a41645575624f7145033ef643f5358e11c37bb29121e"},
    {"sustainment", "d4a7ef9d5e7a2c831fd5f33367c746cfcf084b8964c6f99c170897f287d09703"},
};

std::string results_digest(const std::string& example) {
  RunOptions options;
  options.trials = kTrials;
  options.seed = kSeed;
  options.backend = "cpu";
  const Results results = run(
      load_scenario_file(CONTESTED_SOURCE_DIR "/configs/examples/" + example + ".yaml"), options);
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() /
      ("contested_digest_" + std::to_string(::getpid()) + "_" + example + ".h5");
  write_results(file.string(), results, Existing::replace);
  std::string content;
  for (const auto& [name, bytes] : testing::dataset_bytes(file.string())) {
    content += name;
    content += '\0';
    content += std::to_string(bytes.size());
    content += '\0';
    content += bytes;
  }
  std::filesystem::remove(file);
  return sha256_hex(content);
}

class ResultDigest : public ::testing::TestWithParam<std::pair<const std::string, std::string>> {};

TEST_P(ResultDigest, MatchesThePinnedDigest) {
  const auto& [example, pinned] = GetParam();
  EXPECT_EQ(results_digest(example), pinned)
      << "The results of configs/examples/" << example << ".yaml (" << kTrials << " trials, seed "
      << kSeed
      << ") changed. If the change is intended, pin the new digest in "
         "tests/test_result_digest.cpp and say why in the commit message.";
}

INSTANTIATE_TEST_SUITE_P(Examples, ResultDigest, ::testing::ValuesIn(kPinned),
                         [](const auto& example) { return example.param.first; });

TEST(ResultDigestSetup, EveryExampleIsPinned) {
  size_t examples = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(CONTESTED_SOURCE_DIR "/configs/examples")) {
    if (entry.path().extension() != ".yaml") continue;
    ++examples;
    EXPECT_TRUE(kPinned.contains(entry.path().stem().string()))
        << entry.path() << " has no pinned digest";
  }
  EXPECT_EQ(examples, kPinned.size());
}

}  // namespace
}  // namespace contested
