// Loading a scenario: parse the YAML (docs/scenario-format.md), apply a posture (its Postures
// section, scenario/posture.hpp), check every field against its allowed range, resolve ids to
// indices and compile the flat arrays the kernels read. Anything wrong throws a ScenarioError
// naming file, line, column, key and what is allowed: of every error found in one pass, up to
// a limit (scenario_builder.hpp, scenario_error.hpp), listed in file order.
#pragma once

#include <string>
#include <vector>

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

// The postures a scenario file can be loaded under: `baseline` first unless the file defines
// it, then the file's postures in order. The postures section is checked; the rest is not.
std::vector<std::string> posture_ids(const std::string& path);
std::vector<std::string> posture_ids_text(const std::string& text,
                                          const std::string& label = "<string>");

}  // namespace contested
