// Air refuelling (docs/operations.md, Tankers): tankers fly first, and the fuel they can
// offload today is the pool; a receiver whose objective lies beyond its combat radius needs
// offload for each sortie, in proportion to the excess distance. When the receivers want
// more than the pool, whole sorties are cut, those needing the most offload first, so that
// the fewest sorties are lost for the shortfall.
#pragma once

#include <cstdint>

#include "kernels/columns.hpp"
#include "kernels/macros.hpp"
#include "kernels/readiness.hpp"
#include "kernels/scenario.hpp"
#include "kernels/strip_timeline.hpp"
#include "kernels/trial_state.hpp"

namespace contested {

// Tonnes of fuel: what tankers could offload, and what receivers wanted for today's sorties.
struct OffloadDay {
  double pool;
  double wanted;
  CONTESTED_FUNCTION double delivered() const { return wanted < pool ? wanted : pool; }
  CONTESTED_FUNCTION double short_of() const { return wanted > pool ? wanted - pool : 0.0; }
};

// Decides today's cuts (st[l.sortie_cut + slot] per receiver in refuel_order) for a pool of
// offload, from the sorties receivers want before stocks are counted.
CONTESTED_FUNCTION OffloadDay plan_refuelling(const ScenarioView& s, const StateLayout& l,
                                              Column st, double pool) {
  const uint32_t types = s.aircraft_type_count;
  double wanted = 0.0;
  for (uint32_t k = 0; k < s.refuel_count; ++k) {
    const uint32_t b = s.refuel_order[k] / types, t = s.refuel_order[k] % types;
    count_aircraft(s, l, st, b);
    const StripTimeline strips(s, l, st, b);
    const uint32_t sorties = sortie_chain(s, l, st, strips, b, t).wanted;
    st[l.sortie_cut + k] = sorties;  // held here until the cuts replace it
    wanted += static_cast<double>(sorties) * s.offload_need[s.refuel_order[k]];
  }
  double missing = wanted - pool;
  for (uint32_t k = 0; k < s.refuel_count; ++k) {
    const uint32_t sorties = st[l.sortie_cut + k];
    uint32_t cut = 0;
    if (missing > 0.0) {
      // The fewest whole sorties that free `missing`: ceil(missing / need), at most all.
      const double need = s.offload_need[s.refuel_order[k]];
      const double enough = missing / need;
      cut = enough >= static_cast<double>(sorties) ? sorties : static_cast<uint32_t>(enough);
      if (cut < sorties && static_cast<double>(cut) < enough) ++cut;
      missing -= static_cast<double>(cut) * need;
    }
    st[l.sortie_cut + k] = cut;
  }
  return {pool, wanted};
}

}  // namespace contested
