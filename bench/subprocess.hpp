// Running a helper program of the benchmark (the draw counter, the NumPy peer) and keeping
// what it prints.
#pragma once

#include <string>
#include <vector>

namespace contested::bench {

struct Captured {
  int status = -1;     // exit status; -1 if it could not be started or did not exit
  std::string output;  // stdout and stderr together
};

// Runs argv[0] with the rest as its arguments (through the shell, each quoted).
Captured capture(const std::vector<std::string>& argv);

// The last non-empty line of `text`, for error messages.
std::string last_line(const std::string& text);

}  // namespace contested::bench
