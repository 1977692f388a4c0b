// Sweeps (docs/sweeps.md): postures run over the same trials with the same seed, each paired
// with the reference posture trial by trial. Identical postures differ by exactly zero; a
// posture that changes ground losses shows it with a confidence interval that excludes zero
// and a paired standard error far below the unpaired one; a sweep's runs equal plain runs of
// the same postures; sharded sweeps merge into the whole sweep; the sweep file is checked
// with file:line messages.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/runner.hpp"
#include "engine/sweep.hpp"
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

const std::string kExamples = CONTESTED_SOURCE_DIR "/configs/examples/";

RunOptions cpu_options() {
  RunOptions options;
  options.backend = "cpu";
  options.threads = 2;
  return options;
}

SweepResults run_sweep(const std::string& text, const RunOptions& options = cpu_options()) {
  return sweep(load_sweep_text(text, "<sweep>", "."), options);
}

void expect_same_distributions(const std::vector<Distribution>& x,
                               const std::vector<Distribution>& y, const std::string& what) {
  ASSERT_EQ(x.size(), y.size()) << what;
  for (size_t i = 0; i < x.size(); ++i) {
    SCOPED_TRACE(what + ": " + x[i].name + " at '" + x[i].node + "'");
    EXPECT_EQ(x[i].name, y[i].name);
    EXPECT_EQ(x[i].node, y[i].node);
    EXPECT_EQ(x[i].histogram, y[i].histogram);
    EXPECT_EQ(x[i].sum, y[i].sum);
    EXPECT_EQ(x[i].sum_sq, y[i].sum_sq);
  }
}

TEST(Sweep, IdenticalPosturesDifferByExactlyZero) {
  const SweepResults s = run_sweep("scenario: " + kExamples + "sustainment.yaml\n" +
                                   R"(trials: 150
seed: 3
postures: [baseline, {id: twin, flags: []}]
)");
  ASSERT_EQ(s.runs.size(), 2u);
  const SweepRun& twin = s.runs[1];
  EXPECT_EQ(twin.reference, "baseline");
  EXPECT_TRUE(s.runs[0].comparison.empty());
  // Every reported metric and outcome is compared trial by trial, but first days, where 0
  // means never (compared by their share of never and their days where they came).
  size_t first_days = 0;
  for (const Distribution& d : twin.results.outcomes)
    first_days += d.zero_is_never ? 1 : 0;
  EXPECT_GT(first_days, 0u);
  EXPECT_EQ(twin.comparison.size(),
            twin.results.metrics.size() + twin.results.outcomes.size() - first_days);
  for (const PairedDifference& d : twin.comparison) {
    SCOPED_TRACE(d.name + " at '" + d.node + "'");
    EXPECT_EQ(d.trials, 150u);
    for (uint32_t row = 0; row < d.rows; ++row) {
      EXPECT_EQ(d.sum_diff[row], 0);
      EXPECT_EQ(d.sum_sq_diff[row], 0u);
      EXPECT_EQ(d.mean_diff(row), 0.0);
      EXPECT_EQ(d.se_paired(row), 0.0);
      EXPECT_EQ(d.ci_low(row), 0.0);
      EXPECT_EQ(d.ci_high(row), 0.0);
    }
  }
  expect_same_distributions(s.runs[0].results.metrics, twin.results.metrics, "twin metrics");
  expect_same_distributions(s.runs[0].results.outcomes, twin.results.outcomes, "twin outcomes");
}

// The shelters example: 12 shelters for 36 aircraft; the rest stand on a ramp swept by
// submunitions, which shelters stop. More shelters, fewer aircraft lost on the ground.
const std::string kShelters = "scenario: " + kExamples + "ramp_and_shelters.yaml\n" +
                              R"(trials: 400
seed: 11
postures:
  - baseline
  - {id: more_shelters, set: {"nodes.airbase.shelters": 24}}
