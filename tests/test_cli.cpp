// The command line end to end: a full run of the first theatre writes a results file with
// the docs/results.md layout; validate, info and backend selection behave as documented.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "kernels/airfield.hpp"
#include "results/results.hpp"
#include "results/results_h5.hpp"
#include "results/statistics_table.hpp"
#include "scenario/scenario_yaml.hpp"

#include "tests/campaign_testing.hpp"
#include "tests/h5_compare.hpp"
#include "tests/json_testing.hpp"

namespace contested {
namespace {

using testing::Command;
using testing::shell;

// ctest runs each test in its own process, several at once: names carry the process id.
std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("contested_cli_" + std::to_string(getpid()) + "_" + name))
      .string();
}

bool has_link(hid_t file, const std::string& path) {
  return H5Lexists(file, path.c_str(), H5P_DEFAULT) > 0;
}

class FirstTheatreRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    out_ = temp_path("theatre.h5");
    std::filesystem::remove(out_);
    run_ = shell("run " CONTESTED_SOURCE_DIR
                 "/configs/indo_pacific_airbases.yaml --trials 200 --seed 11 --backend cpu --out " +
                 out_);
  }
  static void TearDownTestSuite() { std::filesystem::remove(out_); }
  static inline std::string out_;
  static inline Command run_;
};

TEST_F(FirstTheatreRun, ExitsCleanlyAndPrintsTheSummary) {
  ASSERT_EQ(run_.status, 0) << run_.output;
  EXPECT_NE(run_.output.find("sorties per day"), std::string::npos);
  EXPECT_NE(run_.output.find("kadena"), std::string::npos);
  EXPECT_NE(run_.output.find("andersen"), std::string::npos);
  const std::string stem = std::filesystem::path(out_).filename().string() + ".tmp";
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(out_).parent_path())) {
    EXPECT_NE(entry.path().filename().string().rfind(stem, 0), 0u)
        << "left behind: " << entry.path();
  }
}

