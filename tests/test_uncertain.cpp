// Uncertain inputs (docs/sensitivity.md): the laws' moments, the values reaching the
// scenario, refused distributions, runs that do not depend on threads, chunks or shards, and
// Sobol indices of closed-form outputs run through the engine's design.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "campaign_testing.hpp"
#include "engine/sensitivity.hpp"
#include "engine/uncertain_run.hpp"
#include "results/merge.hpp"
#include "scenario/scenario_error.hpp"
#include "scenario/scenario_yaml.hpp"
#include "scenario/uncertain_input.hpp"

namespace contested {
namespace {

UncertainInput input_of(const std::string& distribution, const std::string& path = "x.y") {
  const YAML::Node node = YAML::Load(distribution);
  const std::string file = "<test>";
  UncertainInput in;
  in.path = path;
  in.key = input_key(path);
  in.distribution = read_distribution(yaml::Field{node, node.Mark(), path, &file});
  return in;
}

// Mean and variance of 10^5 draws within 5 standard errors of the law's.
void expect_moments(const std::string& distribution) {
  SCOPED_TRACE(distribution);
  const UncertainInput in = input_of(distribution);
  constexpr int kDraws = 100000;
  std::vector<double> x(kDraws);
  double sum = 0;
  for (int s = 0; s < kDraws; ++s) {
    x[s] = draw_input(in, 11, InputMatrix::run, static_cast<uint64_t>(s));
    sum += x[s];
  }
  const double mean = sum / kDraws;
  double m2 = 0;
  double m4 = 0;
  for (const double v : x) {
    const double d = v - mean;
    m2 += d * d;
    m4 += d * d * d * d;
  }
  m2 /= kDraws - 1;
  m4 /= kDraws;
  const double se_mean = std::sqrt(m2 / kDraws);
  const double se_var = std::sqrt((m4 - m2 * m2) / kDraws);
  EXPECT_NEAR(mean, in.distribution.mean(), 5 * se_mean);
  EXPECT_NEAR(m2, in.distribution.variance(), 5 * se_var);
}

TEST(UncertainInput, MomentsOfEveryLawWithinFiveStandardErrors) {
  expect_moments("{uniform: {low: 2, high: 5}}");
  expect_moments("{triangular: {low: 1, mode: 2, high: 6}}");
  expect_moments("{triangular: {low: 0, mode: 0, high: 3}}");
  expect_moments("{lognormal: {median: 3, sigma: 0.5}}");
  expect_moments("{choice: {values: [1, 2, 5], weights: [0.2, 0.5, 0.3]}}");
}

TEST(UncertainInput, ChoiceFrequenciesMatchTheirWeights) {
  const UncertainInput in = input_of("{choice: {values: [10, 20, 30, 40]}}");
  constexpr int kDraws = 100000;
  std::vector<int> counts(4, 0);
  for (int s = 0; s < kDraws; ++s)
    ++counts[static_cast<int>(draw_input(in, 3, InputMatrix::a, static_cast<uint64_t>(s))) / 10 -
             1];
  const double se = std::sqrt(0.25 * 0.75 / kDraws);
  for (const int c : counts)
    EXPECT_NEAR(static_cast<double>(c) / kDraws, 0.25, 5 * se);
}

TEST(UncertainInput, NormalQuantileToDoublePrecision) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-14);
  EXPECT_NEAR(normal_quantile(0.5), 0.0, 1e-15);
  EXPECT_NEAR(normal_quantile(0.001), -3.090232306167813, 1e-13);
  EXPECT_NEAR(normal_quantile(1e-10), -6.361340902404056, 1e-11);
}

TEST(UncertainInput, RoundGivesWholeNumbersAndDrawsAreAddressed) {
  const UncertainInput in = input_of("{uniform: {low: 0.5, high: 3.5}, round: true}");
  for (uint64_t s = 0; s < 100; ++s) {
    const double v = draw_input(in, 5, InputMatrix::run, s);
    EXPECT_EQ(v, std::round(v));
    EXPECT_EQ(v, draw_input(in, 5, InputMatrix::run, s));  // a pure function of its address
  }
  // Another path, another stream; another matrix, another stream.
  const UncertainInput other = input_of("{uniform: {low: 0.5, high: 3.5}}", "x.z");
  EXPECT_NE(input_uniform(in, 5, InputMatrix::run, 0),
            input_uniform(other, 5, InputMatrix::run, 0));
  EXPECT_NE(input_uniform(in, 5, InputMatrix::a, 0), input_uniform(in, 5, InputMatrix::b, 0));
}

