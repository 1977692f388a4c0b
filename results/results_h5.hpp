// The results file: HDF5 in the layout of docs/results.md, read the same way by C++ and
// Python.
#pragma once

#include <cstdint>
#include <string>

#include "results/atomic_file.hpp"  // Existing, OutputExists, check_output_path
#include "results/results.hpp"
#include "results/sensitivity.hpp"

namespace contested {

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

// A sensitivity study's file (docs/sensitivity.md, The file): the provenance at the root and
// everything else in the group /sensitivity. Written atomically like write_results.
void write_sensitivity(const std::string& path, const SensitivityResults& s, Existing existing);
SensitivityResults read_sensitivity(const std::string& path);
// Whether a results file holds a sensitivity study (errors as read_results).
bool is_sensitivity_file(const std::string& path);

}  // namespace contested
