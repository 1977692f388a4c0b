// The Indo-Pacific theatre and its posture library (configs/indo_pacific.yaml,
// configs/postures/): every config validates, every posture file applies to the theatre and
// does what its name says, every number in the theatre carries a source or an assumption,
// and the baseline runs on the CPU and reports every metric of docs/results.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/runner.hpp"
#include "kernels/airfield.hpp"
#include "results/results.hpp"
#include "scenario/scenario_yaml.hpp"

namespace contested {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = CONTESTED_SOURCE_DIR;
const fs::path kTheatre = kSource / "configs" / "indo_pacific.yaml";
const fs::path kPostures = kSource / "configs" / "postures";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// ---- every config validates ---------------------------------------------------------------

TEST(Theatre, EveryConfigValidatesUnderEveryPosture) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(kSource / "configs")) {
    if (!entry.is_regular_file() || entry.path().extension() != ".yaml") continue;
    const fs::path relative = fs::relative(entry.path(), kSource / "configs");
    // Posture files are tested below; sweep files in tests/test_sweep.cpp.
    if (*relative.begin() == "postures" || *relative.begin() == "sweeps") continue;
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 6u);  // the two theatres and the worked examples
  EXPECT_NE(std::find(files.begin(), files.end(), kTheatre), files.end());
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    for (const std::string& posture : posture_ids(file.string())) {
      EXPECT_NO_THROW(load_scenario_file(file.string(), posture)) << posture;
    }
  }
}

// ---- every posture file applies to the theatre --------------------------------------------

uint64_t total_shelters(const Scenario& s) {
  uint64_t n = 0;
  for (const Node& node : s.nodes)
    n += node.shelters;
  return n;
}

uint64_t total_aircraft(const Scenario& s) {
  uint64_t n = 0;
  for (const Node& node : s.nodes)
    n += node.aircraft_count;
  return n;
}

size_t airbases(const Scenario& s) {
  return static_cast<size_t>(std::count_if(
      s.nodes.begin(), s.nodes.end(), [](const Node& n) { return n.kind == NodeKind::airbase; }));
}

TEST(Theatre, EveryPostureFileAppliesToTheTheatre) {
  std::map<std::string, Scenario> loaded;
  for (const auto& entry : fs::directory_iterator(kPostures)) {
    if (entry.path().extension() != ".yaml") continue;
    SCOPED_TRACE(entry.path().string());
    Scenario s;
    ASSERT_NO_THROW(s = load_scenario_file(kTheatre.string(), entry.path().string()));
    // A posture file is named after its id, which names the results.
    EXPECT_EQ(s.posture, entry.path().stem().string());
    loaded.emplace(s.posture, std::move(s));
  }
  for (const std::string id :
       {"baseline", "hardened", "dispersed", "defended", "federated", "federated_dispersed"}) {
    ASSERT_TRUE(loaded.count(id)) << "configs/postures/" << id << ".yaml is missing";
  }
  const Scenario plain = load_scenario_file(kTheatre.string());
  const Scenario& base = loaded.at("baseline");
  // baseline is today's posture: the theatre with no flags.
  EXPECT_EQ(base.node_ids, plain.node_ids);
  EXPECT_EQ(base.raids.size(), plain.raids.size());
  EXPECT_EQ(base.docks.size(), plain.docks.size());
  // US yards only under baseline: every dock stands at Pearl Harbor, Puget Sound or San Diego.
  for (const Dock& d : base.docks) {
    const std::string& yard = base.node_ids[d.node];
    EXPECT_TRUE(yard == "pearl_harbor_nsy" || yard == "puget_sound_nsy" ||
                yard == "san_diego_yards")
        << yard;
  }
  // hardened: more shelters, wider runways, same force.
  const Scenario& hard = loaded.at("hardened");
  EXPECT_GT(total_shelters(hard), total_shelters(base));
  EXPECT_EQ(total_aircraft(hard), total_aircraft(base));
  double base_width = 0, hard_width = 0;
  for (const Runway& r : base.runways)
    base_width += r.width_m;
  for (const Runway& r : hard.runways)
    hard_width += r.width_m;
  EXPECT_GT(hard_width, base_width);
  // dispersed: more fields, the same aircraft spread over them.
  const Scenario& dispersed = loaded.at("dispersed");
  EXPECT_GT(airbases(dispersed), airbases(base));
  EXPECT_EQ(total_aircraft(dispersed), total_aircraft(base));
  // defended: more batteries.
  EXPECT_GT(loaded.at("defended").batteries.size(), base.batteries.size());
  // federated: allied yards, lines and depots open; no aircraft move.
  const Scenario& federated = loaded.at("federated");
  EXPECT_GT(federated.docks.size(), base.docks.size());
  EXPECT_GT(federated.factories.size(), base.factories.size());
  EXPECT_GT(federated.routes.size(), base.routes.size());
  EXPECT_EQ(total_aircraft(federated), total_aircraft(base));
  // federated_dispersed: both.
  const Scenario& both = loaded.at("federated_dispersed");
  EXPECT_EQ(both.docks.size(), federated.docks.size());
  EXPECT_EQ(both.factories.size(), federated.factories.size());
  EXPECT_EQ(airbases(both), airbases(dispersed));
  EXPECT_EQ(total_aircraft(both), total_aircraft(base));
  // A posture is a small file of flags and overrides, not a copy of the theatre.
  for (const auto& entry : fs::directory_iterator(kPostures)) {
    const std::string text = read_file(entry.path());
    EXPECT_LT(std::count(text.begin(), text.end(), '\n'), 60) << entry.path();
  }
}

