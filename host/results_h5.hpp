// The results file: HDF5 in the layout of MODEL.md section 11, read the same way by C++
// and Python.
#pragma once

#include <cstdint>
#include <string>

#include "host/results.hpp"

namespace contested {

// The newest layout this build writes and reads.
inline constexpr uint32_t kResultsFormatVersion = 1;

// Writes `r` to `path` atomically: a temporary file in the same directory is written,
// synced and renamed over `path`, so readers see the old file or the complete new one.
// Throws std::runtime_error naming `path` and the reason; no temporary file is left.
void write_results(const std::string& path, const Results& r);

// Reads a file written by write_results (one posture). Throws std::runtime_error naming
// `path` for a missing, non-HDF5, truncated, foreign or newer-format file.
Results read_results(const std::string& path);

}  // namespace contested
