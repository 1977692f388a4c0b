// The error an input file can raise: where it is (file, 1-based line and column), which key
// (a dotted path such as `nodes.kadena.runways[1].width_m`) and what is wrong, formatted like
// a compiler diagnostic so editors and CI logs can jump to it. One ScenarioError may hold
// several such errors, found in one pass over the file (ErrorLog): its message then lists
// them one a line, in file order, and its position and key are those of the first.
#pragma once

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <yaml-cpp/mark.h>

namespace contested {

class ScenarioError : public std::runtime_error {
 public:
  // The most errors one message lists; it says how many more there are.
  static constexpr size_t kListed = 20;

  // line and column are 1-based; 0 means "no position" (e.g. the file could not be read).
  ScenarioError(std::string file, int line, int column, std::string key, std::string problem)
      : std::runtime_error(format(file, line, column, key, problem)),
        message_(std::runtime_error::what()),
        file_(std::move(file)),
        line_(line),
        column_(column),
        key_(std::move(key)),
        problem_(std::move(problem)) {}

  // From a yaml-cpp mark (0-based; a null mark, as on nodes that do not exist, gives 0:0).
  ScenarioError(std::string file, const YAML::Mark& mark, std::string key, std::string problem)
      : ScenarioError(std::move(file), mark.is_null() ? 0 : mark.line + 1,
                      mark.is_null() ? 0 : mark.column + 1, std::move(key), std::move(problem)) {}

  // The errors of `errors` (each one or several) as one: in file order (files in the order
  // they first appear, then by line and column), each listed once, the first kListed of them.
  // When they come from several passes over the same file (one per posture), an error found
  // by several is counted once; errors found but not listed, at least as many as any one of
  // them had. `stopped`: the pass that found them stopped early, so there may be others.
  // `errors` must not be empty.
  explicit ScenarioError(const std::vector<ScenarioError>& errors, bool stopped = false);

  const char* what() const noexcept override { return message_.c_str(); }

  // Of the first error (the only one, usually).
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& key() const { return key_; }
  // What is wrong and what is allowed, without the position prefix.
  const std::string& problem() const { return problem_; }

  // Every error listed, in file order, each a single one; {*this} for a single error.
  std::vector<ScenarioError> errors() const;
  // How many errors were found, listed or not (at least; more if stopped()).
  size_t count() const { return list_.empty() ? 1 : count_; }
  // Whether the pass that found them stopped before the end of the file.
  bool stopped() const { return stopped_; }

  // The same errors, each (a single one) replaced by `f(error)`, a single one too; the
  // count of those not listed is kept.
  template <class F>
  ScenarioError map(F&& f) const {
    std::vector<ScenarioError> mapped;
    for (const ScenarioError& e : errors())
      mapped.push_back(f(e));
    ScenarioError out(mapped, stopped_);
    out.set_count(std::max(out.count(), count()));
    return out;
  }

 private:
  static std::string format(const std::string& file, int line, int column, const std::string& key,
                            const std::string& problem) {
    return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + key + ": " +
           problem;
  }
  // Makes this hold `count` errors found, listed or not, and says so in its message.
  void set_count(size_t count);

  std::string message_;
  std::string file_;
  int line_;
  int column_;
  std::string key_;
  std::string problem_;
  std::vector<ScenarioError> list_;  // when several: those listed, this one's first; else empty
  size_t count_ = 1;                 // found, listed or not
  bool stopped_ = false;
};

// The errors a reader finds in one pass over a file, going on after each where the rest can
// still be read (scenario_builder.hpp). It looks for at most kMaxFound: a file wrong
// everywhere is not worth reading to the end.
class ErrorLog {
 public:
  static constexpr size_t kMaxFound = 100;

  // Adds every error `e` holds; ignored once full().
  void add(const ScenarioError& e);
  bool empty() const { return found_.empty(); }
  // Those found so far, in the order found.
  const std::vector<ScenarioError>& found() const { return found_; }
  // kMaxFound errors found: the reader stops looking.
  bool full() const { return found_.size() >= kMaxFound; }
  // Throws what was found as one ScenarioError; returns when nothing was.
  void throw_if_any() const;

 private:
  std::vector<ScenarioError> found_;
};

}  // namespace contested