// ---- every number has a source ------------------------------------------------------------

// The rule: every numeric scalar of a line carries a citation on the same line (a comment
// after it) or in the contiguous block of comment lines directly above it. A citation is the
// word "assumption" or a source key [KEY] defined in the file's header, where each key's
// definition gives a year and an address. Unknown keys are refused.
struct CitationReport {
  size_t numbers = 0;                 // numeric scalars checked
  size_t keys_defined = 0;            // source keys in the header
  std::vector<std::string> failures;  // "line N: why"
};

// The part of a line before its comment ('#' outside quotes), and the comment.
std::pair<std::string, std::string> split_comment(const std::string& line) {
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '#' && (i == 0 || std::isspace(static_cast<unsigned char>(line[i - 1])))) {
      return {line.substr(0, i), line.substr(i + 1)};
    }
  }
  return {line, ""};
}

bool is_comment_line(const std::string& line) {
  const size_t first = line.find_first_not_of(" \t");
  return first != std::string::npos && line[first] == '#';
}

CitationReport check_citations(const std::string& text) {
  static const std::regex kKeyDefinition(R"(^#\s+\[([A-Z][A-Z0-9-]*)\]\s+(.*)$)");
  static const std::regex kKeyUse(R"(\[([A-Z][A-Z0-9-]*)\])");
  static const std::regex kYear(R"(\b(19|20)[0-9]{2}\b)");
  static const std::regex kNumber(
      R"((^|[\s\[{,:])([-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?)(?=$|[\s\]},]))");
  CitationReport report;
  std::vector<std::string> lines;
  {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
      lines.push_back(line);
  }
  // The header: the comment block the file starts with defines the source keys.
  std::set<std::string> keys;
  for (size_t i = 0; i < lines.size() && (lines[i].empty() || is_comment_line(lines[i])); ++i) {
    std::smatch m;
    if (!std::regex_match(lines[i], m, kKeyDefinition)) continue;
    const std::string definition = m[2];
    if (!std::regex_search(definition, kYear) || definition.find("http") == std::string::npos) {
      report.failures.push_back("line " + std::to_string(i + 1) + ": source [" + m[1].str() +
                                "] needs a year and an address");
    }
    keys.insert(m[1]);
  }
  report.keys_defined = keys.size();
  const auto cites = [&](const std::string& comment, size_t line_no) {
    std::string lower = comment;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    bool cited = lower.find("assumption") != std::string::npos;
    for (std::sregex_iterator it(comment.begin(), comment.end(), kKeyUse), end; it != end; ++it) {
      if (keys.count((*it)[1])) {
        cited = true;
      } else {
        report.failures.push_back("line " + std::to_string(line_no) + ": unknown source key [" +
                                  (*it)[1].str() + "]");
      }
    }
    return cited;
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    if (is_comment_line(lines[i])) continue;
    const auto [value, comment] = split_comment(lines[i]);
    size_t numbers = 0;
    for (std::sregex_iterator it(value.begin(), value.end(), kNumber), end; it != end; ++it)
      ++numbers;
    if (numbers == 0) continue;
    report.numbers += numbers;
    std::string block;  // the contiguous comment lines directly above
    for (size_t j = i; j > 0 && is_comment_line(lines[j - 1]); --j)
      block = lines[j - 1] + "\n" + block;
    const bool same_line = cites(comment, i + 1);
    const bool above = cites(block, i + 1);
    if (!same_line && !above) {
      report.failures.push_back("line " + std::to_string(i + 1) +
                                ": no source or assumption for: " + lines[i]);
    }
  }
  return report;
}

