// Point defence of a raid's target (docs/model.md, One missile): batteries engage arriving missiles
// in order, each within its channels per raid and its interceptor inventory.
#pragma once

#include <cstdint>

#include "kernels/columns.hpp"
#include "kernels/macros.hpp"
#include "kernels/philox.hpp"
#include "kernels/sampling.hpp"
#include "kernels/scenario.hpp"
#include "kernels/trial_state.hpp"

namespace contested {

// Probability that one interceptor of this battery kills this missile class.
CONTESTED_FUNCTION double interceptor_pk(const ScenarioView& s, const Battery& battery,
                                         uint32_t missile) {
  const double p = s.interceptor_pk[battery.interceptor * s.missile_count + missile] *
                   s.missiles[missile].defense_pk_scale;
  return p < 1.0 ? p : 1.0;
}

// Fires one battery's shots at one missile; returns whether the missile was killed.
// Barrage fires all shots at once (leak (1-p)^s); shoot-look-shoot fires one at a time
// while the missile survives (leak (1-p)^s, expected cost sum (1-p)^k). Inventory is
// spent for good.
CONTESTED_FUNCTION bool fire_battery(const Battery& battery, double pk, uint32_t& inventory,
                                     DrawStream& draws) {
  bool killed = false;
  if (battery.policy == FirePolicy::barrage) {
    inventory -= battery.shots_per_target;
    for (uint32_t shot = 0; shot < battery.shots_per_target; ++shot) {
      killed = bernoulli(draws, pk) || killed;  // every shot draws, hit or not
    }
    return killed;
  }
  for (uint32_t shot = 0; shot < battery.shots_per_target && inventory > 0 && !killed; ++shot) {
    --inventory;
    killed = bernoulli(draws, pk);
  }
  return killed;
}

// The first battery at the base with a free channel, enough interceptors and a nonzero
// kill probability against the class engages the missile. Returns true if the missile was killed.
CONTESTED_FUNCTION bool defend(const ScenarioView& s, const StateLayout& l, Column st,
                               const Node& base, uint32_t missile, DrawStream& draws) {
  for (uint32_t k = 0; k < base.battery_count; ++k) {
    const uint32_t b = base.battery_begin + k;
    const Battery& battery = s.batteries[b];
    uint32_t& inventory = st[l.battery_inventory + b];
    uint32_t& used = st[l.channels_used + b];
    const uint32_t needed = battery.policy == FirePolicy::barrage ? battery.shots_per_target : 1u;
    const double pk = interceptor_pk(s, battery, missile);
    // pk 0 means the interceptor cannot engage this class at all (say, a high-altitude
    // interceptor against a sea-skimming cruise missile): it spends nothing on it.
    if (used >= battery.channels || inventory < needed || pk <= 0.0) continue;
    ++used;
    return fire_battery(battery, pk, inventory, draws);
  }
  return false;
}

}  // namespace contested
