// The limits of a run, shared by the scenario loader, the engine, the command line and the
// Python package (which reads them from the module): one place for each number.
#pragma once

#include <cstdint>

namespace contested {

// Trial indices address the random draws in 32 bits (kernels/philox.hpp).
inline constexpr uint64_t kMaxTrials = 0xffffffffull;
// Ten years: campaigns, and every duration a scenario gives in days, are at most this long
// (days address the draws in 16 bits).
inline constexpr uint32_t kMaxDays = 3650;

}  // namespace contested
