// Raids on ships at sea (docs/ships.md, At sea). Each day, each sea area draws whether a raid
// comes (raid_prob_per_day); a raid fires each of its salvos as far as the missile class's
// inventory and the launches left after the day's strikes allow. A missile flies with its
// class's reliability, is stopped by fleet air defence with the area's defence_pk times
// the class's defense_pk_scale, and otherwise hits one ship of those in the area
// (Fleet::hit_at_sea). A raid with no ship in the area still spends its missiles: the
// adversary fires at the area, not at a ship it has seen.
#pragma once

#include <cstdint>

#include "kernels/columns.hpp"
#include "kernels/macros.hpp"
#include "kernels/philox.hpp"
#include "kernels/sampling.hpp"
#include "kernels/scenario.hpp"
#include "kernels/ships.hpp"
#include "kernels/strike.hpp"
#include "kernels/trial_state.hpp"

namespace contested {

// Draws: whether the raid comes at (area key, sub 0), missile k of the raid's salvos, in
// listing order, at (area key, sub 1 + k): flight, defence, then the ship hit.
CONTESTED_FUNCTION void raid_sea_areas(const ScenarioView& s, const StateLayout& l, Column st,
                                       const Fleet& fleet, uint64_t seed, uint32_t trial,
                                       uint32_t day, StrikeTally& tally) {
  for (uint32_t a = 0; a < s.sea_area_count; ++a) {
    const SeaArea& area = s.sea_areas[a];
    DrawStream comes(seed, trial, day, Event::sea_raid, area.key, 0);
    if (!bernoulli(comes, area.raid_prob_per_day)) continue;
    uint32_t k = 0;
    for (uint32_t v = area.salvo_begin; v < area.salvo_begin + area.salvo_count; ++v) {
      const SeaSalvo& salvo = s.sea_salvos[v];
      const MissileClass& missile = s.missiles[salvo.missile];
      const uint32_t fired = launch(l, st, salvo.missile, salvo.count, tally);
      tally.fired_at_sea += fired;
      const double stop = area.defence_pk * missile.defense_pk_scale;
      for (uint32_t m = 0; m < fired; ++m, ++k) {
        DrawStream draws(seed, trial, day, Event::sea_raid, area.key, 1 + k);
        if (!bernoulli(draws, missile.reliability)) continue;
        if (bernoulli(draws, stop < 1.0 ? stop : 1.0)) {
          ++tally.intercepted;
          continue;
        }
        if (fleet.hit_at_sea(a, day, draws)) ++tally.ships_hit_at_sea;
      }
    }
  }
}

}  // namespace contested