TEST(Theatre, EveryNumberHasASourceOrAnAssumption) {
  const CitationReport report = check_citations(read_file(kTheatre));
  // Not vacuous: the theatre has hundreds of numbers and dozens of sources.
  EXPECT_GT(report.numbers, 1000u);
  EXPECT_GT(report.keys_defined, 50u);
  for (const std::string& failure : report.failures)
    ADD_FAILURE() << kTheatre.string() << ": " << failure;
}

TEST(Theatre, CitationRuleCatchesWhatItShould) {
  const std::string header =
      "# a theatre\n"
      "#   [OK1]  Some report, Publisher, 2024, https://example.org/report\n"
      "#   [NOURL] Some report without an address, 2020\n"
      "\n";
  // Cited on the line, in the block above, or as an assumption: 5 numbers, no failures.
  const CitationReport good = check_citations(header +
                                              "days: 30  # assumption: a month\n"
                                              "# [OK1] the runway\n"
                                              "# continued\n"
                                              "runways: [{length_m: 3688.1, width_m: 61.0}]\n"
                                              "nodes:\n"
                                              "  - id: df11a\n"
                                              "    # Assumption: capitalised counts too\n"
                                              "    lat: -12.5\n"
                                              "    lon: 1e3  # [OK1]\n");
  EXPECT_EQ(good.numbers, 5u);
  EXPECT_EQ(good.keys_defined, 2u);
  ASSERT_EQ(good.failures.size(), 1u);  // the header key without an address
  EXPECT_NE(good.failures[0].find("[NOURL] needs a year and an address"), std::string::npos);
  // An uncited number; a comment separated by a blank line or by another line; an unknown key.
  const CitationReport bad = check_citations(header +
                                             "days: 30\n"
                                             "# [OK1] not directly above\n"
                                             "\n"
                                             "count: 4\n"
                                             "# assumption: for the line below only\n"
                                             "a: 1\n"
                                             "b: 2\n"
                                             "c: 3  # [MADEUP] a key nobody defined\n"
                                             "# ids with digits are not numbers: df11a, f35a\n"
                                             "type: f35a\n");
  EXPECT_EQ(bad.numbers, 5u);
  std::vector<std::string> expected_lines{
      "line 5:", "line 8:", "line 11:", "line 12:", "line 12:", "line 3:"};
  EXPECT_EQ(bad.failures.size(), expected_lines.size());
  for (const std::string& failure : bad.failures) {
    EXPECT_TRUE(std::any_of(expected_lines.begin(), expected_lines.end(),
                            [&](const std::string& l) { return failure.rfind(l, 0) == 0; }))
        << failure;
  }
}

// ---- the baseline runs and reports every metric of docs/results.md ------------------------

class BaselineRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scenario_ = new Scenario(load_scenario_file(kTheatre.string()));
    RunOptions options;
    options.trials = 150;
    options.seed = 7;
    options.backend = "cpu";
    results_ = new Results(run(*scenario_, options));
  }
  static void TearDownTestSuite() {
    delete results_;
    delete scenario_;
  }
  static inline Scenario* scenario_ = nullptr;
  static inline Results* results_ = nullptr;
};

TEST_F(BaselineRun, TheatreWideMetrics) {
  const Results& r = *results_;
  EXPECT_EQ(r.provenance.trials, 150u);
  EXPECT_EQ(r.provenance.days, 30u);
  EXPECT_EQ(r.provenance.posture, "baseline");
  std::vector<std::string> names{"sorties",
                                 "aircraft_alive",
                                 "aircraft_mc",
                                 "strip_usable_fighter",
                                 "strip_usable_tanker",
                                 "interceptors_remaining",
                                 "ships_available",
                                 "ships_in_repair",
                                 "ships_sunk",
                                 "shipments_lost",
                                 "fuel"};
  for (const std::string& missile : scenario_->missile_ids)
    names.push_back("missiles_remaining_" + missile);
  for (uint32_t item = 0; item < scenario_->item_ids.size(); ++item)
    names.push_back(scenario_->item_metric(item));
  names.push_back("supplies_adr_kit");  // the crater repair kits
  for (const std::string name :
       {"sortie_capacity", "sorties_lost_strip", "sorties_lost_destroyed", "sorties_lost_not_mc",
        "sorties_lost_fuel", "sorties_lost_munitions"}) {
    names.push_back(name);
  }
  for (const std::string& name : names) {
    const Distribution* d = r.find_metric(name);
    ASSERT_NE(d, nullptr) << name;
    EXPECT_EQ(d->rows, 31u) << name;
    EXPECT_EQ(d->trials(0), 150u) << name;
  }
  // Not empty numbers: the campaign flies, and it costs aircraft and interceptors.
  EXPECT_GT(r.find_metric("sorties")->mean(1), 100.0);
  EXPECT_LT(r.find_metric("interceptors_remaining")->mean(30),
            r.find_metric("interceptors_remaining")->mean(0));
  EXPECT_GT(r.find_metric("ships_available")->mean(0), 20.0);
}

