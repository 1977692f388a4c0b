// Loading a scenario: parse the YAML (docs/scenario-format.md), apply a posture (its Postures
// section, scenario/posture.hpp), check every field against its allowed range, resolve ids to
// indices and compile the flat arrays the kernels read. Anything wrong throws a ScenarioError
// naming file, line, column, key and what is allowed: of every error found in one pass, up to
// a limit (scenario_builder.hpp, scenario_error.hpp), listed in file order.
#pragma once

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "scenario/posture.hpp"
#include "scenario/scenario.hpp"
#include "scenario/scenario_error.hpp"

namespace contested {

// Reads and validates a scenario file under a posture. `name` defaults to the file stem.
// `posture` "" means `baseline`: the posture of that id if the file defines one, else no
// flags and no overrides. An id the file does not define (other than baseline) is an error.
// `posture` may instead be the path of a posture file (ending in .yaml or .yml, relative to
// the current directory): one mapping `{id, flags, set, description}` shaped like an entry
// of `postures:`, checked against this scenario as inline postures are; its errors name the
// posture file and its line. Scenario::posture is the posture's id; Scenario::source_text is
// the scenario's text followed by the posture file's as comments.
Scenario load_scenario_file(const std::string& path, const std::string& posture = "");

// Same for YAML text already in memory; `label` stands for the file name in messages and
// in Scenario::source_path. `name` defaults to "scenario". `posture` as above.
Scenario load_scenario_text(const std::string& text, const std::string& label = "<string>",
                            const std::string& posture = "");

// A scenario under a posture with `uncertain:` inputs (scenario/uncertain_input.hpp), read
// once and loaded again for each sample of their values: every sampled value passes the
// checks a written one does. A sample the scenario refuses is a ScenarioError at the
// distribution that drew it, naming the sample and the value.
class UncertainScenario {
 public:
  // As load_scenario_file and load_scenario_text load them.
  static UncertainScenario from_file(const std::string& path, const std::string& posture);
  static UncertainScenario from_text(const std::string& text, const std::string& label,
                                     const std::string& posture);
  // The scenario as written (no draws): the point the distributions spread around. Its
  // Scenario::uncertain is empty, so it runs like any scenario.
  const Scenario& point() const { return point_; }
  const std::vector<UncertainInput>& inputs() const { return posture_.uncertain; }
  // The scenario with inputs()[i] set to values[i]; `sample` names it in errors.
  Scenario sample(const std::vector<double>& values, uint64_t sample) const;

 private:
  UncertainScenario(const std::string& text, const std::string& label, const std::string& name,
                    const std::string& posture);

  std::string label_;
  std::string name_;
  std::string text_;  // as Scenario::source_text
  Posture posture_;
  YAML::Node root_;  // the posture applied
  Scenario point_;
};

// The postures a scenario file can be loaded under: `baseline` first unless the file defines
// it, then the file's postures in order. The postures section is checked; the rest is not.
std::vector<std::string> posture_ids(const std::string& path);
std::vector<std::string> posture_ids_text(const std::string& text,
                                          const std::string& label = "<string>");

}  // namespace contested
