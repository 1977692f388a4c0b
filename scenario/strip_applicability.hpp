// Aircraft based where no undamaged runway holds their strip class: they fly no sorties
// there, and that base's strip metrics for the class are not applicable (n/a). `validate`
// and Python's `contested.validate` say so.
#pragma once

#include <string>
#include <vector>

#include "scenario/scenario.hpp"

namespace contested {

// One line per (base, strip class) whose aircraft cannot fly, naming them.
std::vector<std::string> strip_notes(const Scenario& s);

}  // namespace contested
