// Factories (docs/production.md): output ramps linearly to per_day over ramp_days, scales with the
// share of buildings standing, stops during an outage, and needs its inputs on hand at
// the factory. Fractions of a unit carry over to the next day (in millionths); capacity
// the inputs could not feed is lost.
#pragma once

#include <cmath>
#include <cstdint>

#include "kernels/columns.hpp"
#include "kernels/macros.hpp"
#include "kernels/scenario.hpp"
#include "kernels/stocks.hpp"
#include "kernels/trial_state.hpp"

namespace contested {

CONTESTED_FUNCTION double ramp_share(const Factory& f, uint32_t day) {
  if (f.ramp_days <= 0.0) return 1.0;
  const double share = static_cast<double>(day) / f.ramp_days;
  return share < 1.0 ? share : 1.0;
}

CONTESTED_FUNCTION void produce(const ScenarioView& s, const StateLayout& l, Column st,
                                uint32_t day) {
  for (uint32_t i = 0; i < s.item_count; ++i)
    st[l.produced + i] = 0;
  for (uint32_t k = 0; k < s.factory_count; ++k) {
    const Factory& f = s.factories[k];
    const Node& node = s.nodes[f.node];
    double rate = 0.0;
    if (!node_out(l, st, f.node, day)) {
      // Divided last, so whole shares stay whole (90 * 7 / 10 is 63, not 62.99...).
      rate = f.per_day * ramp_share(f, day);
      if (node.buildings > 0)
        rate = rate *
               count_in_service(st, l.building_back + node.building_begin, node.buildings, day) /
               node.buildings;
    }
    const uint64_t due = st[l.production_carry + k] +
                         static_cast<uint64_t>(rate * static_cast<double>(kMicroUnits) + 0.5);
    const uint64_t whole = due / kMicroUnits;
    uint32_t units = whole > 4000000000u ? 4000000000u : static_cast<uint32_t>(whole);
    for (uint32_t i = 0; i < f.input_count; ++i) {
      const FactoryInput& in = s.factory_inputs[f.input_begin + i];
      const uint32_t can = stock(s, l, st, f.node, in.item) / in.per_unit;
      units = can < units ? can : units;
    }
    for (uint32_t i = 0; i < f.input_count; ++i) {
      const FactoryInput& in = s.factory_inputs[f.input_begin + i];
      stock(s, l, st, f.node, in.item) -= units * in.per_unit;
    }
    stock(s, l, st, f.node, f.product) += units;
    st[l.produced + f.product] += units;
    st[l.production_carry + k] = static_cast<uint32_t>(due % kMicroUnits);
  }
}

}  // namespace contested