reference: baseline
rank_by: {outcome: aircraft_lost_ground, better: lower}
)";

TEST(Sweep, MoreSheltersCutGroundLossesWithAPairedIntervalThatExcludesZero) {
  const SweepResults s = run_sweep(kShelters);
  const SweepRun* more = s.find_run("more_shelters");
  const SweepRun* base = s.find_run("baseline");
  ASSERT_NE(more, nullptr);
  ASSERT_NE(base, nullptr);
  const PairedDifference* d = more->find_comparison("aircraft_lost_ground", "", true);
  ASSERT_NE(d, nullptr);
  const Distribution* mine = more->results.find_outcome("aircraft_lost_ground");
  const Distribution* theirs = base->results.find_outcome("aircraft_lost_ground");
  ASSERT_NE(mine, nullptr);
  ASSERT_NE(theirs, nullptr);
  EXPECT_LT(d->mean_diff(0), 0.0);
  EXPECT_LT(d->ci_high(0), 0.0) << "the 95% CI [" << d->ci_low(0) << ", " << d->ci_high(0)
                                << "] should exclude zero";
  const double unpaired = se_unpaired(*mine, *theirs, 0);
  EXPECT_LT(d->se_paired(0), unpaired);
  EXPECT_GT(unpaired, 0.0);
  // The paired mean difference is exactly the difference of the means.
  EXPECT_EQ(d->sum_diff[0],
            static_cast<int64_t>(mine->sum[0]) - static_cast<int64_t>(theirs->sum[0]));
}

// Trial by trial: the sums of d and d^2 equal those of single-trial runs of each posture.
TEST(Sweep, PairedSumsMatchTrialByTrialDifferences) {
  const uint64_t kTrials = 6;
  std::string text = kShelters;
  text.replace(text.find("trials: 400"), 11, "trials: 6");
  const SweepSpec spec = load_sweep_text(text, "<sweep>", ".");
  const std::vector<Arm> runs = plan_sweep(spec);
  const SweepResults s = sweep(spec, runs, cpu_options());
  const SweepRun& more = s.runs[1];
  const PairedDifference* d = more.find_comparison("aircraft_lost_ground", "", true);
  const PairedDifference* sorties = more.find_comparison("sorties", "", false);
  ASSERT_NE(d, nullptr);
  ASSERT_NE(sorties, nullptr);
  int64_t sum = 0;
  uint64_t sum_sq = 0;
  std::vector<int64_t> sorties_sum(sorties->rows, 0);
  for (uint64_t t = 0; t < kTrials; ++t) {
    RunOptions one = cpu_options();
    one.trials = kTrials;
    one.seed = spec.seed;
    one.first_trial = t;
    one.trial_count = 1;
    const Results a = run(runs[1].scenario, one);
    const Results b = run(runs[0].scenario, one);
    const int64_t diff = static_cast<int64_t>(a.find_outcome("aircraft_lost_ground")->sum[0]) -
                         static_cast<int64_t>(b.find_outcome("aircraft_lost_ground")->sum[0]);
    sum += diff;
    sum_sq += static_cast<uint64_t>(diff * diff);
    for (uint32_t row = 0; row < sorties->rows; ++row) {
      sorties_sum[row] += static_cast<int64_t>(a.find_metric("sorties")->sum[row]) -
                          static_cast<int64_t>(b.find_metric("sorties")->sum[row]);
    }
  }
  EXPECT_EQ(d->sum_diff[0], sum);
  EXPECT_EQ(d->sum_sq_diff[0], sum_sq);
  EXPECT_EQ(sorties->sum_diff, sorties_sum);
}