std::string single_base() {
  std::ifstream in(std::string(CONTESTED_SOURCE_DIR) + "/configs/examples/single_base.yaml");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The example with an inline posture `u` whose uncertain: section is `entries`.
std::string with_uncertain(const std::string& entries) {
  return single_base() + "\npostures:\n  - id: u\n    uncertain:\n" + entries;
}

const std::string kTwoInputs =
    "      missiles.srbm.cep_m: {lognormal: {median: 20, sigma: 0.5}}\n"
    "      nodes.airbase.repair.hours_per_crater: {triangular: {low: 1, mode: 3, high: 8}}\n";

TEST(UncertainInput, SampledValuesReachTheScenario) {
  const UncertainScenario u = UncertainScenario::from_text(with_uncertain(kTwoInputs), "<t>", "u");
  ASSERT_EQ(u.inputs().size(), 2u);
  EXPECT_EQ(u.inputs()[0].point, 20);
  EXPECT_EQ(u.inputs()[1].point, 3);
  EXPECT_EQ(u.point().missiles[0].cep_m, 20);
  const Scenario s = u.sample({37.25, 5.5}, 0);
  EXPECT_EQ(s.missiles[0].cep_m, 37.25);
  EXPECT_EQ(s.nodes[0].repair.hours_per_crater, 5.5);
  EXPECT_EQ(s.source_text, u.point().source_text);
}

TEST(UncertainInput, ThePointIsTheValueAfterThePosturesSet) {
  const std::string text =
      single_base() +
      "\npostures:\n  - id: u\n"
      "    set: {nodes.airbase.repair: {teams: 5, hours_per_crater: 2, sigma: 0.4}}\n"
      "    uncertain:\n"
      "      nodes.airbase.repair.teams: {choice: {values: [4, 5, 6]}}\n";
  const UncertainScenario u = UncertainScenario::from_text(text, "<t>", "u");
  EXPECT_EQ(u.inputs()[0].point, 5);
  EXPECT_EQ(u.point().nodes[0].repair.teams, 5u);
  EXPECT_EQ(u.sample({6}, 0).nodes[0].repair.teams, 6u);
  EXPECT_EQ(u.sample({6}, 0).nodes[0].repair.hours_per_crater, 2);
}

// A bad uncertain: section is refused at its file, line and key.
void expect_refused(const std::string& entries, int line, const std::string& key,
                    const std::string& fragment) {
  SCOPED_TRACE(entries);
  const std::string text = with_uncertain(entries);
  try {
    UncertainScenario::from_text(text, "<t>", "u");
    FAIL() << "not refused";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.file(), "<t>");
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_EQ(e.key(), key) << e.what();
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(UncertainInput, BadDistributionsAreRefusedWithFileLineAndKey) {
  const std::string base = single_base();
  const int first = static_cast<int>(std::count(base.begin(), base.end(), '\n')) + 5;
  expect_refused("      missiles.srbm.cep_m: {lognormal: {median: 20, sigma: -0.5}}\n", first,
                 "postures.u.uncertain.missiles.srbm.cep_m.lognormal.sigma", "out of range");
  expect_refused("      missiles.srbm.cep_m: {choice: {values: [10, 20], weights: [0.5, 0.6]}}\n",
                 first, "postures.u.uncertain.missiles.srbm.cep_m.choice.weights", "sum to 1.1");
  expect_refused("      missiles.srbm.cep_mm: {uniform: {low: 1, high: 2}}\n", first,
                 "postures.u.uncertain.missiles.srbm.cep_mm", "cep_mm");
  expect_refused("      missiles.srbm.cep_m: {uniform: {low: 3, high: 2}}\n", first,
                 "postures.u.uncertain.missiles.srbm.cep_m.uniform.high", "below low");
  expect_refused("      missiles.srbm.cep_m: {gaussian: {mean: 3}}\n", first,
                 "postures.u.uncertain.missiles.srbm.cep_m.gaussian", "unknown key");
}

TEST(UncertainInput, ASampleTheScenarioRefusesNamesTheDistribution) {
  const UncertainScenario u = UncertainScenario::from_text(
      with_uncertain("      missiles.srbm.reliability: {uniform: {low: 0.5, high: 2}}\n"), "<t>",
      "u");
  try {
    u.sample({1.5}, 7);
    FAIL() << "not refused";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.key(), "uncertain.missiles.srbm.reliability");
    EXPECT_NE(std::string(e.what()).find("sample 7 drew missiles.srbm.reliability = 1.5"),
              std::string::npos)
        << e.what();
  }
}

RunOptions cpu_options(uint64_t trials, int threads, uint32_t chunk);

// A scenario loaded plainly keeps its uncertain paths at their written values, and the run
// loop (sweeps, several postures) refuses it rather than ignore the distributions; the
// point of an UncertainScenario runs.
TEST(UncertainRun, SweepsRefuseUncertainPosturesAndThePointRuns) {
  const std::string text = with_uncertain(kTwoInputs);
  const Scenario plain = load_scenario_text(text, "<t>", "u");
  EXPECT_EQ(plain.uncertain.size(), 2u);
  try {
    run(plain, cpu_options(10, 1, 0));
    FAIL() << "not refused";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("posture u gives missiles.srbm.cep_m and 1 more"),
              std::string::npos)
        << e.what();
  }
  const UncertainScenario u = UncertainScenario::from_text(text, "<t>", "u");
  EXPECT_TRUE(u.point().uncertain.empty());
  EXPECT_EQ(run(u.point(), cpu_options(10, 1, 0)).provenance.trials, 10u);
}

