// The random-number-only limit of a trial (bench/): the Philox blocks the model draws for
// one trial, generated and nothing else, so that a backend's trials/s here bound what the
// model itself could reach. The same function runs in an OpenMP loop and a CUDA kernel.
#pragma once

#include <cstdint>

#include "kernels/macros.hpp"
#include "kernels/philox.hpp"

namespace contested {

// Generates `blocks` Philox blocks at distinct addresses of the trial and folds all four
// words of each into the result, so the compiler must compute every one.
CONTESTED_FUNCTION uint32_t random_only_trial(uint64_t seed, uint32_t trial, uint32_t blocks) {
  uint32_t fold = 0;
  for (uint32_t b = 0; b < blocks; ++b) {
    const uint4 r = philox_block(seed, trial, 0, Event::missile_flight, b, 0, 0);
    fold ^= r.x + r.y + r.z + r.w;
  }
  return fold;
}

}  // namespace contested
