// Turning per-trial record rows into exact histograms: integer counts and sums, so a
// tally adds up across chunks, threads and devices with no loss and in any order.
#pragma once

#include <cstdint>

#include "kernels/macros.hpp"

namespace contested {

struct TallyRow {
  uint64_t histogram_offset;  // first bin of this row in the flat histogram array
  uint32_t bins;
  uint32_t bin_width;  // bins start at 0; the last bin also takes anything beyond it
};

CONTESTED_FUNCTION uint32_t tally_bin(uint32_t value, const TallyRow& row) {
  const uint32_t bin = value / row.bin_width;
  return bin < row.bins ? bin : row.bins - 1;
}

}  // namespace contested