// A sweep's run of a posture is the plain run of that posture: same seed, same trials.
TEST(Sweep, RunsEqualPlainRunsOfTheirPostures) {
  const SweepResults s = run_sweep("scenario: " + kExamples + "sustainment.yaml\n" +
                                   R"(trials: 120
seed: 5
postures: [baseline, hardened, federated]
reference: federated
)");
  for (const char* posture : {"baseline", "hardened", "federated"}) {
    RunOptions options = cpu_options();
    options.trials = 120;
    options.seed = 5;
    const Results plain = run(load_scenario_file(kExamples + "sustainment.yaml", posture), options);
    const SweepRun* r = s.find_run(posture);
    ASSERT_NE(r, nullptr) << posture;
    expect_same_distributions(plain.metrics, r->results.metrics, posture);
    expect_same_distributions(plain.outcomes, r->results.outcomes, posture);
    EXPECT_EQ(plain.provenance.scenario_sha256, r->results.provenance.scenario_sha256);
  }
  EXPECT_TRUE(s.find_run("federated")->reference.empty());
  EXPECT_EQ(s.find_run("hardened")->reference, "federated");
}

TEST(Sweep, GridRunsArePairedWithTheReferenceAtTheSamePoint) {
  const SweepSpec spec = load_sweep_text("scenario: " + kExamples + "ramp_and_shelters.yaml\n" +
                                             R"(trials: 50
postures: [baseline, {id: more, set: {"nodes.airbase.shelters": 24}}]
grid:
  mode: zip
  "nodes.airbase.airborne_fraction": [0.1, 0.4]
  "nodes.airbase.repair.teams": [1, 3]
)",
                                         "<sweep>", ".");
  const std::vector<Arm> runs = plan_sweep(spec);
  ASSERT_EQ(runs.size(), 4u);
  EXPECT_EQ(runs[0].name,
            "baseline+nodes.airbase.airborne_fraction=0.1+nodes.airbase.repair.teams=1");
  EXPECT_EQ(runs[1].name, "more+nodes.airbase.airborne_fraction=0.1+nodes.airbase.repair.teams=1");
  EXPECT_EQ(runs[1].reference, runs[0].name);
  EXPECT_EQ(runs[3].reference, runs[2].name);
  EXPECT_EQ(runs[3].grid, "nodes.airbase.airborne_fraction=0.4, nodes.airbase.repair.teams=3");
  EXPECT_EQ(runs[1].scenario.nodes[0].shelters, 24u);
  EXPECT_EQ(runs[2].scenario.nodes[0].shelters, 12u);
  // The same posture at the same point, loaded as the plain scenario with those values: the
  // provenance records what was applied.
  EXPECT_NE(runs[3].scenario.source_text.find("repair.teams\": 3"), std::string::npos)
      << runs[3].scenario.source_text;

  SweepSpec cartesian = spec;
  cartesian.zip = false;
  EXPECT_EQ(plan_sweep(cartesian).size(), 8u);
}

