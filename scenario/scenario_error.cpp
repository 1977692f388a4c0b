// Several errors as one ScenarioError, and the log a reader collects them in
// (scenario_error.hpp).
#include "scenario/scenario_error.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace contested {
namespace {

using Identity = std::tuple<std::string, int, int, std::string, std::string>;

Identity identity(const ScenarioError& e) {
  return {e.file(), e.line(), e.column(), e.key(), e.problem()};
}

}  // namespace

ScenarioError::ScenarioError(const std::vector<ScenarioError>& errors, bool stopped)
    : std::runtime_error(""), line_(0), column_(0), stopped_(stopped) {
  std::vector<ScenarioError> all;
  std::set<Identity> seen;
  std::vector<std::string> files;  // in the order they first appear
  size_t count = 0;
  for (const ScenarioError& e : errors) {
    count = std::max(count, e.count());
    stopped_ = stopped_ || e.stopped();
    for (const ScenarioError& one : e.errors()) {
      if (!seen.insert(identity(one)).second) continue;
      if (std::find(files.begin(), files.end(), one.file()) == files.end()) {
        files.push_back(one.file());
      }
      all.push_back(one);
    }
  }
  const auto rank = [&files](const ScenarioError& e) {
    return std::find(files.begin(), files.end(), e.file()) - files.begin();
  };
  std::stable_sort(all.begin(), all.end(), [&rank](const ScenarioError& a, const ScenarioError& b) {
    return std::tuple(rank(a), a.line(), a.column()) < std::tuple(rank(b), b.line(), b.column());
  });
  if (all.empty()) all.emplace_back("", 0, 0, "", "");  // not meant to happen
  const ScenarioError& first = all.front();
  message_ = first.message_;
  file_ = first.file_;
  line_ = first.line_;
  column_ = first.column_;
  key_ = first.key_;
  problem_ = first.problem_;
  const size_t found = std::max(count, all.size());
  if (all.size() > kListed) all.erase(all.begin() + kListed, all.end());
  if (found > 1 || stopped_) list_ = std::move(all);
  set_count(found);
}

std::vector<ScenarioError> ScenarioError::errors() const {
  if (!list_.empty()) return list_;
  return {ScenarioError(file_, line_, column_, key_, problem_)};
}

void ScenarioError::set_count(size_t count) {
  if (count <= 1 && !stopped_) return;
  if (list_.empty()) list_ = errors();
  count_ = std::max(count, list_.size());
  message_.clear();
  for (const ScenarioError& e : list_) {
    if (!message_.empty()) message_ += '\n';
    message_ += e.what();
  }
  const size_t unlisted = count_ - list_.size();
  const std::string stop = "checking stopped after " + std::to_string(ErrorLog::kMaxFound) +
                           " errors, so there may be others";
  if (unlisted > 0) {
    message_ += "\n... and " + std::to_string(unlisted) + " more error" +
                (unlisted == 1 ? "" : "s") + (stopped_ ? " (" + stop + ")" : "");
  } else if (stopped_) {
    message_ += "\n... " + stop;
  }
}

void ErrorLog::add(const ScenarioError& e) {
  for (const ScenarioError& one : e.errors()) {
    if (full()) return;
    found_.push_back(one);
  }
}

void ErrorLog::throw_if_any() const {
  if (!found_.empty()) throw ScenarioError(found_, full());
}

}  // namespace contested
