// Writing a results file durably and atomically: its bytes go to a temporary file beside
// the target, are synced and renamed onto it, so readers see the old file or the complete
// new one, and a file already there is never replaced by mistake. Existing, OutputExists and
// check_output_path are public through results/results_h5.hpp; the rest is internal to the
// results room.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace contested {

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

// A failed POSIX call as an exception: `what`, then errno's message.
std::runtime_error posix_error(const std::string& what);

// Puts the bytes `image` returns at `path` atomically: they are written to a temporary file
// in the same directory (`image` is given its name), synced and renamed onto `path`, and the
// directory is synced (best effort). Under Existing::refuse the rename itself refuses an
// existing file (OutputExists), even one created while the image was made. Other failures,
// `image`'s included, throw std::runtime_error("cannot write results to <path>: <reason>");
// no temporary file is left.
void write_atomically(
    const std::string& path, Existing existing,
    const std::function<std::vector<unsigned char>(const std::string& temp)>& image);

}  // namespace contested
