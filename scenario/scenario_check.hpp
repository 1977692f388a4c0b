// What `contested validate` and Python's contested.validate() report of a scenario: that it
// loads under every posture it defines (and under any posture files given), and the aircraft
// based where no undamaged runway holds their strip (scenario/strip_applicability.hpp), each
// note with the postures it holds in.
#pragma once

#include <string>
#include <vector>

#include "scenario/scenario.hpp"

namespace contested {

struct ScenarioCheck {
  std::vector<std::string> postures;  // checked: baseline, the file's, then those given
  std::vector<std::string> notes;     // "<note> (postures: a, b)"
  Scenario scenario;                  // under the default posture
};

// Throws a ScenarioError holding every error found, under whichever postures show them
// (each once, in file order; scenario_error.hpp).
ScenarioCheck check_scenario_file(const std::string& path,
                                  const std::vector<std::string>& extra_postures = {});
ScenarioCheck check_scenario_text(const std::string& text, const std::string& label);

}  // namespace contested
