// Sweep files (docs/sweeps.md): several postures of one scenario, optionally at every point of a
// grid of `set:` values, run over the same trials with the same seed, so that trial t of
// every run sees the same random numbers. Each run is paired with its reference run (the
// reference posture at the same grid point): the per-trial differences of every metric and
// outcome are summed exactly, giving the paired mean difference, its standard error and a
// 95 % confidence interval, next to the unpaired standard error for comparison.
//
// A sweep file (YAML; errors name file, line and key like a scenario's):
//
//   scenario: ../examples/sustainment.yaml   # relative to the sweep file
//   trials: 2000
//   seed: 7
//   postures:
//     - baseline                          # an id of the scenario's postures (or baseline)
//     - hardened
//     - ../postures/federated.yaml        # a posture file, relative to the sweep file
//     - {id: dispersed, flags: [rsf_japan], set: {"nodes.airbase.shelters": 96}}  # inline
//   reference: baseline                   # default: the first posture
//   grid:                                 # optional: set paths → lists of values
//     mode: cartesian                     # or zip (the lists pair up entry by entry)
//     "nodes.airbase.runways[0].repair_crews": [1, 2]
//   rank_by: {outcome: aircraft_lost_ground, better: lower}   # or {metric: sorties,
//                                         # node: airbase, day: 7, better: higher}
//
// A run is named after its posture, and with a grid `posture+path=value+path=value`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "results/rank_by.hpp"
#include "scenario/scenario.hpp"

namespace contested {

// A value a posture or the grid sets, where it was written (for messages).
struct SetValue {
  std::string path;   // e.g. nodes.kadena.shelters
  std::string value;  // the value as one line of (flow) YAML
  std::string file;
  YAML::Mark mark;
};

struct SweepPosture {
  enum class Source { scenario, file, inline_entry };
  std::string id;  // unique in the sweep
  Source source = Source::scenario;
  std::string file;  // the posture file (Source::file), as resolved
  std::vector<std::string>
      flags;                   // Source::inline_entry: each as YAML, `{flag, from_day}` or a name
  std::vector<SetValue> sets;  // Source::inline_entry
  YAML::Mark mark;             // of the entry in the sweep file
};

struct SweepSpec {
  std::string path;  // the sweep file, as given ("<string>" for text)
  std::string text;
  std::string scenario;  // the scenario file, resolved against the sweep file's directory
  std::vector<SweepPosture> postures;
  bool zip = false;                         // grid mode: zip, else cartesian
  std::vector<std::string> grid_paths;      // no paths: no grid
  std::vector<std::vector<SetValue>> grid;  // [path][point]
  uint64_t trials = 10000;
  uint64_t seed = 1;
  std::string reference;  // a posture id
  YAML::Mark reference_mark;
  RankBy rank_by;
  YAML::Mark rank_by_mark;
};

// Reads and checks a sweep file; relative paths in it are resolved against its directory.
// Anything wrong throws ScenarioError naming the file, line and key. The scenario and
// postures themselves are checked when the runs are planned.
SweepSpec load_sweep_file(const std::string& path);
// Whether a YAML file is a sweep file (a mapping naming a `scenario:`), not a scenario.
bool is_sweep_document(const std::string& path);
SweepSpec load_sweep_text(const std::string& text, const std::string& label,
                          const std::string& base_directory = ".");

// One arm of a run or a sweep: a scenario under its posture (and grid values), named, and
// paired with its reference arm. A run has one arm; a sweep one per posture and grid point.
struct Arm {
  std::string name;       // unique: the posture id, plus the grid values with a grid
  std::string posture;    // the posture id
  std::string grid;       // "path=value, path=value", or empty
  std::string reference;  // the name of the run it is paired with; empty for a reference run
  Scenario scenario;
};

// The arms of a sweep: loads the scenario once per arm (every posture at every grid point). Errors
// in a posture or a grid value are ScenarioErrors at the line of the sweep (or posture, or
// scenario) file that wrote it. All runs must have the same number of days.
std::vector<Arm> plan_arms(const SweepSpec& spec);

}  // namespace contested
