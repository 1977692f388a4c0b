// The one error a scenario file can raise: where it is (file, 1-based line and column),
// which key (a dotted path such as `nodes.kadena.runways[1].width_m`) and what is wrong,
// formatted like a compiler diagnostic so editors and CI logs can jump to it.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

#include <yaml-cpp/mark.h>

namespace contested {

class ScenarioError : public std::runtime_error {
 public:
  // line and column are 1-based; 0 means "no position" (e.g. the file could not be read).
  ScenarioError(std::string file, int line, int column, std::string key, std::string problem)
      : std::runtime_error(format(file, line, column, key, problem)),
        file_(std::move(file)),
        line_(line),
        column_(column),
        key_(std::move(key)),
        problem_(std::move(problem)) {}

  // From a yaml-cpp mark (0-based; a null mark, as on nodes that do not exist, gives 0:0).
  ScenarioError(std::string file, const YAML::Mark& mark, std::string key, std::string problem)
      : ScenarioError(std::move(file), mark.is_null() ? 0 : mark.line + 1,
                      mark.is_null() ? 0 : mark.column + 1, std::move(key), std::move(problem)) {}

  const std::string& file() const { return file_; }
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& key() const { return key_; }
  // What is wrong and what is allowed, without the position prefix.
  const std::string& problem() const { return problem_; }

 private:
  static std::string format(const std::string& file, int line, int column, const std::string& key,
                            const std::string& problem) {
    return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + key + ": " +
           problem;
  }

  std::string file_;
  int line_;
  int column_;
  std::string key_;
  std::string problem_;
};

}  // namespace contested
