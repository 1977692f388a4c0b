// Whether a base has a usable minimum operating strip for a strip class right now.
#pragma once

#include <cstdint>

#include "kernels/columns.hpp"
#include "kernels/crater.hpp"
#include "kernels/macros.hpp"
#include "kernels/scenario.hpp"
#include "kernels/strip.hpp"
#include "kernels/trial_state.hpp"

namespace contested {

CONTESTED_FUNCTION bool base_has_strip(const ScenarioView& s, const StateLayout& l, Column st,
                                       const Node& base, uint32_t strip) {
  const StripClass& cls = s.strips[strip];
  for (uint32_t r = 0; r < base.runway_count; ++r) {
    const uint32_t runway = base.runway_begin + r;
    const RunwayCraters craters(st, l, s, runway);
    if (strip_fits(s.runways[runway].length_m, s.runways[runway].width_m, cls.length_m, cls.width_m,
                   craters)) {
      return true;
    }
  }
  return false;
}

CONTESTED_FUNCTION bool base_has_any_strip(const ScenarioView& s, const StateLayout& l, Column st,
                                           const Node& base) {
  for (uint32_t c = 0; c < s.strip_count; ++c) {
    if (base_has_strip(s, l, st, base, c)) return true;
  }
  return false;
}

}  // namespace contested
