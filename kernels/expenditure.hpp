// Items spent at a steady rate (docs/expenditure.md): each ship class, per ship available,
// then each ground unit, draws its day's due on its node's stock in the operations phase.
// Fractions of a unit carry over to the next day; what the stock cannot meet is unmet
// demand, counted in the ledger and not owed later (a fire mission not fired is not fired
// twice the next day).
#pragma once

#include <cstdint>

#include "kernels/columns.hpp"
#include "kernels/demand.hpp"
#include "kernels/macros.hpp"
#include "kernels/scenario.hpp"
#include "kernels/ships.hpp"
#include "kernels/stocks.hpp"
#include "kernels/trial_state.hpp"

namespace contested {

// Takes `wanted` from the node's stock, or all it holds if that is less, and tells the ledger.
CONTESTED_FUNCTION void draw(const ScenarioView& s, const StateLayout& l, Column st,
                             const DemandLedger& demand, uint32_t node, uint32_t item,
                             uint32_t wanted) {
  uint32_t& held = stock(s, l, st, node, item);
  const uint32_t got = wanted < held ? wanted : held;
  held -= got;
  demand.add(node, item, wanted, got);
}

// Expenditures in the order listed (ship classes' first), each taking its whole units due
// today; the rest of a unit waits for tomorrow's.
CONTESTED_FUNCTION void expend(const ScenarioView& s, const StateLayout& l, Column st,
                               const Fleet& fleet, const DemandLedger& demand, uint32_t day) {
  for (uint32_t k = 0; k < s.expenditure_count; ++k) {
    const Expenditure& e = s.expenditures[k];
    if (day < e.first_day || day > e.last_day) continue;
    const uint32_t spenders = e.ship_class == kNoShipClass ? 1u : fleet.available(e.ship_class);
    // Each spender's rate is rounded to millionths first, so that n ships spend n times one.
    const uint64_t due =
        st[l.expenditure_carry + k] +
        static_cast<uint64_t>(e.per_day * static_cast<double>(kMicroUnits) + 0.5) * spenders;
    st[l.expenditure_carry + k] = static_cast<uint32_t>(due % kMicroUnits);
    draw(s, l, st, demand, e.node, e.item, static_cast<uint32_t>(due / kMicroUnits));
  }
}

}  // namespace contested
