// The corpus of bad inputs (tests/bad_inputs/, format in its README.md): every file through
// the command line, which must exit with the status and print the message its header states;
// then the inputs too big to keep in the repository, generated here.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "tests/campaign_testing.hpp"

namespace contested::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(CONTESTED_SOURCE_DIR) / "tests" / "bad_inputs";
constexpr size_t kMinCases = 60;

std::vector<fs::path> corpus() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kCorpus)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  ASSERT_TRUE(out.good()) << path;
}

// The header: the leading `# KEY: VALUE` lines.
struct Header {
  std::vector<std::string> exit;
  std::vector<std::string> expect;
  std::vector<std::string> usage;
  std::vector<std::string> args;
  std::vector<std::string> why;
};

Header read_header(const fs::path& path) {
  Header h;
  std::istringstream lines(read_text(path));
  for (std::string line; std::getline(lines, line);) {
    const size_t colon = line.find(": ");
    if (!line.starts_with("# ") || colon == std::string::npos) break;
    const std::string key = line.substr(2, colon - 2);
    const std::string value = line.substr(colon + 2);
    if (key == "expect-exit") {
      h.exit.push_back(value);
    } else if (key == "expect") {
      h.expect.push_back(value);
    } else if (key == "expect-usage") {
      h.usage.push_back(value);
    } else if (key == "args") {
      h.args.push_back(value);
    } else if (key == "why") {
      h.why.push_back(value);
    } else {
      break;
    }
  }
  return h;
}

// A private directory, removed with what the command left in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "contested-bad-inputs-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Appends rather than "'" + ...: GCC 12 warns falsely (-Wrestrict) on that concatenation.
std::string quoted(const fs::path& p) {
  std::string out = "'";
  out += p.string();
  out += '\'';
  return out;
}

class BadInput : public ::testing::TestWithParam<fs::path> {};

