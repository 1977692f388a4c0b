// Routes and interdiction (docs/shipping.md): from its first day, every `every_days` a route
// ships up to its capacity of what its source holds, routes in priority order drawing on the
// same source stock; each shipment is lost with loss_prob (scaled down when escorted), else
// arrives after transit_days. Sea routes move only the share of piers standing at their
// ends; an outage at either end stops the route. A route with an (s, S) rule ships only what
// brings its destination's inventory position back up to S, once that position has fallen
// below s. A route with hulls ships only in an idle hull of its sealift class, which is lost
// with its cargo or back home after the voyage out and back.
#pragma once

#include <cstdint>

#include "kernels/columns.hpp"
#include "kernels/macros.hpp"
#include "kernels/philox.hpp"
#include "kernels/sampling.hpp"
#include "kernels/scenario.hpp"
#include "kernels/ships.hpp"
#include "kernels/stocks.hpp"
#include "kernels/trial_state.hpp"

namespace contested {

// floor(capacity * up / piers) at the end with the smaller share of piers in service, in
// integers (a node without piers counts as fully open).
CONTESTED_FUNCTION uint32_t sea_capacity(const ScenarioView& s, const StateLayout& l, Column st,
                                         const Route& r, uint32_t day) {
  const Node& from = s.nodes[r.from];
  const Node& to = s.nodes[r.to];
  const uint64_t up_a =
      from.piers > 0 ? count_in_service(st, l.pier_back + from.pier_begin, from.piers, day) : 1;
  const uint64_t all_a = from.piers > 0 ? from.piers : 1;
  const uint64_t up_b =
      to.piers > 0 ? count_in_service(st, l.pier_back + to.pier_begin, to.piers, day) : 1;
  const uint64_t all_b = to.piers > 0 ? to.piers : 1;
  const bool a_smaller = up_a * all_b <= up_b * all_a;
  const uint64_t up = a_smaller ? up_a : up_b;
  const uint64_t all = a_smaller ? all_a : all_b;
  return static_cast<uint32_t>(r.capacity * up / all);
}

CONTESTED_FUNCTION uint32_t shipment_word(const StateLayout& l, const Route& r, uint32_t slot,
                                          uint32_t w) {
  return l.shipments + (r.slot_begin + slot) * kShipmentWords + w;
}

// Phase 4: shipments due by today add to their destination's stock.
CONTESTED_FUNCTION void deliver(const ScenarioView& s, const StateLayout& l, Column st,
                                uint32_t day) {
  for (uint32_t k = 0; k < s.route_count; ++k) {
    const Route& r = s.routes[k];
    for (uint32_t slot = 0; slot < r.slots; ++slot) {
      uint32_t& arrival = st[shipment_word(l, r, slot, kShipmentArrival)];
      if (arrival == 0 || arrival > day) continue;
      stock(s, l, st, r.to, r.item) += st[shipment_word(l, r, slot, kShipmentQuantity)];
      arrival = 0;
    }
  }
}

// What a node is owed of an item: shipments on their way to it by any route, delivered
// or lost ones not counted.
CONTESTED_FUNCTION uint32_t in_transit(const ScenarioView& s, const StateLayout& l, Column st,
                                       uint32_t node, uint32_t item) {
  uint32_t units = 0;
  for (uint32_t k = 0; k < s.route_count; ++k) {
    const Route& r = s.routes[k];
    if (r.to != node || r.item != item) continue;
    for (uint32_t slot = 0; slot < r.slots; ++slot) {
      if (st[shipment_word(l, r, slot, kShipmentArrival)] == 0) continue;
      units += st[shipment_word(l, r, slot, kShipmentQuantity)];
    }
  }
  return units;
}

// The most a route may ship today: its capacity (of the piers standing, by sea), and under
// an (s, S) rule no more than S less the destination's inventory position (its stock and
// what is owed to it), nothing while that position is at or above s.
CONTESTED_FUNCTION uint32_t route_room(const ScenarioView& s, const StateLayout& l, Column st,
                                       const Route& r, uint32_t day) {
  const uint32_t room = r.mode == RouteMode::sea ? sea_capacity(s, l, st, r, day) : r.capacity;
  if (r.order_up_to == 0) return room;
  const uint32_t position = stock(s, l, st, r.to, r.item) + in_transit(s, l, st, r.to, r.item);
  if (position >= r.reorder_point) return 0;
  const uint32_t wanted = r.order_up_to - position;
  return wanted < room ? wanted : room;
}

// What a day's dispatches came to.
struct ShippingDay {
  uint32_t lost;          // shipments lost
  uint32_t without_hull;  // dispatches a route had cargo for but no idle hull
};

// Phase 7: dispatch on the route's days. A shipment's first draw decides its loss against
// the route's loss_prob, scaled for an escorted one; the second, drawn only with escorts,
// whether it is escorted.
CONTESTED_FUNCTION ShippingDay dispatch(const ScenarioView& s, const StateLayout& l, Column st,
                                        const Fleet& fleet, uint64_t seed, uint32_t trial,
                                        uint32_t day) {
  ShippingDay today{0, 0};
  for (uint32_t k = 0; k < s.route_count; ++k) {
    const Route& r = s.routes[k];
    // A route that starts late keeps the days of its cadence.
    if (day < r.first_day || (day - 1) % r.every_days != 0) continue;
    if (node_out(l, st, r.from, day) || node_out(l, st, r.to, day)) continue;
    const uint32_t room = route_room(s, l, st, r, day);
    uint32_t& held = stock(s, l, st, r.from, r.item);
    const uint32_t quantity = room < held ? room : held;
    if (quantity == 0) continue;
    const uint32_t hull = r.hulls == kNoShipClass ? s.ship_count : fleet.idle_hull(r.hulls);
    if (r.hulls != kNoShipClass && hull == s.ship_count) {
      ++today.without_hull;
      continue;
    }
    held -= quantity;
    DrawStream draws(seed, trial, day, Event::shipment, r.key, 0);
    const double fate = uniform(draws);
    const bool escorted = r.escort_share > 0 && bernoulli(draws, r.escort_share);
    // Transit 0 arrives with the next day's deliveries.
    const uint32_t leg = r.transit_days > 0 ? r.transit_days : 1;
    if (fate < (escorted ? r.loss_prob * r.escort_loss_scale : r.loss_prob)) {
      ++today.lost;
      if (hull != s.ship_count) fleet.sink(hull, day);
      continue;
    }
    if (hull != s.ship_count) fleet.sail(hull, day + 2 * leg);
    for (uint32_t slot = 0; slot < r.slots; ++slot) {
      if (st[shipment_word(l, r, slot, kShipmentArrival)] != 0) continue;
      st[shipment_word(l, r, slot, kShipmentArrival)] = day + leg;
      st[shipment_word(l, r, slot, kShipmentQuantity)] = quantity;
      break;
    }
  }
  return today;
}

}  // namespace contested