TEST_F(FirstTheatreRun, FileHasTheModelLayout) {
  ASSERT_EQ(run_.status, 0) << run_.output;
  const Scenario scenario =
      load_scenario_file(CONTESTED_SOURCE_DIR "/configs/indo_pacific_airbases.yaml");
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t file = H5Fopen(out_.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  for (const char* attr : {"format", "format_version", "engine_version", "seed", "trials", "days",
                           "backend", "device", "created_utc", "scenario_sha256"}) {
    EXPECT_GT(H5Aexists(file, attr), 0) << attr;
  }
  EXPECT_TRUE(has_link(file, "/scenario"));
  const std::string p = "/postures/baseline";
  std::vector<std::string> theatre = {"sorties",
                                      "aircraft_alive",
                                      "aircraft_mc",
                                      "strip_usable_fighter",
                                      "strip_usable_tanker",
                                      "interceptors_remaining"};
  for (const std::string& m : scenario.missile_ids)
    theatre.push_back("missiles_remaining_" + m);
  for (const std::string& m : theatre) {
    for (const char* d : {"histogram", "mean", "std", "quantiles"}) {
      EXPECT_TRUE(has_link(file, p + "/metrics/" + m + "/" + d)) << m << "/" << d;
    }
  }
  for (size_t b = 0; b < scenario.node_ids.size(); ++b) {
    const std::string& base = scenario.node_ids[b];
    for (const char* m : {"sorties", "aircraft_alive", "aircraft_mc", "craters_open",
                          "sortie_capacity", "sorties_lost_strip", "sorties_lost_destroyed",
                          "sorties_lost_not_mc", "sorties_lost_fuel", "sorties_lost_munitions"}) {
      EXPECT_TRUE(has_link(file, p + "/nodes/" + base + "/" + m + "/histogram")) << base << m;
    }
    // Strip metrics and outcomes exist exactly where the undamaged base holds the strip.
    for (size_t c = 0; c < scenario.strip_ids.size(); ++c) {
      const std::string& strip = scenario.strip_ids[c];
      const bool applicable = strip_applicable(scenario.nodes[b], static_cast<uint32_t>(c));
      for (const std::string m : {"strip_usable_", "strip_hours_closed_"}) {
        EXPECT_EQ(has_link(file, p + "/nodes/" + base + "/" + m + strip + "/histogram"), applicable)
            << base << " " << m << strip;
      }
      for (const std::string o : {"days_strip_denied_", "hours_strip_closed_"}) {
        EXPECT_EQ(has_link(file, p + "/outcomes/" + o + strip + "_" + base + "/histogram"),
                  applicable)
            << o << strip << "_" << base;
      }
    }
  }
  for (const char* o :
       {"aircraft_lost_ground", "day_interceptors_exhausted", "first_day_sorties_below_half"}) {
    EXPECT_TRUE(has_link(file, p + "/outcomes/" + o + "/histogram")) << o;
  }
  H5Fclose(file);

  const Results r = read_results(out_);
  EXPECT_EQ(r.provenance.trials, 200u);
  EXPECT_EQ(r.provenance.seed, 11u);
  EXPECT_EQ(r.provenance.backend, "cpu");
  for (const Distribution& d : r.metrics) {
    ASSERT_EQ(d.rows, scenario.days + 1) << d.name;
    for (uint32_t row = 0; row < d.rows; ++row)
      EXPECT_EQ(d.trials(row), 200u) << d.name;
  }
  for (const Distribution& d : r.outcomes)
    EXPECT_EQ(d.trials(0), 200u) << d.name;
}

TEST_F(FirstTheatreRun, InfoPrintsTheSameSummary) {
  ASSERT_EQ(run_.status, 0) << run_.output;
  const Command info = shell("info " + out_);
  ASSERT_EQ(info.status, 0) << info.output;
  const std::string run_summary = run_.output.substr(run_.output.find("Scenario:"));
  EXPECT_EQ(run_summary.substr(0, run_summary.find("results:")), info.output);
}

TEST(Cli, VersionNamesTheEngineAndTheFileFormat) {
  const Command c = shell("--version");
  EXPECT_EQ(c.status, 0) << c.output;
  EXPECT_EQ(c.output, std::string("contested ") + CONTESTED_VERSION + " (results format " +
                          std::to_string(kResultsFormatVersion) + ")\n");
}

// One CSV line's fields (the statistics' fields need no quoting).
std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> fields(1);
  for (char c : line) {
    if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

// The CSV line of a measure (by name, node and day; "" for an outcome's day).
std::vector<std::string> csv_record(const std::vector<std::string>& lines, const std::string& name,
                                    const std::string& node, const std::string& day) {
  for (const std::string& line : lines) {
    const std::vector<std::string> f = fields_of(line);
    if (f.size() == 16 && f[1] == name && f[3] == node && f[4] == day) return f;
  }
  return {};
}

double number_of(const std::string& field) {
  return std::strtod(field.c_str(), nullptr);
}

TEST_F(FirstTheatreRun, InfoCsvHasTheStatisticsOfTheFile) {
  ASSERT_EQ(run_.status, 0) << run_.output;
  const Command info = shell("info " + out_ + " --format csv");
  ASSERT_EQ(info.status, 0) << info.output;
  const std::vector<std::string> lines = testing::lines_of(info.output);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0],
            "posture,measure,kind,node,day,units,long_name,trials,p_never,mean,std,p05,p25,p50,"
            "p75,p95");
  const Results r = read_results(out_);
  EXPECT_EQ(lines.size(), 1 + statistics_table(r).size());

  const Distribution* sorties = r.find_metric("sorties");
  ASSERT_NE(sorties, nullptr);
  const std::vector<std::string> day7 = csv_record(lines, "sorties", "", "7");
  ASSERT_EQ(day7.size(), 16u);
  EXPECT_EQ(day7[0], "baseline");
  EXPECT_EQ(day7[2], "metric");
  EXPECT_EQ(number_of(day7[7]), 200.0);
  EXPECT_EQ(day7[8], "");
  EXPECT_EQ(number_of(day7[9]), sorties->mean(7));  // full precision
  EXPECT_EQ(number_of(day7[10]), sorties->stddev(7));
  for (size_t q = 0; q < 5; ++q)
    EXPECT_EQ(number_of(day7[11 + q]), sorties->quantile(7, kQuantileProbabilities[q])) << q;

  const std::vector<std::string> kadena = csv_record(lines, "sorties", "kadena", "1");
  ASSERT_EQ(kadena.size(), 16u);
  EXPECT_EQ(number_of(kadena[9]), r.find_metric("sorties", "kadena")->mean(1));

  const Distribution* lost = r.find_outcome("aircraft_lost_ground");
  const std::vector<std::string> outcome = csv_record(lines, "aircraft_lost_ground", "", "");
  ASSERT_EQ(outcome.size(), 16u);
  EXPECT_EQ(outcome[2], "outcome");
  EXPECT_EQ(outcome[5], "aircraft");
  EXPECT_EQ(outcome[8], "");
  EXPECT_EQ(number_of(outcome[9]), lost->mean(0));
  EXPECT_EQ(number_of(outcome[13]), lost->quantile(0, 0.5));

  // A first day: p_never, and the statistics over the trials where the day came.
  const Distribution* exhausted = r.find_outcome("day_interceptors_exhausted");
  ASSERT_NE(exhausted, nullptr);
  ASSERT_TRUE(exhausted->zero_is_never);
  const std::vector<std::string> day = csv_record(lines, "day_interceptors_exhausted", "", "");
  ASSERT_EQ(day.size(), 16u);
  EXPECT_EQ(day[5], "day");
  EXPECT_EQ(number_of(day[7]), static_cast<double>(exhausted->counted(0)));
  ASSERT_NE(day[8], "");
  EXPECT_EQ(number_of(day[8]), exhausted->p_never(0));
  if (exhausted->counted(0) > 0) {
    EXPECT_EQ(number_of(day[9]), exhausted->mean(0));
  } else {
    EXPECT_EQ(day[9], "");  // NaN
  }
}