RunOptions cpu_options(uint64_t trials, int threads, uint32_t chunk) {
  RunOptions o;
  o.trials = trials;
  o.seed = 21;
  o.backend = "cpu";
  o.threads = threads;
  o.chunk = chunk;
  return o;
}

void expect_same(const Results& a, const Results& b) {
  ASSERT_EQ(a.metrics.size(), b.metrics.size());
  for (size_t i = 0; i < a.metrics.size(); ++i) {
    EXPECT_EQ(a.metrics[i].histogram, b.metrics[i].histogram) << a.metrics[i].name;
    EXPECT_EQ(a.metrics[i].sum, b.metrics[i].sum) << a.metrics[i].name;
  }
  ASSERT_EQ(a.outcomes.size(), b.outcomes.size());
  for (size_t i = 0; i < a.outcomes.size(); ++i)
    EXPECT_EQ(a.outcomes[i].histogram, b.outcomes[i].histogram) << a.outcomes[i].name;
  EXPECT_EQ(a.uncertain, b.uncertain);
}

TEST(UncertainRun, SameResultsWhateverThreadsChunksAndShards) {
  const UncertainScenario u = UncertainScenario::from_text(with_uncertain(kTwoInputs), "<t>", "u");
  const Results whole = run_uncertain(u, cpu_options(60, 1, 0), 3);
  expect_same(whole, run_uncertain(u, cpu_options(60, 2, 7), 3));
  // Two blocks whose edge cuts sample 6 (trials 18-20) in two, merged.
  RunOptions first = cpu_options(60, 2, 0);
  first.trial_count = 19;
  RunOptions second = cpu_options(60, 2, 0);
  second.first_trial = 19;
  const Results merged =
      merge_results({run_uncertain(u, first, 3), run_uncertain(u, second, 3)}, {"a", "b"}, {});
  expect_same(whole, merged);
  ASSERT_EQ(whole.uncertain.values.size(), 20u * 2);
  EXPECT_EQ(whole.uncertain.trials_per_sample, 3u);
  EXPECT_EQ(whole.uncertain.values[2 * 6 + 1], draw_input(u.inputs()[1], 21, InputMatrix::run, 6));
}

TEST(UncertainRun, TheInputsWidenTheOutcomesAndEachTrialDrawsItsOwn) {
  const UncertainScenario u = UncertainScenario::from_text(with_uncertain(kTwoInputs), "<t>", "u");
  const Results point = run(u.point(), cpu_options(400, 0, 0));
  const Results sampled = run_uncertain(u, cpu_options(400, 0, 0), 1);
  EXPECT_EQ(sampled.uncertain.values.size(), 400u * 2);
  // Every trial its own draw: no two samples alike.
  std::vector<double> hours;
  for (size_t t = 0; t < 400; ++t)
    hours.push_back(sampled.uncertain.values[2 * t + 1]);
  std::sort(hours.begin(), hours.end());
  EXPECT_EQ(std::unique(hours.begin(), hours.end()), hours.end());
  // Repair hours from 1 to 8 around 3 and a wider CEP: craters stay open for more varied
  // lengths than at the point.
  const Distribution* a = point.find_metric("craters_open", "airbase");
  const Distribution* b = sampled.find_metric("craters_open", "airbase");
  ASSERT_TRUE(a && b);
  EXPECT_GT(b->stddev(2), a->stddev(2));
}

// Outputs that are sums of raid counts, with no randomness left, so the design's indices
// have closed forms: raid 0 fires on day 1, raid 1 on `second_day` (hour 12). Var(raid 0's
// count) = 4, Var(raid 1's) = 1; together at most 8, within the day's 10 launches.
std::string two_raids(int second_day) {
  std::string text = testing::decoy_theatre("launches", 2, "", "") +
                     "postures:\n  - id: u\n    uncertain:\n"
                     "      raids[0].count: {choice: {values: [1, 5]}}\n"
                     "      raids[1].count: {choice: {values: [1, 3]}}\n";
  const std::string day = std::to_string(second_day);
  text.insert(text.find("nodes:\n"), "  - {days: [" + day + ", " + day +
                                         "], hour: 12, target: decoy, aim: fuel, missile: m, "
                                         "count: 1}\n");
  return text;
}

