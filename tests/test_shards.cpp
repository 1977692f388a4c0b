// Shards and merging (docs/design.md, sections 5 and 8; docs/cluster.md): a run split into trial
// blocks (`--shard i/n`) and merged gives the results of the run done in one piece, exactly,
// dataset by dataset; the merge refuses inputs that are not blocks of one run.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/runner.hpp"
#include "results/merge.hpp"
#include "results/results.hpp"
#include "results/results_h5.hpp"
#include "scenario/scenario_yaml.hpp"
#include "tests/h5_compare.hpp"

#include "tests/campaign_testing.hpp"

namespace contested {
namespace {

using testing::Command;
using testing::shell;

namespace fs = std::filesystem;

constexpr uint64_t kTrials = 211;  // prime: shards of unequal size
constexpr uint64_t kSeed = 77;
const std::string kScenario = CONTESTED_SOURCE_DIR "/configs/examples/sustainment.yaml";

RunOptions options_for(uint64_t first, uint64_t count, uint64_t seed = kSeed) {
  RunOptions options;
  options.trials = kTrials;
  options.seed = seed;
  options.backend = "cpu";
  options.threads = 2;
  options.first_trial = first;
  options.trial_count = count;
  return options;
}

std::vector<Results> shards_of(const Scenario& scenario, uint64_t n) {
  std::vector<Results> parts;
  for (uint64_t i = 0; i < n; ++i) {
    const TrialRange range = shard_range(kTrials, i, n);
    RunOptions options = options_for(range.first, range.count);
    options.shard = std::to_string(i) + "/" + std::to_string(n);
    parts.push_back(run(scenario, options));
  }
  return parts;
}

std::vector<std::string> labels_of(size_t n) {
  std::vector<std::string> labels;
  for (size_t i = 0; i < n; ++i)
    labels.push_back("shard" + std::to_string(i) + ".h5");
  return labels;
}

// Every field of every distribution, and every statistic derived from them, bit for bit.
void expect_identical(const Results& a, const Results& b, const std::string& what) {
  testing::expect_same_distributions(a, b, what);
  EXPECT_EQ(a.provenance.trials, b.provenance.trials) << what;
  EXPECT_EQ(a.provenance.first_trial, b.provenance.first_trial) << what;
  EXPECT_EQ(a.provenance.total_trials, b.provenance.total_trials) << what;
  EXPECT_EQ(a.provenance.scenario_sha256, b.provenance.scenario_sha256) << what;
  EXPECT_EQ(a.provenance.seed, b.provenance.seed) << what;
}

class Shards : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scenario_ = new Scenario(load_scenario_file(kScenario));
    whole_ = new Results(run(*scenario_, options_for(0, 0)));
  }
  static void TearDownTestSuite() {
    delete whole_;
    delete scenario_;
  }
  static inline Scenario* scenario_ = nullptr;
  static inline Results* whole_ = nullptr;
};

TEST(ShardRange, BlocksTileTheTrialsAndDifferByAtMostOne) {
  for (uint64_t trials : {1ull, 7ull, 211ull, 1000ull, 4294967295ull}) {
    for (uint64_t n : {1ull, 2ull, 3ull, 7ull}) {
      if (n > trials) continue;
      uint64_t next = 0;
      uint64_t smallest = trials;
      uint64_t largest = 0;
      for (uint64_t i = 0; i < n; ++i) {
        const TrialRange r = shard_range(trials, i, n);
        EXPECT_EQ(r.first, next) << trials << " trials, shard " << i << "/" << n;
        next = r.first + r.count;
        smallest = std::min(smallest, r.count);
        largest = std::max(largest, r.count);
      }
      EXPECT_EQ(next, trials);
      EXPECT_LE(largest - smallest, 1u);
    }
  }
  EXPECT_THROW(shard_range(10, 3, 3), std::invalid_argument);
  EXPECT_THROW(shard_range(2, 0, 3), std::invalid_argument);
  EXPECT_THROW(shard_range(10, 0, 0), std::invalid_argument);
}

TEST(ShardRange, ParsesIOfN) {
  EXPECT_EQ(parse_shard("0/4"), std::make_pair(uint64_t{0}, uint64_t{4}));
  EXPECT_EQ(parse_shard("6/7"), std::make_pair(uint64_t{6}, uint64_t{7}));
  for (const char* bad : {"", "4", "4/4", "-1/4", "1/0", "a/b", "1/4/5", " 1/4", "1/"}) {
    EXPECT_THROW(parse_shard(bad), std::invalid_argument) << bad;
  }
}