TEST_F(FirstTheatreRun, InfoJsonParses) {
  ASSERT_EQ(run_.status, 0) << run_.output;
  const Command info = shell("info " + out_ + " --format json");
  ASSERT_EQ(info.status, 0) << info.output;
  const testing::Json json = testing::JsonReader::parse(info.output);
  const Results r = read_results(out_);
  const testing::Json& p = json["provenance"];
  EXPECT_EQ(p["seed"].number, 11.0);
  EXPECT_EQ(p["trials"].number, 200.0);
  EXPECT_EQ(p["days"].number, static_cast<double>(r.provenance.days));
  EXPECT_EQ(p["scenario_name"].text, r.provenance.scenario_name);
  EXPECT_EQ(p["engine_version"].text, r.provenance.engine_version);
  EXPECT_EQ(p["format_version"].number, static_cast<double>(kResultsFormatVersion));
  const std::vector<StatisticsRecord> records = statistics_table(r);
  const testing::Json& rows = json["records"];
  ASSERT_EQ(rows.items.size(), records.size());
  bool first_day = false;
  for (size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(rows[i]["measure"].text, records[i].measure);
    EXPECT_EQ(rows[i]["day"].is_null(), !records[i].day.has_value());
    EXPECT_EQ(rows[i]["mean"].is_null(), std::isnan(records[i].mean));
    if (!std::isnan(records[i].mean)) {
      EXPECT_EQ(rows[i]["mean"].number, records[i].mean);
    }
    if (records[i].p_never) {
      first_day = true;
      EXPECT_EQ(rows[i]["p_never"].number, *records[i].p_never);
    } else {
      EXPECT_TRUE(rows[i]["p_never"].is_null());
    }
  }
  EXPECT_TRUE(first_day);
}