TEST_F(BaselineRun, PerNodeMetrics) {
  const Results& r = *results_;
  size_t bases = 0, defended = 0;
  for (size_t i = 0; i < scenario_->nodes.size(); ++i) {
    const Node& node = scenario_->nodes[i];
    const std::string& id = scenario_->node_ids[i];
    if (node.kind == NodeKind::airbase) {
      ++bases;
      for (const std::string name :
           {"sorties", "aircraft_alive", "aircraft_mc", "craters_open", "sortie_capacity",
            "sorties_lost_strip", "sorties_lost_destroyed", "sorties_lost_not_mc",
            "sorties_lost_fuel", "sorties_lost_munitions"}) {
        EXPECT_NE(r.find_metric(name, id), nullptr) << name << " at " << id;
      }
      EXPECT_NE(r.find_outcome("aircraft_lost_ground_" + id), nullptr) << id;
      // Strip metrics exactly where the undamaged base holds the strip; n/a elsewhere.
      for (size_t c = 0; c < scenario_->strip_ids.size(); ++c) {
        const std::string& strip = scenario_->strip_ids[c];
        const bool applicable = strip_applicable(node, static_cast<uint32_t>(c));
        EXPECT_EQ(r.find_metric("strip_usable_" + strip, id) != nullptr, applicable) << id;
        EXPECT_EQ(r.find_metric("strip_hours_closed_" + strip, id) != nullptr, applicable) << id;
        EXPECT_EQ(r.find_outcome("days_strip_denied_" + strip + "_" + id) != nullptr, applicable)
            << id;
        EXPECT_EQ(r.find_outcome("hours_strip_closed_" + strip + "_" + id) != nullptr, applicable)
            << id;
      }
    }
  }
  for (const Battery& b : scenario_->batteries) {
    const std::string& id = scenario_->node_ids[b.node];
    EXPECT_NE(r.find_metric("interceptors_remaining", id), nullptr) << id;
    ++defended;
  }
  EXPECT_GE(bases, 25u);
  EXPECT_GE(defended, 8u);
  // Stocks per node: the theatre's AIM-120 at Kadena, fuel at Andersen, PAC-3 at Kadena.
  EXPECT_NE(r.find_metric("munitions_aim120", "kadena"), nullptr);
  EXPECT_NE(r.find_metric("munitions_pac3", "kadena"), nullptr);
  EXPECT_NE(r.find_metric("fuel", "andersen"), nullptr);
}

TEST_F(BaselineRun, Outcomes) {
  const Results& r = *results_;
  for (const std::string name :
       {"aircraft_lost_ground", "first_day_sorties_below_half", "day_interceptors_exhausted",
        "shipments_lost_total", "ship_days_lost_to_repair"}) {
    const Distribution* d = r.find_outcome(name);
    ASSERT_NE(d, nullptr) << name;
    EXPECT_EQ(d->trials(0), 150u) << name;
  }
  for (const std::string base :
       {"kadena", "futenma", "naha", "iwakuni", "misawa", "yokota", "atsugi", "tsuiki", "nyutabaru",
        "komatsu", "chitose", "andersen"}) {
    EXPECT_NE(r.find_outcome("days_strip_denied_fighter_" + base), nullptr) << base;
    EXPECT_NE(r.find_outcome("hours_strip_closed_fighter_" + base), nullptr) << base;
  }
  // 2,438 and 2,399 m runways cannot hold the 2,450 m tanker strip: not applicable, so no
  // outcome, rather than 30 days denied by strikes that never made the difference.
  for (const std::string base : {"iwakuni", "atsugi", "tsuiki"}) {
    EXPECT_EQ(r.find_outcome("days_strip_denied_tanker_" + base), nullptr) << base;
    EXPECT_EQ(r.find_outcome("hours_strip_closed_tanker_" + base), nullptr) << base;
  }
  for (const std::string base : {"kadena", "misawa", "yokota", "andersen"})
    EXPECT_NE(r.find_outcome("hours_strip_closed_tanker_" + base), nullptr) << base;
  // Groups: the US air bases in Japan, in Korea and on Guam.
  for (const std::string group : {"us_japan", "us_korea", "guam"}) {
    EXPECT_NE(r.find_outcome("hours_strip_closed_fighter_" + group), nullptr) << group;
    EXPECT_NE(r.find_outcome("hours_strip_closed_tanker_" + group), nullptr) << group;
  }
  EXPECT_GT(r.find_outcome("aircraft_lost_ground")->mean(0), 0.0);
}

}  // namespace
}  // namespace contested