TEST_F(Shards, RunRecordsItsBlock) {
  const TrialRange r = shard_range(kTrials, 2, 3);
  RunOptions options = options_for(r.first, r.count);
  options.shard = "2/3";
  const Results part = run(*scenario_, options);
  EXPECT_EQ(part.provenance.first_trial, r.first);
  EXPECT_EQ(part.provenance.trials, r.count);
  EXPECT_EQ(part.provenance.total_trials, kTrials);
  EXPECT_EQ(part.provenance.shard, "2/3");
  EXPECT_EQ(part.metrics.front().trials(0), r.count);
  EXPECT_EQ(whole_->provenance.first_trial, 0u);
  EXPECT_EQ(whole_->provenance.total_trials, kTrials);
  EXPECT_THROW(run(*scenario_, options_for(kTrials, 0)), std::invalid_argument);
  EXPECT_THROW(run(*scenario_, options_for(10, kTrials)), std::invalid_argument);
}

TEST_F(Shards, MergedShardsEqualTheWholeRun) {
  for (uint64_t n : {1u, 3u, 7u}) {
    const std::vector<Results> parts = shards_of(*scenario_, n);
    expect_identical(*whole_, merge_results(parts, labels_of(n)), std::to_string(n) + " shards");
    // Any input order.
    std::vector<Results> reversed(parts.rbegin(), parts.rend());
    expect_identical(*whole_, merge_results(reversed, labels_of(n)),
                     std::to_string(n) + " shards, reversed");
  }
}

TEST_F(Shards, PartialMergesMergeOn) {
  const std::vector<Results> parts = shards_of(*scenario_, 7);
  MergeOptions partial;
  partial.allow_partial = true;
  const Results front = merge_results({parts[0], parts[1], parts[2]}, labels_of(3), partial);
  EXPECT_EQ(front.provenance.first_trial, 0u);
  EXPECT_EQ(front.provenance.trials, shard_range(kTrials, 3, 7).first);
  const Results back =
      merge_results({parts[4], parts[3], parts[6], parts[5]}, labels_of(4), partial);
  expect_identical(*whole_, merge_results({back, front}, {"back.h5", "front.h5"}), "two halves");
  // Still one contiguous block, even when partial.
  EXPECT_THROW(merge_results({parts[0], parts[2]}, labels_of(2), partial), std::invalid_argument);
}

TEST_F(Shards, MergedFilesEqualTheWholeRunDatasetByDataset) {
  const fs::path dir = fs::temp_directory_path() / "contested_test_shards";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string whole = (dir / "whole.h5").string();
  write_results(whole, *whole_, Existing::refuse);
  const std::vector<Results> parts = shards_of(*scenario_, 7);
  std::vector<std::string> files;
  for (size_t i = 0; i < parts.size(); ++i) {
    files.push_back((dir / ("shard" + std::to_string(i) + ".h5")).string());
    write_results(files.back(), parts[i], Existing::refuse);
  }
  std::reverse(files.begin(), files.end());
  const std::string merged = (dir / "merged.h5").string();
  merge_files(merged, files, Existing::refuse);
  EXPECT_EQ(testing::differing_datasets(whole, merged), std::vector<std::string>{});
  // The comparison sees every dataset, and a shard is not the whole run.
  EXPECT_GT(testing::dataset_bytes(whole).size(), 100u);
  EXPECT_FALSE(testing::differing_datasets(whole, files.front()).empty());
  const Results back = read_results(merged);
  EXPECT_EQ(back.provenance.trials, kTrials);
  EXPECT_EQ(back.provenance.first_trial, 0u);
  EXPECT_EQ(back.provenance.total_trials, kTrials);
  EXPECT_EQ(back.provenance.shard, "");
  EXPECT_EQ(read_results(files.front()).provenance.shard, "6/7");
  // The output may not be one of the inputs.
  EXPECT_THROW(merge_files(files[0], files, Existing::refuse), std::invalid_argument);
  fs::remove_all(dir);
}