TEST_F(FirstTheatreRun, InfoRefusesAnUnknownFormat) {
  ASSERT_EQ(run_.status, 0) << run_.output;
  const Command info = shell("info " + out_ + " --format xml");
  EXPECT_EQ(info.status, 2);
  EXPECT_NE(info.output.find("--format: xml not in {text,csv,json}"), std::string::npos)
      << info.output;
  const Command help = shell("info --help");
  EXPECT_EQ(help.status, 0);
  for (const char* word : {"csv", "json", "p_never", "docs/results.md"})
    EXPECT_NE(help.output.find(word), std::string::npos) << word;
}

TEST(Cli, InfoCsvOfASweepHasEveryPosture) {
  const std::string out = temp_path("sweep.h5");
  std::filesystem::remove(out);
  const Command sweep = shell("sweep " CONTESTED_SOURCE_DIR
                              "/configs/sweeps/shelters.yaml --trials 20 --backend cpu --quiet "
                              "--out " +
                              out);
  ASSERT_EQ(sweep.status, 0) << sweep.output;
  const Command csv = shell("info " + out + " --format csv");
  const Command json = shell("info " + out + " --format json");
  const SweepResults s = read_sweep_results(out);
  std::filesystem::remove(out);
  ASSERT_EQ(csv.status, 0) << csv.output;
  ASSERT_EQ(json.status, 0) << json.output;
  ASSERT_GT(s.runs.size(), 1u);
  const std::vector<std::string> lines = testing::lines_of(csv.output);
  ASSERT_EQ(lines.size(), 1 + statistics_table(s).size());
  const testing::Json parsed = testing::JsonReader::parse(json.output);
  EXPECT_EQ(parsed["records"].items.size(), lines.size() - 1);
  for (const SweepRun& run : s.runs) {
    SCOPED_TRACE(run.name());
    size_t records = 0;
    for (const std::string& line : lines) {
      if (fields_of(line)[0] == run.name()) ++records;
    }
    EXPECT_EQ(records, statistics_table(run.results).size());
    const Distribution* lost = run.results.find_outcome("aircraft_lost_ground");
    ASSERT_NE(lost, nullptr);
    std::vector<std::string> f;
    for (const std::string& line : lines) {
      const std::vector<std::string> fields = fields_of(line);
      if (fields[0] == run.name() && fields[1] == "aircraft_lost_ground") f = fields;
    }
    ASSERT_EQ(f.size(), 16u);
    EXPECT_EQ(number_of(f[9]), lost->mean(0));
  }
}

TEST(Cli, ValidateAcceptsEveryConfig) {
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(CONTESTED_SOURCE_DIR "/configs")) {
    if (entry.path().extension() != ".yaml") continue;
    const Command c = shell("validate " + entry.path().string());
    EXPECT_EQ(c.status, 0) << c.output;
  }
}

TEST(Cli, InvalidScenarioExitsTwoWithLocation) {
  const std::string bad = temp_path("bad.yaml");
  {
    FILE* f = std::fopen(bad.c_str(), "w");
    std::fputs("days: 10\nlaunch_sites: [{id: a, lat: 0, lon: 0}]\nmissles: []\n", f);
    std::fclose(f);
  }
  const Command c = shell("validate " + bad);
  EXPECT_EQ(c.status, 2);
  EXPECT_NE(c.output.find(bad + ":3:1: missles:"), std::string::npos) << c.output;
  EXPECT_NE(c.output.find("did you mean 'missiles'"), std::string::npos) << c.output;
  std::filesystem::remove(bad);
}

