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
    {"andersen_parking", "bc3be2473e3d2895afb4477f0be0d4680cff560cebbcc4a1c1437ae6beed47a4"},
    {"operations", "9c018d8f5c2e0481fb7e0a3c91cd515163b68c8b8954f84786c4cd22209e6515"},
    {"defended_base", "c90ca7db5b67776cf7098bbcb8cec575b7ed59e3bc5bf1b7a5dc57f1ea71ede4"},
    {"runway_denial", "f944159be2e946b2b9fa8d1df7dee5f1c8c0db0e95182ae6cdfa6ddf276e03aa"},
    {"ramp_and_shelters", "99047a463b0847bc7668bbf369025c5e97a225309f2f7ec9d6a747cc8fd77a38"},
    {"single_base", "29f2cd09f69678237e31e5c617ba76d9f698629451398856d22030d23305772d"},
    {"sustainment", "6af828be96f37c51c666ed3eb683b86cea325573e9812efd645fef266a4230c2"},
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
