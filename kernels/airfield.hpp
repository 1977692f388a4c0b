// Whether a base has a usable minimum operating strip for a strip class at an hour of the
// day: some runway holds the strip clear of every crater that blocks aircraft then.
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
                                       const Node& base, uint32_t strip, float hour) {
  const StripClass& cls = s.strips[strip];
  for (uint32_t r = 0; r < base.runway_count; ++r) {
    const uint32_t runway = base.runway_begin + r;
    const RunwayCraters craters(st, l, s, runway, hour);
    if (strip_fits(s.runways[runway].length_m, s.runways[runway].width_m, cls.length_m, cls.width_m,
                   craters)) {
      return true;
    }
  }
  return false;
}

CONTESTED_FUNCTION bool strip_applicable(const Node& base, uint32_t strip) {
  return (base.strips_applicable >> strip) & 1u;
}

}  // namespace contested
