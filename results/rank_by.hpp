// What a sweep's summary ranks its runs by. A sweep file names it (scenario/sweep_file.hpp)
// and its results file records it.
#pragma once

#include <cstdint>
#include <string>

namespace contested {

// What a sweep's summary ranks the postures by: the mean of a metric on a day (at a node or
// theatre-wide) or of an outcome.
struct RankBy {
  bool outcome = true;
  std::string name = "aircraft_lost_ground";
  std::string node;
  uint32_t day = 0;  // metrics only; the campaign's last day when 0
  bool lower_is_better = true;
};

}  // namespace contested
