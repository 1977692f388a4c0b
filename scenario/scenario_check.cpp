#include "scenario/scenario_check.hpp"

#include <algorithm>
#include <functional>
#include <utility>

#include "scenario/scenario_error.hpp"
#include "scenario/scenario_yaml.hpp"
#include "scenario/strip_applicability.hpp"

namespace contested {
namespace {

// Every posture is loaded, whatever errors the others have: a bad `set:` value shows only
// under its posture. The errors of all are thrown together, each once.
ScenarioCheck check(std::vector<std::string> postures,
                    const std::function<Scenario(const std::string&)>& load) {
  ScenarioCheck out;
  std::vector<std::pair<std::string, std::string>> notes;  // note, the postures it holds in
  std::vector<ScenarioError> errors;
  for (const std::string& posture : postures) {
    try {
      for (const std::string& note : strip_notes(load(posture))) {
        auto at = std::find_if(notes.begin(), notes.end(),
                               [&](const auto& n) { return n.first == note; });
        if (at == notes.end()) at = notes.insert(notes.end(), {note, ""});
        at->second += (at->second.empty() ? "" : ", ") + posture;
      }
    } catch (const ScenarioError& e) {
      errors.push_back(e);
    }
  }
  if (!errors.empty()) throw ScenarioError(errors);
  for (const auto& [note, where] : notes)
    out.notes.push_back(note + " (postures: " + where + ")");
  out.postures = std::move(postures);
  out.scenario = load("");
  return out;
}

}  // namespace

ScenarioCheck check_scenario_file(const std::string& path,
                                  const std::vector<std::string>& extra_postures) {
  std::vector<std::string> postures = posture_ids(path);
  postures.insert(postures.end(), extra_postures.begin(), extra_postures.end());
  return check(postures, [&](const std::string& p) { return load_scenario_file(path, p); });
}

ScenarioCheck check_scenario_text(const std::string& text, const std::string& label) {
  return check(posture_ids_text(text, label),
               [&](const std::string& p) { return load_scenario_text(text, label, p); });
}

}  // namespace contested