TEST(Sensitivity, ClosedFormIndicesThroughTheEnginesDesign) {
  // Launches on day 1 are the two counts' sum: shares 0.8 and 0.2, first order = total.
  const UncertainScenario u = UncertainScenario::from_text(two_raids(1), "<t>", "u");
  SensitivityOptions design;
  design.rows = 512;
  design.resamples = 400;
  const SensitivityResults s =
      run_sensitivity(u, {parse_output("missiles_launched:1")}, cpu_options(1, 1, 0), design);
  ASSERT_EQ(s.indices.size(), 1u);
  const SobolIndices& x = s.indices[0];
  const double share[] = {0.8, 0.2};
  for (size_t i = 0; i < 2; ++i) {
    SCOPED_TRACE(i);
    const double se_first = (x.first[i].high - x.first[i].low) / (2 * kConfidenceZ);
    const double se_total = (x.total[i].high - x.total[i].low) / (2 * kConfidenceZ);
    EXPECT_LT(se_first, 0.05);
    EXPECT_NEAR(x.first[i].estimate, share[i], 5 * se_first);
    EXPECT_NEAR(x.total[i].estimate, share[i], 5 * se_total);
  }
  EXPECT_NEAR(x.mean, 5, 5 * std::sqrt(5.0 / 1024));
  EXPECT_EQ(s.points(), 512u * 4);
  EXPECT_EQ(s.values.size(), s.points());
}

TEST(Sensitivity, AnOutputOfOneInputOnlyTakesAllItsVariance) {
  const UncertainScenario u = UncertainScenario::from_text(two_raids(2), "<t>", "u");
  SensitivityOptions design;
  design.rows = 128;
  design.resamples = 200;
  // Day 1 launches are raid 0's alone; day 2's raid 1's alone.
  const SensitivityResults s =
      run_sensitivity(u, {parse_output("missiles_launched:1"), parse_output("missiles_launched:2")},
                      cpu_options(1, 1, 0), design);
  for (size_t o = 0; o < 2; ++o) {
    SCOPED_TRACE(o);
    const SobolIndices& x = s.indices[o];
    EXPECT_NEAR(x.first[o].estimate, 1, 5 * (x.first[o].high - x.first[o].low) / 3.92);
    EXPECT_NEAR(x.total[o].estimate, 1, 5 * (x.total[o].high - x.total[o].low) / 3.92);
    EXPECT_EQ(x.first[1 - o].estimate, 0);  // A with the other column from B changes nothing
    EXPECT_EQ(x.total[1 - o].estimate, 0);
  }
}

TEST(Sensitivity, OutputsAndInputsAreChecked) {
  const UncertainScenario u = UncertainScenario::from_text(two_raids(2), "<t>", "u");
  SensitivityOptions design;
  EXPECT_THROW(run_sensitivity(u, {parse_output("no_such_metric")}, cpu_options(1, 1, 0), design),
               std::invalid_argument);
  EXPECT_THROW(parse_output("sorties:0"), std::invalid_argument);
  EXPECT_THROW(parse_output("sorties@:3"), std::invalid_argument);
  design.inputs = {"raids[2].count"};
  EXPECT_THROW(
      run_sensitivity(u, {parse_output("missiles_launched:1")}, cpu_options(1, 1, 0), design),
      std::invalid_argument);
  // Per-node outcomes by their name, or name@node; not with a day.
  const UncertainScenario one =
      UncertainScenario::from_text(with_uncertain(kTwoInputs), "<t>", "u");
  design.inputs.clear();
  design.rows = 2;
  const SensitivityResults by_node =
      run_sensitivity(one,
                      {parse_output("aircraft_lost_ground_airbase"),
                       parse_output("aircraft_lost_ground_airbase@airbase")},
                      cpu_options(4, 1, 0), design);
  EXPECT_EQ(by_node.values.size(), by_node.points() * 2);
  for (uint64_t p = 0; p < by_node.points(); ++p)
    EXPECT_EQ(by_node.values[2 * p], by_node.values[2 * p + 1]);
  EXPECT_THROW(run_sensitivity(one, {parse_output("aircraft_lost_ground_airbase:3")},
                               cpu_options(4, 1, 0), design),
               std::invalid_argument);
  const SensitivityOutput o = parse_output("sorties@kadena:7");
  EXPECT_EQ(o.name, "sorties");
  EXPECT_EQ(o.node, "kadena");
  EXPECT_EQ(o.day, 7u);
}

}  // namespace
}  // namespace contested
