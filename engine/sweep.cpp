// Sweeps: the arms a sweep file plans, checked against what the runs report, run by the
// one run loop (sweep.hpp).
#include "engine/sweep.hpp"

#include <string>
#include <vector>

#include "engine/record_catalog.hpp"
#include "scenario/yaml_reader.hpp"

namespace contested {
namespace {

using namespace yaml;

void check_rank_by(const SweepSpec& spec, const Scenario& scenario) {
  const RankBy& r = spec.rank_by;
  std::vector<std::string> names;
  bool found = false;
  for (const RecordSeries& series : catalog_records(scenario)) {
    if (!series.reported || series.outcome != r.outcome) continue;
    if (r.outcome || series.node == r.node) names.push_back(series.name);
    found = found || (series.name == r.name && (r.outcome || series.node == r.node));
  }
  const std::string what = r.outcome ? "outcome" : "metric";
  if (!found) {
    throw ScenarioError(spec.path, spec.rank_by_mark, "rank_by",
                        "the runs report no " + what + " " + in_quotes(r.name) +
                            (r.node.empty() ? "" : " at node " + in_quotes(r.node)) +
                            did_you_mean(r.name, names) + " (allowed: " + join_names(names) + ")");
  }
  if (r.day > scenario.days) {
    throw ScenarioError(spec.path, spec.rank_by_mark, "rank_by.day",
                        "day " + std::to_string(r.day) + " is past the campaign's " +
                            std::to_string(scenario.days) + " days (allowed: 1.." +
                            std::to_string(scenario.days) + ")");
  }
}

}  // namespace

std::vector<Arm> plan_sweep(const SweepSpec& spec) {
  std::vector<Arm> arms = plan_arms(spec);
  check_rank_by(spec, arms.front().scenario);
  return arms;
}

SweepResults sweep(const SweepSpec& spec, const std::vector<Arm>& arms, const RunOptions& in,
                   const SweepCheckpoint& checkpoint) {
  RunOptions options = in;
  options.trials = spec.trials;
  options.seed = spec.seed;
  const RunRecord record{read_input_file(spec.scenario, "scenario file"), spec.text, spec.reference,
                         spec.rank_by};
  return run_arms(arms, options, record, checkpoint);
}

SweepResults sweep(const SweepSpec& spec, const RunOptions& options) {
  return sweep(spec, plan_sweep(spec), options);
}

}  // namespace contested
