// A trial's column in a chunk-wide buffer: element i lives at base[i * stride]. On the
// GPU, stride is the chunk size, so neighbouring threads (trials) touch neighbouring
// words (docs/design.md, section 4); on the CPU each thread owns a contiguous column (stride 1).
#pragma once

#include <cstdint>

#include "kernels/macros.hpp"

namespace contested {

struct Column {
  uint32_t* base;
  uint64_t stride;

  CONTESTED_FUNCTION uint32_t& operator[](uint64_t i) const { return base[i * stride]; }
  CONTESTED_FUNCTION float real(uint64_t i) const {
    float f;
    __builtin_memcpy(&f, &base[i * stride], sizeof f);
    return f;
  }
  CONTESTED_FUNCTION void set_real(uint64_t i, float f) const {
    __builtin_memcpy(&base[i * stride], &f, sizeof f);
  }
};

}  // namespace contested
