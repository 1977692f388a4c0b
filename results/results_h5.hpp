// The results file: HDF5 in the layout of docs/results.md, read the same way by C++ and
// Python.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "results/results.hpp"

namespace contested {

// The newest layout this build writes and reads.
inline constexpr uint32_t kResultsFormatVersion = 1;

// What writing does to a file already at the path: results are never replaced by mistake,
// since a run that took hours cannot be had back.
enum class Existing { refuse, replace };

// Thrown instead of replacing a file under Existing::refuse.
struct OutputExists : std::runtime_error {
  explicit OutputExists(const std::string& path)
      : std::runtime_error(path +
                           " already exists; choose another output or allow replacing it "
                           "(--force on the command line, overwrite=True in Python)") {}
};

// Checks up front, before a long run, that results could be written to `path`: its directory
// exists and is writable, and (under Existing::refuse) nothing is there yet. Throws
// OutputExists or std::runtime_error naming `path` and the reason.
void check_output_path(const std::string& path, Existing existing);

// Writes `r` to `path` atomically: a temporary file in the same directory is written,
// synced and renamed onto `path`, so readers see the old file or the complete new one.
// Under Existing::refuse the rename itself refuses an existing file (OutputExists), even one
// created while the run went on. Throws std::runtime_error naming `path` and the reason (a
// full disk, an unwritable directory); no temporary file is left.
void write_results(const std::string& path, const Results& r, Existing existing);

// Reads a file written by write_results (one posture). Throws std::runtime_error naming
// `path` for a missing, non-HDF5, truncated, foreign or newer-format file.
Results read_results(const std::string& path);

// A sweep's file (docs/sweeps.md, The file): every run under /postures/<run>, with its comparison
// group against its reference run. Written atomically like write_results.
void write_sweep_results(const std::string& path, const SweepResults& s, Existing existing);

// Reads a sweep's file, or any results file: a single run's reads as a sweep of one run with
// no reference (SweepResults::reference empty). Errors as read_results.
SweepResults read_sweep_results(const std::string& path);

}  // namespace contested
