// Coordinated campaigns of sabotage and cyber attack (docs/disruptions.md): unlike a
// disruption, which strikes one node on independent days, a campaign is drawn once per trial
// and, if it happens, strikes every one of its targets on the same day of its window.
#pragma once

#include <cstdint>

#include "kernels/columns.hpp"
#include "kernels/macros.hpp"
#include "kernels/philox.hpp"
#include "kernels/portable_math.hpp"
#include "kernels/record.hpp"
#include "kernels/sampling.hpp"
#include "kernels/scenario.hpp"
#include "kernels/stocks.hpp"
#include "kernels/trial_state.hpp"

namespace contested {

// The day the campaign strikes in this trial, or 0 if it does not. Its draws are addressed
// by trial and campaign only, so the day does not depend on the run's length or posture.
CONTESTED_FUNCTION uint32_t attack_day(const CoordinatedAttack& a, uint64_t seed, uint32_t trial) {
  DrawStream draws(seed, trial, 0, Event::coordinated_attack, a.key, 0);
  const bool happens = bernoulli(draws, a.prob);
  const uint32_t span = a.last_day - a.first_day + 1;
  const auto offset = static_cast<uint32_t>(uniform(draws) * span);
  if (!happens) return 0;
  return a.first_day + (offset < span ? offset : span - 1);
}

// On its day, each target's outage starts (or an outage already running lasts at least as
// long) and its share of every stock at the node is destroyed.
CONTESTED_FUNCTION void launch_attacks(const ScenarioView& s, const StateLayout& l, Column st,
                                       const RecordLayout& rl, Column rec, uint64_t seed,
                                       uint32_t trial, uint32_t day) {
  for (uint32_t k = 0; k < s.attack_count; ++k) {
    const CoordinatedAttack& a = s.attacks[k];
    if (attack_day(a, seed, trial) != day) continue;
    rec[rl.attack_day_row(k)] = day;
    for (uint32_t j = 0; j < a.target_count; ++j) {
      const AttackTarget& t = s.attack_targets[a.target_begin + j];
      if (t.outage_days > 0) {
        DrawStream draws(seed, trial, day, Event::coordinated_attack, a.key, 1 + j);
        const uint32_t until = day + lognormal_days(draws, t.outage_days, t.sigma) - 1;
        uint32_t& out = st[l.outage_until + t.node];
        out = until > out ? until : out;
      }
      for (uint32_t item = 0; item < s.item_count; ++item) {
        if (t.stock_share == 0 || !stocks_item(s, t.node, item)) continue;
        uint32_t& held = stock(s, l, st, t.node, item);
        held -= static_cast<uint32_t>(pmath::round_half_away(held * t.stock_share));
      }
    }
  }
}

}  // namespace contested
