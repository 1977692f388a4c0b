// Replays the fuzzers' seed corpora and every input they found a bug with through their own
// oracles, in the ordinary build: each scenario (tests/fuzz/corpus, tests/fuzz/regressions)
// loads under all its postures (and small ones run), each sweep (tests/fuzz/sweep_corpus) is
// planned, or the file is refused with a well-formed ScenarioError. A crash, a hang or any
// other exception fails the test.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "tests/fuzz/scenario_oracle.hpp"
#include "tests/fuzz/sweep_oracle.hpp"

namespace contested {
namespace {

namespace fs = std::filesystem;

const fs::path kFuzzDir = fs::path(CONTESTED_SOURCE_DIR) / "tests" / "fuzz";

std::vector<fs::path> files_in(const std::string& dir) {
  std::vector<fs::path> files;
  for (const fs::directory_entry& e : fs::directory_iterator(kFuzzDir / dir)) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<fs::path> replayed_files() {
  std::vector<fs::path> files = files_in("corpus");
  const std::vector<fs::path> regressions = files_in("regressions");
  files.insert(files.end(), regressions.begin(), regressions.end());
  return files;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class FuzzReplay : public testing::TestWithParam<fs::path> {};

TEST_P(FuzzReplay, LoadsOrIsRefusedWithAWellFormedError) {
  const std::string text = read_file(GetParam());
  const fuzz::Verdict verdict = fuzz::check_scenario_text(text);
  if (verdict.error) {
    EXPECT_EQ(fuzz::refusal_defect(*verdict.error, text), "");
  }
}

std::string test_name(const testing::TestParamInfo<fs::path>& info) {
  std::string name =
      info.param.parent_path().filename().string() + "_" + info.param.stem().string();
  std::replace_if(
      name.begin(), name.end(), [](unsigned char c) { return std::isalnum(c) == 0; }, '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Files, FuzzReplay, testing::ValuesIn(replayed_files()), test_name);

// Sweeps name their scenarios relative to the scenario corpus, as fuzz_sweep reads them.
class SweepFuzzReplay : public testing::TestWithParam<fs::path> {};

TEST_P(SweepFuzzReplay, IsPlannedOrRefusedWithAWellFormedError) {
  const std::string text = read_file(GetParam());
  const fuzz::Verdict verdict = fuzz::check_sweep_text(text, (kFuzzDir / "corpus").string());
  if (verdict.error) {
    EXPECT_EQ(fuzz::sweep_refusal_defect(*verdict.error, text), "");
  }
}

INSTANTIATE_TEST_SUITE_P(Files, SweepFuzzReplay, testing::ValuesIn(files_in("sweep_corpus")),
                         test_name);

// The corpus holds both kinds of input, and good files small enough to run, so that the
// fuzzer starts from the loader's refusals, its successes and the model.
TEST(FuzzCorpus, HoldsRefusedLoadedAndRunScenarios) {
  size_t refused = 0, loaded = 0, run = 0;
  for (const fs::path& file : files_in("corpus")) {
    const fuzz::Verdict verdict = fuzz::check_scenario_text(read_file(file));
    refused += verdict.error ? 1 : 0;
    loaded += verdict.postures_loaded > 0 ? 1 : 0;
    run += verdict.postures_run > 0 ? 1 : 0;
  }
  EXPECT_GT(refused, 0u);
  EXPECT_GT(loaded, 0u);
  EXPECT_GT(run, 0u);
}

// The refusal of a regression, which must be a YAML-level error on line `line`.
ScenarioError yaml_refusal(const std::string& name, int line) {
  const fuzz::Verdict verdict =
      fuzz::check_scenario_text(read_file(kFuzzDir / "regressions" / name));
  EXPECT_TRUE(verdict.error) << name;
  const ScenarioError error = verdict.error.value_or(ScenarioError("", 0, 0, "", ""));
  EXPECT_EQ(error.key(), "yaml") << name;
  EXPECT_EQ(error.line(), line) << name;
  return error;
}

// Aliases that expand without end (an alias inside the value its anchor names) or
// exponentially (each anchor's value aliasing the previous one twice) once overflowed the
// stack or hung; they are refused at the anchor, before any reader walks the document.
TEST(FuzzRegressions, EndlessAliasesAreRefused) {
  for (const char* name : {"alias_inside_its_anchor.yaml", "alias_inside_its_anchor_map.yaml",
                           "alias_billion_laughs.yaml"}) {
    EXPECT_NE(yaml_refusal(name, 1).problem().find("alias"), std::string::npos) << name;
  }
}

// A ',' where a document should start made yaml-cpp's LoadAll loop for ever, allocating
// (jbeder/yaml-cpp#1040); it is a syntax error at the comma.
TEST(FuzzRegressions, StrayCommaIsASyntaxError) {
  for (const auto& [name, line] : {std::pair{"yaml_stray_comma.yaml", 1},
                                   {"yaml_stray_comma_after_document.yaml", 3},
                                   {"yaml_stray_comma_after_tag.yaml", 1}}) {
    EXPECT_NE(yaml_refusal(name, line).problem().find("stray ','"), std::string::npos) << name;
  }
}

// A raid plan needing more crater slots than 32-bit state counts hold once loaded and then
// overflowed every trial's state (a heap overflow in the model); it is refused at the raids.
TEST(FuzzRegressions, CraterSlotsBeyondTheStateAreRefused) {
  const fuzz::Verdict verdict = fuzz::check_scenario_text(
      read_file(kFuzzDir / "regressions" / "raid_plan_crater_slots_overflow.yaml"));
  ASSERT_TRUE(verdict.error);
  EXPECT_EQ(verdict.error->key(), "raids");
}

}  // namespace
}  // namespace contested