// The message of the invalid_argument that `merge` throws, or "" when it does not.
std::string refusal(const std::vector<Results>& parts, const std::vector<std::string>& labels) {
  try {
    merge_results(parts, labels);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

void expect_refused(const std::vector<Results>& parts, const std::vector<std::string>& labels,
                    const std::vector<std::string>& mentions) {
  const std::string message = refusal(parts, labels);
  ASSERT_FALSE(message.empty()) << "merge accepted the inputs";
  for (const std::string& m : mentions)
    EXPECT_NE(message.find(m), std::string::npos) << "'" << m << "' not in: " << message;
}

TEST_F(Shards, MergeRefusesMismatchedInputs) {
  const std::vector<Results> parts = shards_of(*scenario_, 3);
  const std::vector<std::string> labels = {"a.h5", "b.h5", "c.h5"};

  std::vector<Results> seed = parts;
  seed[1] = run(*scenario_,
                options_for(seed[1].provenance.first_trial, seed[1].provenance.trials, kSeed + 1));
  expect_refused(seed, labels, {"a.h5", "b.h5", "seeds", "77", "78"});

  std::vector<Results> version = parts;
  version[2].provenance.engine_version = "0.0.1";
  expect_refused(version, labels, {"c.h5", "engine versions"});

  std::vector<Results> scenario = parts;
  const Scenario other =
      load_scenario_file(CONTESTED_SOURCE_DIR "/configs/examples/single_base.yaml");
  scenario[1] =
      run(other, options_for(parts[1].provenance.first_trial, parts[1].provenance.trials));
  expect_refused(scenario, labels, {"b.h5", "scenario_sha256"});

  std::vector<Results> posture = parts;
  posture[1] = run(load_scenario_file(kScenario, "hardened"),
                   options_for(parts[1].provenance.first_trial, parts[1].provenance.trials));
  expect_refused(posture, labels, {"b.h5", "postures", "hardened"});

  std::vector<Results> days = parts;
  RunOptions shorter = options_for(parts[1].provenance.first_trial, parts[1].provenance.trials);
  shorter.days = 5;
  days[1] = run(*scenario_, shorter);
  expect_refused(days, labels, {"b.h5", "days"});

  RunOptions longer_run = options_for(parts[2].provenance.first_trial, 0);
  longer_run.trials = kTrials + 1;
  std::vector<Results> length = parts;
  length[2] = run(*scenario_, longer_run);
  expect_refused(length, labels, {"c.h5", "total_trials"});

  expect_refused({parts[0], parts[1], parts[1], parts[2]}, {"a.h5", "b.h5", "b2.h5", "c.h5"},
                 {"b.h5", "b2.h5", "overlap"});
  expect_refused({parts[0], parts[2]}, {"a.h5", "c.h5"}, {"a.h5", "c.h5", "in no input"});
  expect_refused({parts[1], parts[2]}, {"b.h5", "c.h5"}, {"[0, 70)", "in no input"});
  expect_refused({parts[0], parts[1]}, {"a.h5", "b.h5"}, {"[140, 211)", "in no input"});
}

// ---- the command line ---------------------------------------------------------------------

TEST(ShardsCli, ShardedRunsMergeIntoTheWholeRun) {
  const fs::path dir = fs::temp_directory_path() / "contested_test_shards_cli";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string common = kScenario + " --trials 90 --seed 5 --backend cpu --quiet";
  const std::string whole = (dir / "whole.h5").string();
  ASSERT_EQ(shell("run " + common + " --out " + whole).status, 0);
  std::string inputs;
  for (int i = 0; i < 3; ++i) {
    const std::string out = (dir / ("s" + std::to_string(i) + ".h5")).string();
    const Command c = shell("run " + common + " --shard " + std::to_string(i) + "/3 --out " + out);
    ASSERT_EQ(c.status, 0) << c.output;
    inputs += " " + out;
  }
  const std::string merged = (dir / "merged.h5").string();
  const Command m = shell("merge " + merged + inputs);
  ASSERT_EQ(m.status, 0) << m.output;
  EXPECT_NE(m.output.find("90 trials"), std::string::npos) << m.output;
  EXPECT_EQ(testing::differing_datasets(whole, merged), std::vector<std::string>{});

  const Command missing = shell("merge " + (dir / "bad.h5").string() + " " +
                                (dir / "s0.h5").string() + " " + (dir / "s2.h5").string());
  EXPECT_EQ(missing.status, 2) << missing.output;
  EXPECT_NE(missing.output.find("in no input"), std::string::npos) << missing.output;
  EXPECT_FALSE(fs::exists(dir / "bad.h5"));

  const Command bad_shard = shell("run " + common + " --shard 3/3");
  EXPECT_EQ(bad_shard.status, 2) << bad_shard.output;
  EXPECT_NE(bad_shard.output.find("0-based"), std::string::npos) << bad_shard.output;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace contested
