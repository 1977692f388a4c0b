// Loading a scenario: parse the YAML (MODEL.md sections 4-7), check every field against
// its allowed range, resolve ids to indices and compile the flat arrays the kernels read.
// Anything wrong throws ScenarioError naming file, line, column, key and what is allowed.
#pragma once

#include <string>

#include "host/scenario.hpp"
#include "host/scenario_error.hpp"

namespace contested {

// Reads and validates a scenario file. `name` defaults to the file stem.
Scenario load_scenario_file(const std::string& path);

// Same for YAML text already in memory; `label` stands for the file name in messages and
// in Scenario::source_path. `name` defaults to "scenario".
Scenario load_scenario_text(const std::string& text, const std::string& label = "<string>");

}  // namespace contested
