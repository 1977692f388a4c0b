// Factories (docs/production.md): output starts on start_day, ramps linearly to per_day over
// ramp_days and, with a surge, from its day on to the surge rate; it scales with the
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

// The share of a linear ramp of ramp_days reached `days` days into it.
CONTESTED_FUNCTION double ramp_share(uint32_t days, double ramp_days) {
  if (ramp_days <= 0.0) return 1.0;
  const double share = static_cast<double>(days) / ramp_days;
  return share < 1.0 ? share : 1.0;
}

// The rate on `day` before buildings and outages. Blended as a(1 - s) + bs, so that a
// surge ramped up gives exactly its rate, and none exactly per_day.
CONTESTED_FUNCTION double factory_rate(const Factory& f, uint32_t day) {
  if (day < f.start_day) return 0.0;
  const double surge =
      day < f.surge_from_day ? 0.0 : ramp_share(day - f.surge_from_day, f.surge_ramp_days);
  const double top = f.per_day * (1.0 - surge) + f.surge_per_day * surge;
  return top * ramp_share(day - f.start_day, f.ramp_days);
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
      rate = factory_rate(f, day);
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
