// The random-number-only limit (kernels/random_limit.hpp) on each backend: `trials` trials
// of `blocks` Philox blocks each, timed, their words folded into one checksum.
#pragma once

#include <cstdint>

namespace contested::bench {

struct LimitRun {
  double seconds = 0;
  uint32_t checksum = 0;  // XOR over trials: equal on every backend for the same arguments
};

// OpenMP over trials on `threads` threads (0: all cores), as the CPU backend runs.
LimitRun cpu_random_limit(uint64_t seed, uint64_t trials, uint32_t blocks, int threads);

// One CUDA thread per trial, as the CUDA backend runs (only with CONTESTED_HAVE_CUDA).
LimitRun cuda_random_limit(uint64_t seed, uint64_t trials, uint32_t blocks);

}  // namespace contested::bench