TEST_P(BadInput, RefusedWithItsMessage) {
  const fs::path& file = GetParam();
  const Header h = read_header(file);
  ASSERT_EQ(h.exit.size(), 1u) << file << ": one `# expect-exit:` line";
  ASSERT_EQ(h.why.size(), 1u) << file << ": one `# why:` line";
  ASSERT_LE(h.args.size(), 1u) << file;
  ASSERT_TRUE(h.expect.size() == 1 ? h.usage.empty() : h.expect.empty() && !h.usage.empty())
      << file << ": one `# expect:` line, or `# expect-usage:` lines";
  const TempDir tmp;
  ASSERT_FALSE(tmp.path().empty());
  const Command c = h.args.empty() ? shell("validate " + quoted(file))
                                   : shell("run " + quoted(file) + " " + h.args[0] + " --out " +
                                           quoted(tmp.path() / "out.h5") + " --quiet");
  EXPECT_EQ(std::to_string(c.status), h.exit[0]) << c.output;
  for (const std::string& fragment : h.expect) {
    const std::string message = file.string() + ":" + fragment;
    EXPECT_NE(c.output.find(message), std::string::npos)
        << "expected: " << message << "\nprinted:  " << c.output;
  }
  for (const std::string& fragment : h.usage) {
    EXPECT_NE(c.output.find(fragment), std::string::npos)
        << "expected: " << fragment << "\nprinted:  " << c.output;
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadInput, ::testing::ValuesIn(corpus()),
                         [](const ::testing::TestParamInfo<fs::path>& param) {
                           return param.param.stem().string();
                         });

TEST(BadInputs, CorpusHasEnoughCases) {
  EXPECT_GE(corpus().size(), kMinCases);
}

// ---- generated: too big to keep in the repository ----------------------------------------

// The valid scenario they are built from.
const std::string kBase = [] {
  std::ifstream in(kCorpus / "generated" / "base.yaml");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}();
const std::string kRaid =
    "  - {days: [1, 1], target: airbase, aim: runway, missile: srbm, count: 12}\n";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// 1-based line of the first line holding `needle`.
int line_of(const std::string& text, const std::string& needle) {
  return static_cast<int>(std::count(text.begin(), text.begin() + text.find(needle), '\n')) + 1;
}

// Writes the scenario, validates it and checks the message that follows FILE:.
void expect_refused(const std::string& text, const std::string& fragment) {
  const TempDir tmp;
  ASSERT_FALSE(tmp.path().empty());
  const fs::path file = tmp.path() / "generated.yaml";
  write_text(file, text);
  const Command c = shell("validate " + quoted(file));
  EXPECT_EQ(c.status, 2) << c.output.substr(0, 2000);
  const std::string message = file.string() + ":" + fragment;
  EXPECT_NE(c.output.find(message), std::string::npos)
      << "expected: " << message << "\nprinted:  " << c.output.substr(0, 2000);
}

// A million raids, 70 MB: refused by its size before yaml-cpp spends minutes on it.
TEST(BadInputs, HugeFileIsRefusedBeforeParsing) {
  std::string raids = "raids:\n";
  for (int i = 0; i < 1000000; ++i)
    raids += kRaid;
  const std::string text = replaced(kBase, "raids:\n" + kRaid, raids);
  ASSERT_GT(text.size(), 70000000u);
  expect_refused(text, "0:0: file: is " + std::to_string(text.size()) +
                           " bytes, larger than the 16 MiB limit");
}

// yaml-cpp parses recursively: 100,000 brackets must be refused, not overflow the stack.
TEST(BadInputs, DeepNestingIsRefused) {
  const std::string text = kBase +
                           "postures:\n  - {id: deep, set: {\"name\": " + std::string(100000, '[') +
                           std::string(100000, ']') + "}}\n";
  expect_refused(text, std::to_string(line_of(text, "- {id: deep") + 1) +
                           ":1: yaml: lists and mappings are nested more than 64 levels deep");
}

// Five bases of 64 runways, each runway able to get 60000 craters: 19.2 million crater
// slots in every trial's state, beyond the 2^24 the engine allows in all.
TEST(BadInputs, CraterSlotsBeyondTheTheatreLimit) {
  std::string runways = "[";
  for (int r = 0; r < 64; ++r)
    runways += std::string(r ? ", " : "") + "{length_m: 3000, width_m: 45}";
  runways += "]";
  std::string nodes = "nodes:\n", raids = "raids:\n";
  for (int b = 0; b < 5; ++b) {
    const std::string id = "base" + std::to_string(b);
    nodes += "  - {id: " + id +
             ", kind: airbase, lat: 26.3545, lon: 127.7695, runways: " + runways +
             ", repair: {teams: 1, hours_per_crater: 3, sigma: 0.4}}\n";
    raids += "  - {days: [1, 1], target: " + id + ", aim: runway, missile: srbm, count: 384}\n";
  }
  std::string text = replaced(kBase, "raids:\n" + kRaid, raids);
  text = replaced(text, "nodes:\n", nodes);
  text = replaced(text, "    lethal_radius_m: {hardened: 5, soft: 60}\n    crater_radius_m: 6\n",
                  "    warhead: submunition\n    submunition_radius_m: 100\n"
                  "    submunition_pk: 0.5\n    crater_radius_m: 2\n"
                  "    craters_per_missile: 10000\n");
  text = replaced(replaced(text, "inventory: 60", "inventory: 2000"), "launchers: 24",
                  "launchers: 2000");
  expect_refused(text, std::to_string(line_of(text, "raids:")) +
                           ":1: raids: the raid plan could leave up to 19200000 craters on the "
                           "theatre's runways (allowed: at most 16777216");
}

// 400 depots over ten years: 33.8 million values recorded per trial.
TEST(BadInputs, RecordPerTrialBeyondTheLimit) {
  std::string depots;
  for (int d = 0; d < 400; ++d)
    depots += "  - {id: depot" + std::to_string(d) + ", kind: depot, lat: 26, lon: 127}\n";
  const std::string text = replaced(replaced(kBase, "days: 10\n", "days: 3650\n"),
                                    "aircraft_types:\n", depots + "aircraft_types:\n");
  expect_refused(
      text, std::to_string(line_of(text, "nodes:")) +
                ":1: nodes: one trial would record 33798917 values: 23 daily series at each of "
                "401 nodes");
}

// 4300 raids of a million missiles a day: more than a 32-bit count of missiles launched.
TEST(BadInputs, MissilesADayBeyondA32BitCount) {
  const std::string raid =
      "  - {days: [1, 1], target: airbase, aim: ramp, missile: srbm, count: 1000000}\n";
  std::string raids = "raids:\n";
  for (int i = 0; i < 4300; ++i)
    raids += raid;
  const std::string text = replaced(kBase, "raids:\n" + kRaid, raids);
  // Raid 4294 is the one that passes 4294967295.
  const int line = line_of(text, "raids:") + 4295;
  const int column = static_cast<int>(raid.find("1000000")) + 1;
  expect_refused(text, std::to_string(line) + ":" + std::to_string(column) +
                           ": raids[4294].count: the raids ask for 4295000000 missiles a day");
}

}  // namespace
}  // namespace contested::testing
