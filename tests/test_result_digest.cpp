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
    {"defended_base", "1495a8bb0a4fb380938daa304b52d0fe84315d722e0122054211e4ceb735ef28"},
    {"runway_denial", "5c0dcf2a3e3437a02c293bdcab26e63d8dde1d7e1599331fc19f1a8cde750210"},
    {"ramp_and_shelters", "b6b1da2a1924abf6010e9e9c8ebcd22ee80cb17a3209aa65fc702abfab26b5da"},
    {"single_base", "ac8bb3a9aeb5b46ecac99721b9503aaeff04951de5c6a831b8224cbe57bdfdf8"},
    {"sustainment", "5bb1ef44401cc67bfc813ede78a3dde63f00eaccd854642275e49d018f5ec036"},
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