// validate reports every error it finds in one pass, one a line, each at its line and key,
// in file order: here three, in a missile, a raid and a node.
TEST(Cli, ValidateReportsEveryErrorInTheFile) {
  std::ifstream in(CONTESTED_SOURCE_DIR "/configs/examples/single_base.yaml");
  std::ostringstream good;
  good << in.rdbuf();
  std::string text = good.str();
  for (const auto& [from, to] :
       {std::pair<std::string, std::string>{"reliability: 0.9\n", "reliability: 1.9\n"},
        {"srbm, count: 6}", "srbm, count: -6}"},
        {"lat: 26.3545\n", "lat: 126.3545\n"}}) {
    ASSERT_NE(text.find(from), std::string::npos) << from;
    text.replace(text.find(from), from.size(), to);
  }
  const std::string bad = temp_path("three_errors.yaml");
  {
    std::ofstream out(bad);
    out << text;
  }
  const Command c = shell("validate " + bad);
  EXPECT_EQ(c.status, 2) << c.output;
  size_t previous = 0;
  for (const char* expected : {":23:18: missiles.srbm.reliability: 1.9 is out of range",
                               ":46:70: raids[1].count: -6 is out of range",
                               ":54:10: nodes.airbase.lat: 126.3545 is out of range"}) {
    const size_t at = c.output.find(bad + expected);
    EXPECT_NE(at, std::string::npos) << expected << "\n" << c.output;
    if (at == std::string::npos) continue;
    EXPECT_GE(at, previous) << "out of file order: " << expected << "\n" << c.output;
    previous = at + 1;
  }
  std::filesystem::remove(bad);
}

TEST(Cli, CudaBackendWithoutDeviceIsAClearError) {
  const std::string out = temp_path("cuda.h5");
  const Command probe = shell("run " CONTESTED_SOURCE_DIR
                              "/configs/examples/single_base.yaml --trials 10 --backend cuda "
                              "--quiet --out " +
                              out);
  std::filesystem::remove(out);
  if (probe.status == 0) GTEST_SKIP() << "a CUDA device is present";
  EXPECT_EQ(probe.status, 1);
  EXPECT_NE(probe.output.find("CUDA"), std::string::npos) << probe.output;
}

TEST(Cli, AutoBackendSaysWhenItFallsBackToCpu) {
  const std::string out = temp_path("auto.h5");
  const Command c = shell("run " CONTESTED_SOURCE_DIR
                          "/configs/examples/single_base.yaml --trials 10 --quiet --out " +
                          out);
  ASSERT_EQ(c.status, 0) << c.output;
  const Results r = read_results(out);
  std::filesystem::remove(out);
  if (r.provenance.backend == "cuda") GTEST_SKIP() << "a CUDA device is present";
  EXPECT_NE(c.output.find("running on the CPU backend"), std::string::npos) << c.output;
}

// A posture file with uncertain: inputs on the single-base example, beside a temp output.
std::string uncertain_posture() {
  const std::string path = temp_path("uncertain.yaml");
  std::ofstream(path) << "id: unsure\nuncertain:\n"
                         "  missiles.srbm.cep_m: {triangular: {low: 10, mode: 20, high: 60}}\n"
                         "  nodes.airbase.repair.teams: {choice: {values: [1, 2, 3]}}\n";
  return path;
}

TEST(Cli, RunWithUncertainInputsRecordsTheirDraws) {
  const std::string posture = uncertain_posture();
  const std::string out = temp_path("uncertain.h5");
  const Command c = shell("run " CONTESTED_SOURCE_DIR "/configs/examples/single_base.yaml -p " +
                          posture + " -n 60 --trials-per-sample 4 -b cpu -f -o " + out);
  ASSERT_EQ(c.status, 0) << c.output;
  EXPECT_NE(c.output.find("Uncertain inputs: 2, a draw every 4 trials (15 draws"),
            std::string::npos)
      << c.output;
  const Results r = read_results(out);
  EXPECT_EQ(r.uncertain.paths.size(), 2u);
  EXPECT_EQ(r.uncertain.values.size(), 15u * 2);
  for (size_t s = 0; s < 15; ++s) {
    EXPECT_GE(r.uncertain.values[2 * s], 10);
    EXPECT_LE(r.uncertain.values[2 * s], 60);
  }
  const Command point = shell("run " CONTESTED_SOURCE_DIR "/configs/examples/single_base.yaml -p " +
                              posture + " -n 60 --point -b cpu -q -f -o " + out);
  ASSERT_EQ(point.status, 0) << point.output;
  EXPECT_TRUE(read_results(out).uncertain.paths.empty());
  std::filesystem::remove(out);
  std::filesystem::remove(posture);
}

