// Stocks of munitions and fuel at nodes (docs/stocks.md): sorties draw on them, batteries are
// topped up from them, and strikes on fuel tanks and igloos destroy their share.
#pragma once

#include <cstdint>

#include "kernels/columns.hpp"
#include "kernels/demand.hpp"
#include "kernels/macros.hpp"
#include "kernels/scenario.hpp"
#include "kernels/trial_state.hpp"

namespace contested {

// Daily rates (production, expenditure) are counted in millionths of a unit, so decimal
// rates (0.7 a day) add up exactly.
inline constexpr uint64_t kMicroUnits = 1000000;

CONTESTED_FUNCTION bool stocks_item(const ScenarioView& s, uint32_t node, uint32_t item) {
  return s.stock_initial[node * s.item_count + item] != kUntracked;
}

CONTESTED_FUNCTION uint32_t& stock(const ScenarioView& s, const StateLayout& l, Column st,
                                   uint32_t node, uint32_t item) {
  return st[l.stock + node * s.item_count + item];
}

// Whether a node's outage (sabotage, cyber) runs today.
CONTESTED_FUNCTION bool node_out(const StateLayout& l, Column st, uint32_t node, uint32_t day) {
  return day <= st[l.outage_until + node];
}

// Sorties of an aircraft type a stocked base can support with its stock of one item.
CONTESTED_FUNCTION uint32_t supportable_by(const ScenarioView& s, const StateLayout& l, Column st,
                                           uint32_t node, uint32_t type, uint32_t item,
                                           uint32_t wanted) {
  const uint32_t per = s.per_sortie[type * s.item_count + item];
  if (per == 0 || !stocks_item(s, node, item)) return wanted;
  const uint32_t can = stock(s, l, st, node, item) / per;
  return can < wanted ? can : wanted;
}

// Sorties a stocked base can support: each tracked item consumed per sortie caps them.
CONTESTED_FUNCTION uint32_t supportable_sorties(const ScenarioView& s, const StateLayout& l,
                                                Column st, uint32_t node, uint32_t type,
                                                uint32_t wanted) {
  for (uint32_t item = 0; item < s.item_count; ++item)
    wanted = supportable_by(s, l, st, node, type, item, wanted);
  return wanted;
}

// The sorties a type wants tell the ledger what they want of each stocked item; each item
// meets what its own stock could support, so sorties grounded by another item's shortage
// do not count as going without this one (docs/expenditure.md).
CONTESTED_FUNCTION void want_for_sorties(const ScenarioView& s, const StateLayout& l, Column st,
                                         const DemandLedger& demand, uint32_t node, uint32_t type,
                                         uint32_t sorties) {
  for (uint32_t item = 0; item < s.item_count; ++item) {
    const uint32_t per = s.per_sortie[type * s.item_count + item];
    if (per == 0 || !stocks_item(s, node, item)) continue;
    demand.add(node, item, per * sorties,
               per * supportable_by(s, l, st, node, type, item, sorties));
  }
}

CONTESTED_FUNCTION void consume_for_sorties(const ScenarioView& s, const StateLayout& l, Column st,
                                            uint32_t node, uint32_t type, uint32_t sorties) {
  for (uint32_t item = 0; item < s.item_count; ++item) {
    const uint32_t per = s.per_sortie[type * s.item_count + item];
    if (per == 0 || !stocks_item(s, node, item)) continue;
    stock(s, l, st, node, item) -= per * sorties;
  }
}

// Batteries reload up to their magazine from their node's stock of the interceptor.
CONTESTED_FUNCTION void reload_batteries(const ScenarioView& s, const StateLayout& l, Column st) {
  for (uint32_t b = 0; b < s.battery_count; ++b) {
    const Battery& battery = s.batteries[b];
    const uint32_t item = s.battery_item[b];
    if (!stocks_item(s, battery.node, item)) continue;
    uint32_t& loaded = st[l.battery_inventory + b];
    uint32_t& held = stock(s, l, st, battery.node, item);
    const uint32_t room = battery.inventory > loaded ? battery.inventory - loaded : 0;
    const uint32_t moved = room < held ? room : held;
    loaded += moved;
    held -= moved;
  }
}

// A destroyed tank or igloo takes its share of the stock it held: the stock divided by
// the containers standing just before it was hit. Tanks hold fuel, igloos munitions;
// supplies (repair kits) are in neither.
CONTESTED_FUNCTION void lose_share(const ScenarioView& s, const StateLayout& l, Column st,
                                   uint32_t node, bool fuel, uint32_t standing_before) {
  if (standing_before == 0) return;
  for (uint32_t item = 0; item < s.item_count; ++item) {
    const bool kept_there = fuel ? item == s.fuel_item : item < s.supply_begin;
    if (!kept_there || !stocks_item(s, node, item)) continue;
    uint32_t& held = stock(s, l, st, node, item);
    held -= held / standing_before;
  }
}

}  // namespace contested
