// What the scenario fuzzer checks and the regression test replays, in one place: any text,
// loaded as `contested validate` loads a file (under each of its postures), either loads or
// is refused with a ScenarioError that says where and what, for each error it lists (the
// loader goes on after an error, so the fuzzer also meets the state the rest of a file is
// read in after one). Any other exception, a crash, a hang or a sanitizer report is a bug.
// ScenarioError is the loader's only input error (it turns Scenario::finalize's std::length_error
// into one); the std::invalid_argument and std::length_error that the CLI also reports as bad input
// come from run options, trial counts and memory limits, which the runs here keep far from.
// Scenarios small enough to simulate in milliseconds are run for two trials of a few days on the
// CPU backend, so that the model meets the odd values the loader lets through.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/runner.hpp"
#include "kernels/record.hpp"
#include "kernels/trial_state.hpp"
#include "scenario/scenario.hpp"
#include "scenario/scenario_error.hpp"
#include "scenario/scenario_yaml.hpp"

namespace contested::fuzz {

inline const std::string kLabel = "<fuzz>";

// Bounds on a simulated scenario. Larger ones are legitimately slow or big (a run's cost
// grows with the state, the record rows and the missiles flown) and would only trip
// libFuzzer's timeout and memory limit; they are loaded and checked, not run.
inline constexpr uint32_t kRunDays = 3;                  // days simulated at most (--days)
inline constexpr uint32_t kMaxRunStateWords = 1u << 14;  // aircraft, targets, craters, ships
inline constexpr uint32_t kMaxRunRecordRows = 1024;      // each row holds up to 4096 bins
inline constexpr uint64_t kMaxRunLaunchesPerDay = 128;   // each may visit every point target

// What checking one text did.
struct Verdict {
  size_t postures_loaded = 0;
  size_t postures_run = 0;
  std::optional<ScenarioError> error;  // the refusal, if the text was refused
};

// The scenario as it will be simulated: at most kRunDays days.
inline ScenarioView run_view(const Scenario& s) {
  ScenarioView v = s.view();
  v.days = std::min(v.days, kRunDays);
  return v;
}

inline bool small_enough_to_run(const Scenario& s) {
  const ScenarioView v = run_view(s);
  uint64_t launches = 0;
  for (const Raid& raid : s.raids)
    launches += std::min(raid.count, s.missiles[raid.missile].launches_per_day);
  return make_state_layout(v).words <= kMaxRunStateWords &&
         record_layout(v).rows() <= kMaxRunRecordRows && launches <= kMaxRunLaunchesPerDay;
}

inline void simulate(const Scenario& s) {
  RunOptions options;
  options.trials = 2;  // the second reuses the first's state column: it must be reset
  options.seed = 7;
  options.days = run_view(s).days;
  options.backend = "cpu";
  options.threads = 1;
  run(s, options);
}

// Loads `text` under every posture it defines (and baseline), as `contested validate` does.
// Only ScenarioError is caught: anything else escapes to the caller as the bug it is.
inline Verdict check_scenario_text(const std::string& text) {
  Verdict verdict;
  try {
    for (const std::string& posture : posture_ids_text(text, kLabel)) {
      const Scenario s = load_scenario_text(text, kLabel, posture);
      ++verdict.postures_loaded;
      if (!small_enough_to_run(s)) continue;
      simulate(s);
      ++verdict.postures_run;
    }
  } catch (const ScenarioError& e) {
    verdict.error = e;
  }
  return verdict;
}

// What is wrong with the list of errors `e` holds, or "" when nothing is: the first is `e`'s
// own, they are at most ScenarioError::kListed, each listed once, those of one file in
// line and column order, and the count covers them.
inline std::string listing_defect(const ScenarioError& e) {
  const std::vector<ScenarioError> all = e.errors();
  if (all.empty()) return "lists no error";
  if (all.size() > ScenarioError::kListed) return "lists " + std::to_string(all.size()) + " errors";
  if (e.count() < all.size()) return "counts fewer errors than it lists";
  const ScenarioError& first = all.front();
  if (first.file() != e.file() || first.line() != e.line() || first.column() != e.column() ||
      first.key() != e.key() || first.problem() != e.problem()) {
    return "is not its first error: " + std::string(first.what());
  }
  for (size_t i = 0; i < all.size(); ++i) {
    if (std::string(e.what()).find(all[i].what()) == std::string::npos) {
      return "does not say its error " + std::string(all[i].what());
    }
    for (size_t j = i + 1; j < all.size(); ++j) {
      if (std::string(all[i].what()) == all[j].what()) {
        return "lists twice: " + std::string(all[i].what());
      }
      if (all[i].file() == all[j].file() &&
          std::pair(all[j].line(), all[j].column()) < std::pair(all[i].line(), all[i].column())) {
        return "lists " + std::string(all[j].what()) + " after " + all[i].what();
      }
    }
  }
  return "";
}

// What is wrong with `e` as a diagnostic of `text`, or "" when nothing is: it names a key
// and a problem, and a position inside the text (or none, 0:0). For one error of those `e`
// holds; refusal_defect() checks them all.
inline std::string diagnostic_defect(const ScenarioError& e, const std::string& text) {
  // yaml-cpp also breaks lines at a lone CR and at NEL, LS and PS (whose UTF-8 encodings end
  // in 0x85, 0xa8 and 0xa9), so every such byte may start a line; and it counts columns in
  // the text as it decodes it, where a byte that is not UTF-8 becomes U+FFFD, 3 bytes.
  const size_t breaks = static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b == '\n' || b == '\r' || b == 0x85 || b == 0xa8 || b == 0xa9;
  }));
  if (e.key().empty()) return "names no key";
  if (e.problem().empty()) return "says no problem";
  if (e.line() < 0 || e.column() < 0 || (e.line() == 0) != (e.column() == 0)) {
    return "has position " + std::to_string(e.line()) + ":" + std::to_string(e.column());
  }
  if (static_cast<size_t>(e.line()) > breaks + 1 ||
      static_cast<size_t>(e.column()) > 3 * text.size() + 1) {
    return "has position " + std::to_string(e.line()) + ":" + std::to_string(e.column()) +
           " outside a text of " + std::to_string(breaks + 1) + " lines and " +
           std::to_string(text.size()) + " bytes";
  }
  return "";
}

// The same for a refusal of the scenario text `text`, for each error it holds, which must
// name the text by its label.
inline std::string refusal_defect(const ScenarioError& e, const std::string& text) {
  if (std::string listing = listing_defect(e); !listing.empty()) return listing;
  for (const ScenarioError& one : e.errors()) {
    if (one.file() != kLabel) return "names file '" + one.file() + "', not " + kLabel;
    if (std::string defect = diagnostic_defect(one, text); !defect.empty()) return defect;
  }
  return "";
}

}  // namespace contested::fuzz