TEST(Cli, UncertainFilesAreTheSameWhateverThreadsChunksAndShards) {
  const std::string posture = uncertain_posture();
  const std::string common = "run " CONTESTED_SOURCE_DIR "/configs/examples/single_base.yaml -p " +
                             posture + " -n 45 --trials-per-sample 2 -s 8 -b cpu -q -f";
  const std::string one = temp_path("unsure_t1.h5");
  const std::string two = temp_path("unsure_t2.h5");
  ASSERT_EQ(shell(common + " -t 1 -o " + one).status, 0);
  ASSERT_EQ(shell(common + " -t 2 --chunk 7 -o " + two).status, 0);
  EXPECT_EQ(testing::differing_datasets(one, two), std::vector<std::string>{});
  std::string shards;
  for (int i = 0; i < 3; ++i) {
    const std::string out = temp_path("unsure_s" + std::to_string(i) + ".h5");
    ASSERT_EQ(shell(common + " --shard " + std::to_string(i) + "/3 -o " + out).status, 0);
    shards += " " + out;
  }
  const std::string merged = temp_path("unsure_merged.h5");
  const Command m = shell("merge -f " + merged + shards);
  ASSERT_EQ(m.status, 0) << m.output;
  EXPECT_EQ(testing::differing_datasets(one, merged), std::vector<std::string>{});
  for (const std::string& f : {one, two, merged, posture})
    std::filesystem::remove(f);
  for (int i = 0; i < 3; ++i)
    std::filesystem::remove(temp_path("unsure_s" + std::to_string(i) + ".h5"));
}

TEST(Cli, SensitivityWritesIndicesAndRanksThem) {
  const std::string posture = uncertain_posture();
  const std::string out = temp_path("sensitivity.h5");
  const Command c = shell(
      "sensitivity " CONTESTED_SOURCE_DIR "/configs/examples/single_base.yaml -p " + posture +
      " --outputs aircraft_lost_ground,sorties@airbase:3 --rows 6 -n 10 -b cpu -q -f -o " + out);
  ASSERT_EQ(c.status, 0) << c.output;
  EXPECT_NE(c.output.find("aircraft_lost_ground: mean"), std::string::npos) << c.output;
  EXPECT_NE(c.output.find("nodes.airbase.repair.teams"), std::string::npos) << c.output;
  const SensitivityResults s = read_sensitivity(out);
  EXPECT_EQ(s.points(), 6u * 4);
  EXPECT_EQ(s.outputs.size(), 2u);
  EXPECT_EQ(s.values.size(), 24u * 2);
  EXPECT_EQ(s.provenance.trials, 10u);
  EXPECT_EQ(s.provenance.posture, "unsure");
  const Command info = shell("info " + out);
  ASSERT_EQ(info.status, 0) << info.output;
  EXPECT_NE(info.output.find("(posture unsure): 2 inputs, 6 rows, 24 design points"),
            std::string::npos)
      << info.output;
  const Command bad =
      shell("sensitivity " CONTESTED_SOURCE_DIR "/configs/examples/single_base.yaml -p " + posture +
            " --outputs no_such_output -n 2 --rows 2 -b cpu -q -f -o " + out);
  EXPECT_EQ(bad.status, 2) << bad.output;
  EXPECT_NE(bad.output.find("output 'no_such_output'"), std::string::npos) << bad.output;
  std::filesystem::remove(out);
  std::filesystem::remove(posture);
}

}  // namespace
}  // namespace contested
