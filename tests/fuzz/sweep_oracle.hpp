// What the sweep fuzzer checks and the regression test replays: any text, read as a sweep
// file whose relative paths lead into `base_directory`, is planned as `contested validate`
// plans a sweep (its scenario loaded under every posture at every grid point), or is refused
// with a ScenarioError that says where and what, in the sweep or in a file it names. The
// runs are not simulated: the scenario fuzzer covers the model.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/sweep.hpp"
#include "tests/fuzz/scenario_oracle.hpp"

namespace contested::fuzz {

inline Verdict check_sweep_text(const std::string& text, const std::string& base_directory) {
  Verdict verdict;
  try {
    verdict.postures_loaded = plan_sweep(load_sweep_text(text, kLabel, base_directory)).size();
  } catch (const ScenarioError& e) {
    verdict.error = e;
  }
  return verdict;
}

// What is wrong with one error of a refusal of the sweep text `text`, or "": a diagnostic of
// the sweep, or of a scenario or posture file it names (never of a temporary file the sweep
// writes).
inline std::string sweep_error_defect(const ScenarioError& e, const std::string& text) {
  if (e.file() == kLabel) return diagnostic_defect(e, text);
  // A posture file the sweep names that cannot be read is refused as that file, at 0:0, as
  // `contested run --posture FILE` refuses it.
  if (e.key() == "file" && e.line() == 0) return diagnostic_defect(e, "");
  if (!std::filesystem::is_regular_file(e.file())) {
    return "names file '" + e.file() + "', which is neither the sweep nor a file it names";
  }
  std::ifstream in(e.file(), std::ios::binary);
  std::ostringstream named;
  named << in.rdbuf();
  return diagnostic_defect(e, named.str());
}

// The same for every error of the refusal `e`.
inline std::string sweep_refusal_defect(const ScenarioError& e, const std::string& text) {
  if (std::string listing = listing_defect(e); !listing.empty()) return listing;
  for (const ScenarioError& one : e.errors()) {
    if (std::string defect = sweep_error_defect(one, text); !defect.empty()) return defect;
  }
  return "";
}

}  // namespace contested::fuzz
