// The command line end to end: a full run of the first theatre writes a results file with
// the docs/results.md layout; validate, info and backend selection behave as documented.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include "results/results.hpp"
#include "results/results_h5.hpp"
#include "scenario/scenario_yaml.hpp"
#include "kernels/airfield.hpp"

#include "tests/campaign_testing.hpp"

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

}  // namespace
}  // namespace contested