TEST(Sweep, ShardedSweepsMergeIntoTheWholeSweepDatasetByDataset) {
  const fs::path dir = fs::temp_directory_path() / "contested_test_sweep_shards";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string text = kShelters;
  text.replace(text.find("trials: 400"), 11, "trials: 101");
  const SweepSpec spec = load_sweep_text(text, "<sweep>", ".");
  const std::vector<Arm> runs = plan_sweep(spec);
  const std::string whole = (dir / "whole.h5").string();
  write_sweep_results(whole, sweep(spec, runs, cpu_options()), Existing::refuse);
  std::vector<std::string> parts;
  for (uint64_t i = 0; i < 3; ++i) {
    RunOptions options = cpu_options();
    const TrialRange r = shard_range(spec.trials, i, 3);
    options.first_trial = r.first;
    options.trial_count = r.count;
    options.chunk = 7;  // chunking does not matter either
    parts.push_back((dir / ("part" + std::to_string(i) + ".h5")).string());
    write_sweep_results(parts.back(), sweep(spec, runs, options), Existing::refuse);
  }
  const std::string merged = (dir / "merged.h5").string();
  merge_files(merged, {parts[2], parts[0], parts[1]}, Existing::refuse);
  EXPECT_EQ(testing::differing_datasets(whole, merged), std::vector<std::string>{});
  EXPECT_GT(testing::dataset_bytes(whole).size(), 200u);

  const SweepResults back = read_sweep_results(merged);
  EXPECT_EQ(back.reference, "baseline");
  EXPECT_EQ(back.provenance.trials, 101u);
  ASSERT_EQ(back.runs.size(), 2u);
  EXPECT_EQ(back.runs[1].comparison.size(),
            sweep(spec, runs, cpu_options()).runs[1].comparison.size());

  // A sweep's shard and a plain run's do not merge.
  RunOptions plain = cpu_options();
  plain.trials = 101;
  plain.seed = 11;
  const std::string run_file = (dir / "run.h5").string();
  write_results(run_file, run(runs[0].scenario, plain), Existing::refuse);
  EXPECT_THROW(merge_files((dir / "bad.h5").string(), {parts[0], run_file}, Existing::refuse),
               std::invalid_argument);
  // Nor do shards of different sweeps.
  SweepSpec other = spec;
  other.text += "# another sweep\n";
  RunOptions first_third = cpu_options();
  first_third.trial_count = shard_range(spec.trials, 0, 3).count;
  const std::string other_file = (dir / "other.h5").string();
  write_sweep_results(other_file, sweep(other, runs, first_third), Existing::refuse);
  try {
    merge_files((dir / "bad.h5").string(), {other_file, parts[1], parts[2]}, Existing::refuse);
    ADD_FAILURE() << "merged shards of different sweep files";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("different sweep files"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

// ---- the sweep file -------------------------------------------------------------------------

std::string load_error(const std::string& text) {
  try {
    plan_sweep(load_sweep_text(text, "sweep.yaml", "."));
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

void expect_error(const std::string& text, const std::vector<std::string>& mentions) {
  const std::string message = load_error(text);
  ASSERT_FALSE(message.empty()) << "accepted:\n" << text;
  for (const std::string& m : mentions)
    EXPECT_NE(message.find(m), std::string::npos) << "'" << m << "' not in: " << message;
}

TEST(SweepFile, ErrorsNameTheLineAndKey) {
  const std::string head = "scenario: " + kExamples + "ramp_and_shelters.yaml\n";
  expect_error(head + "postures: [baseline]\nrefrence: baseline\n",
               {"sweep.yaml:3:1", "unknown key 'refrence'", "did you mean 'reference'"});
  expect_error(head + "postures: [baseline, more]\n",
               {"sweep.yaml:2:", "defines no posture 'more'"});
  expect_error(head + "postures: [baseline, baseline]\n", {"sweep.yaml:2:", "listed twice"});
  expect_error(head + "postures: [baseline]\nreference: basline\n",
               {"sweep.yaml:3:12", "did you mean 'baseline'"});
  expect_error(head + "postures:\n  - baseline\n  - {id: x, set: {\"nodes.airbase.sheltrs\": 3}}\n",
               {"sweep.yaml:4:", "sheltrs", "did you mean 'shelters'"});
  expect_error(
      head + "postures:\n  - baseline\n  - {id: x, set: {\"nodes.airbase.shelters\": -3}}\n",
      {"sweep.yaml:4:", "shelters"});
  expect_error(head + "postures:\n  - baseline\n  - {id: x, flags: [nope]}\n",
               {"sweep.yaml:4:", "unknown flag 'nope'"});
  expect_error(head +
                   "postures: [baseline]\ngrid:\n  mode: zip\n  \"nodes.airbase.shelters\": [1, "
                   "2]\n  \"days\": [3]\n",
               {"sweep.yaml:6:", "zip"});
  expect_error(head + "postures: [baseline]\ngrid:\n  \"nodes.airbase.shelters\": [1, 2, -1]\n",
               {"sweep.yaml:4:", "shelters"});
  expect_error(head +
                   "postures:\n  - {id: x, set: {\"nodes.airbase.shelters\": 3}}\n"
                   "grid: {\"nodes.airbase.shelters\": [1, 2]}\n",
               {"sweep.yaml:4:", "cannot vary it"});
  expect_error(head + "postures: [baseline]\nrank_by: {outcome: aircraft_lost_grund}\n",
               {"sweep.yaml:3:", "did you mean 'aircraft_lost_ground'"});
  expect_error(head + "postures: [baseline]\nrank_by: {metric: sorties, day: 99}\n",
               {"sweep.yaml:3:", "past the campaign's 20 days"});
  expect_error("scenario: nowhere.yaml\npostures: [baseline]\n",
               {"sweep.yaml:1:11", "cannot read the scenario file"});
  expect_error(head + "postures: [baseline]\ntrials: 0\n", {"sweep.yaml:3:9", "out of range"});
}

TEST(SweepFile, TheExampleSweepPlans) {
  const SweepSpec spec = load_sweep_file(CONTESTED_SOURCE_DIR "/configs/sweeps/shelters.yaml");
  const std::vector<Arm> runs = plan_sweep(spec);
  EXPECT_EQ(runs.size(), 6u);  // 3 postures at 2 grid points
  EXPECT_EQ(spec.reference, "baseline");
}

TEST(SweepFile, PathsAreRelativeToTheSweepFile) {
  const fs::path dir = fs::temp_directory_path() / "contested_test_sweep_file";
  fs::remove_all(dir);
  fs::create_directories(dir / "sweeps");
  fs::copy_file(kExamples + "ramp_and_shelters.yaml", dir / "ramp.yaml");
  {
    std::ofstream(dir / "more.yaml") << "id: more\nset: {\"nodes.airbase.shelters\": 20}\n";
    std::ofstream(dir / "sweeps" / "s.yaml")
        << "scenario: ../ramp.yaml\ntrials: 10\npostures: [baseline, ../more.yaml]\n";
  }
  const SweepSpec spec = load_sweep_file((dir / "sweeps" / "s.yaml").string());
  EXPECT_EQ(spec.scenario, (dir / "ramp.yaml").string());
  const std::vector<Arm> runs = plan_sweep(spec);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[1].name, "more");
  EXPECT_EQ(runs[1].scenario.nodes[0].shelters, 20u);
  fs::remove_all(dir);
}

// ---- the command line ---------------------------------------------------------------------

TEST(SweepCli, WritesTheFileAndPrintsTheRankedTable) {
  const fs::path dir = fs::temp_directory_path() / "contested_test_sweep_cli";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string file = (dir / "shelters.yaml").string();
  std::ofstream(file) << kShelters;
  const std::string out = (dir / "shelters.h5").string();
  const Command c = shell("sweep " + file + " --trials 100 --backend cpu --out " + out);
  ASSERT_EQ(c.status, 0) << c.output;
  for (const char* text : {"Ranked by the mean of aircraft_lost_ground", "more_shelters",
                           "(reference)", "SE paired", "SE unpaired", "[95% CI]"}) {
    EXPECT_NE(c.output.find(text), std::string::npos) << text << " not in:\n" << c.output;
  }
  EXPECT_LT(c.output.find("more_shelters"), c.output.find("(reference)")) << c.output;
  const Command info = shell("info " + out);
  ASSERT_EQ(info.status, 0) << info.output;
  EXPECT_NE(info.output.find("SE unpaired"), std::string::npos) << info.output;
  EXPECT_EQ(read_sweep_results(out).provenance.trials, 100u);

  std::ofstream(file) << "scenario: nowhere.yaml\npostures: [baseline]\n";
  const Command bad = shell("sweep " + file);
  EXPECT_EQ(bad.status, 2) << bad.output;
  EXPECT_NE(bad.output.find(":1:11: scenario: cannot read"), std::string::npos) << bad.output;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace contested
