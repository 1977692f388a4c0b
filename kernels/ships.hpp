// Ships and repair yards (docs/ships.md). A ship at sea is hit with hit_prob_per_day, or by
// the raids of the sea areas its class is in (kernels/sea_area.hpp); a hit sinks it with
// sink_given_hit, else it sails to the open yard with a dock for its class that minimises
// transit plus expected wait, queues first-in first-out, is repaired for a lognormal time
// and sails home. A yard's outage or a struck dock pauses the repair in it.
// A dock is out of service until its first day (docs/lead-times.md), and its yard no choice
// before it; a ship with no yard open to its class waits, stranded, for one to open.
// Missiles of `aim: ships` raids hit ships in port: at their home port or in a dock.
// Sealift hulls (docs/shipping.md) wait at home for a route's shipment, sail on a voyage
// and come back, or are sunk with their cargo.
#pragma once

#include <cstdint>

#include "kernels/columns.hpp"
#include "kernels/disruption.hpp"
#include "kernels/macros.hpp"
#include "kernels/philox.hpp"
#include "kernels/sampling.hpp"
#include "kernels/scenario.hpp"
#include "kernels/stocks.hpp"
#include "kernels/trial_state.hpp"

namespace contested {

class Fleet {
 public:
  CONTESTED_FUNCTION Fleet(const ScenarioView& s, const StateLayout& l, Column st, uint64_t seed,
                           uint32_t trial)
      : s_(s), l_(l), st_(st), seed_(seed), trial_(trial) {}

  // Day 0: a share of each class starts part-way through scheduled maintenance.
  CONTESTED_FUNCTION void start() const {
    for (uint32_t c = 0; c < s_.ship_class_count; ++c) {
      const ShipClass& cls = s_.ship_classes[c];
      for (uint32_t k = 0; k < cls.count; ++k) {
        const uint32_t ship = cls.ship_begin + k;
        DrawStream draws(seed_, trial_, 0, Event::ship_initial, cls.key, k);
        const bool in_maintenance = bernoulli(draws, cls.in_maintenance_at_start);
        const double left = uniform(draws) * cls.maintenance_days;
        set(ship, in_maintenance ? kShipMaintenance : kShipAvailable,
            in_maintenance ? static_cast<uint32_t>(left) + 1 : 0, 0);
      }
    }
    for (uint32_t d = 0; d < s_.dock_count; ++d)
      st_[l_.dock_ship + d] = 0;
  }

  // Phase 5: ships at sea are hit; damaged ones head for a yard.
  CONTESTED_FUNCTION void take_damage(uint32_t day) const {
    for (uint32_t c = 0; c < s_.ship_class_count; ++c) {
      const ShipClass& cls = s_.ship_classes[c];
      for (uint32_t k = 0; k < cls.count; ++k) {
        const uint32_t ship = cls.ship_begin + k;
        if (status(ship) == kShipStranded) sail_to_yard(c, ship, day);
        if (status(ship) != kShipAvailable) continue;
        DrawStream draws(seed_, trial_, day, Event::ship_damage, cls.key, k);
        const bool hit = bernoulli(draws, cls.hit_prob_per_day);
        const bool sunk = bernoulli(draws, cls.sink_given_hit);
        if (!hit) continue;
        if (sunk) {
          set(ship, kShipSunk, day, 0);
          continue;
        }
        set(ship, kShipStranded, day, 0);
        sail_to_yard(c, ship, day);
      }
    }
  }

  // Strikes phase: a missile that reached `node` hits one ship in port there (hit()).
  CONTESTED_FUNCTION bool hit_in_port(uint32_t node, uint32_t day, DrawStream& effect) const {
    return hit([&](uint32_t ship) { return in_port(ship, node); }, day, effect);
  }

  // Phase 5: a missile of a raid on sea area `area` that got through hits one ship available
  // of the classes in the area (hit()).
  CONTESTED_FUNCTION bool hit_at_sea(uint32_t area, uint32_t day, DrawStream& effect) const {
    return hit(
        [&](uint32_t ship) {
          return status(ship) == kShipAvailable &&
                 ((s_.ship_classes[class_of(ship)].sea_areas >> area) & 1u) != 0;
        },
        day, effect);
  }

  // Sealift: the first hull of class `c` waiting at home, or ship_count if none is.
  CONTESTED_FUNCTION uint32_t idle_hull(uint32_t c) const {
    const ShipClass& cls = s_.ship_classes[c];
    for (uint32_t ship = cls.ship_begin; ship < cls.ship_begin + cls.count; ++ship) {
      if (status(ship) == kShipAvailable) return ship;
    }
    return s_.ship_count;
  }
  // A hull sails with a shipment, back in the pool on `back_day`, or is sunk with it.
  CONTESTED_FUNCTION void sail(uint32_t hull, uint32_t back_day) const {
    set(hull, kShipVoyage, back_day, 0);
  }
  CONTESTED_FUNCTION void sink(uint32_t hull, uint32_t day) const { set(hull, kShipSunk, day, 0); }

  // Phase 6: arrivals, repairs finishing, docks taking the next ship in their queue.
  CONTESTED_FUNCTION void repair(uint32_t day) const {
    for (uint32_t c = 0; c < s_.ship_class_count; ++c) {
      const ShipClass& cls = s_.ship_classes[c];
      for (uint32_t ship = cls.ship_begin; ship < cls.ship_begin + cls.count; ++ship) {
        const uint32_t st = status(ship);
        const uint32_t when = word(ship, kShipDay);
        if ((st == kShipMaintenance || st == kShipReturning || st == kShipVoyage) && when <= day) {
          set(ship, kShipAvailable, 0, 0);
        } else if (st == kShipToYard && when <= day) {
          set(ship, kShipQueued, day, word(ship, kShipPlace));
        } else if (st == kShipInDock) {
          finish_or_pause(c, ship, day);
        }
      }
    }
    for (uint32_t d = 0; d < s_.dock_count; ++d)
      fill_dock(d, day);
  }

  // Ships of a yard waiting for a dock (any class).
  CONTESTED_FUNCTION uint32_t queue_at(uint32_t yard) const {
    uint32_t n = 0;
    for (uint32_t ship = 0; ship < s_.ship_count; ++ship) {
      n += (status(ship) == kShipQueued && word(ship, kShipPlace) == yard) ? 1u : 0u;
    }
    return n;
  }

  CONTESTED_FUNCTION uint32_t status(uint32_t ship) const { return word(ship, kShipStatus); }

  // Ships of class `c` available: neither in maintenance, damaged nor sunk.
  CONTESTED_FUNCTION uint32_t available(uint32_t c) const {
    const ShipClass& cls = s_.ship_classes[c];
    uint32_t n = 0;
    for (uint32_t ship = cls.ship_begin; ship < cls.ship_begin + cls.count; ++ship)
      n += status(ship) == kShipAvailable ? 1u : 0u;
    return n;
  }

 private:
  CONTESTED_FUNCTION uint32_t& word(uint32_t ship, uint32_t w) const {
    return st_[l_.ships + ship * kShipWords + w];
  }
  CONTESTED_FUNCTION void set(uint32_t ship, uint32_t status_value, uint32_t day,
                              uint32_t place) const {
    word(ship, kShipStatus) = status_value;
    word(ship, kShipDay) = day;
    word(ship, kShipPlace) = place;
  }
  CONTESTED_FUNCTION bool dock_usable(uint32_t d, uint32_t day) const {
    return in_service(st_[l_.dock_back + d], day) && !node_out(l_, st_, s_.docks[d].node, day);
  }

  // One ship among those `present` says are there, chosen uniformly (the first draw of
  // `effect`), sinks with its class's sink_given_hit (the second) or else is damaged. A
  // damaged ship out of dock heads for a yard; one in a dock starts its repair over (the
  // third draw, drawn whatever the outcome), holding the dock longer. Returns whether a ship
  // was there to hit.
  template <class Present>
  CONTESTED_FUNCTION bool hit(const Present& present, uint32_t day, DrawStream& effect) const {
    uint32_t there = 0;
    for (uint32_t ship = 0; ship < s_.ship_count; ++ship)
      there += present(ship) ? 1u : 0u;
    if (there == 0) return false;
    const auto drawn = static_cast<uint32_t>(uniform(effect) * there);
    const uint32_t pick = drawn < there ? drawn : there - 1;
    uint32_t ship = 0;
    for (uint32_t seen = 0;; ++ship) {
      if (present(ship) && seen++ == pick) break;
    }
    const uint32_t c = class_of(ship);
    const ShipClass& cls = s_.ship_classes[c];
    const bool sunk = bernoulli(effect, cls.sink_given_hit);
    const uint32_t repair_days = lognormal_days(effect, cls.repair_days, cls.repair_sigma);
    const bool docked = status(ship) == kShipInDock;
    if (docked && sunk) st_[l_.dock_ship + word(ship, kShipPlace)] = 0;
    if (sunk) {
      set(ship, kShipSunk, day, 0);
    } else if (docked) {
      word(ship, kShipDay) = day + repair_days;
    } else {
      set(ship, kShipStranded, day, 0);
      sail_to_yard(c, ship, day);
    }
    return true;
  }

  // In port at `node`: at its class's home, available or in scheduled maintenance, or in
  // one of the node's docks.
  CONTESTED_FUNCTION bool in_port(uint32_t ship, uint32_t node) const {
    const uint32_t st = status(ship);
    if (st == kShipInDock) return s_.docks[word(ship, kShipPlace)].node == node;
    return (st == kShipAvailable || st == kShipMaintenance) &&
           s_.ship_classes[class_of(ship)].home == node;
  }
  CONTESTED_FUNCTION uint32_t class_of(uint32_t ship) const {
    uint32_t c = 0;
    while (ship >= s_.ship_classes[c].ship_begin + s_.ship_classes[c].count)
      ++c;
    return c;
  }

  // A stranded ship sails for the yard choose_yard() picks, if any is open to its class.
  CONTESTED_FUNCTION void sail_to_yard(uint32_t c, uint32_t ship, uint32_t day) const {
    const uint32_t yard = choose_yard(c, day);
    if (yard == s_.node_count) return;
    set(ship, kShipToYard, day + s_.ship_transit_days[c * s_.node_count + yard], yard);
  }

  // The yard minimising transit plus expected wait: ships already bound for or waiting at
  // it, times the median repair time, over its docks for the class in service. Yards whose
  // docks are all down count an infinite wait but stay eligible when nothing else is open;
  // docks before their first day are not there yet (all docks of a yard's entry for a
  // class share it).
  CONTESTED_FUNCTION uint32_t choose_yard(uint32_t c, uint32_t day) const {
    const ShipClass& cls = s_.ship_classes[c];
    uint32_t best = s_.node_count;
    double best_cost = 0.0;
    for (uint32_t d = 0; d < s_.dock_count; ++d) {
      if (s_.docks[d].ship_class != c) continue;
      const uint32_t yard = s_.docks[d].node;
      if (d > 0 && s_.docks[d - 1].node == yard && s_.docks[d - 1].ship_class == c) continue;
      if (s_.docks[d].first_day > day) continue;
      uint32_t docks_up = 0;
      for (uint32_t e = d; e < s_.dock_count && s_.docks[e].node == yard; ++e) {
        docks_up += (s_.docks[e].ship_class == c && dock_usable(e, day)) ? 1u : 0u;
      }
      uint32_t waiting = 0;
      for (uint32_t ship = cls.ship_begin; ship < cls.ship_begin + cls.count; ++ship) {
        const uint32_t st = status(ship);
        waiting +=
            ((st == kShipQueued || st == kShipToYard) && word(ship, kShipPlace) == yard) ? 1u : 0u;
      }
      const double wait = docks_up > 0 ? waiting * cls.repair_days / docks_up : 1e30;
      const double cost = s_.ship_transit_days[c * s_.node_count + yard] + wait;
      if (best == s_.node_count || cost < best_cost) {
        best = yard;
        best_cost = cost;
      }
    }
    return best;
  }

  CONTESTED_FUNCTION void finish_or_pause(uint32_t c, uint32_t ship, uint32_t day) const {
    const uint32_t dock = word(ship, kShipPlace);
    if (!dock_usable(dock, day)) {
      word(ship, kShipDay) += 1;  // the day's work is lost
      return;
    }
    if (word(ship, kShipDay) > day) return;
    st_[l_.dock_ship + dock] = 0;
    const uint32_t transit = s_.ship_transit_days[c * s_.node_count + s_.docks[dock].node];
    // A yard at home hands the ship back the day its repair ends.
    set(ship, transit == 0 ? kShipAvailable : kShipReturning, day + transit, 0);
  }

  // A free dock in service takes the longest-waiting ship of its class at its yard.
  CONTESTED_FUNCTION void fill_dock(uint32_t d, uint32_t day) const {
    if (st_[l_.dock_ship + d] != 0 || !dock_usable(d, day)) return;
    const Dock& dock = s_.docks[d];
    const ShipClass& cls = s_.ship_classes[dock.ship_class];
    uint32_t next = s_.ship_count;
    for (uint32_t ship = cls.ship_begin; ship < cls.ship_begin + cls.count; ++ship) {
      if (status(ship) != kShipQueued || word(ship, kShipPlace) != dock.node) continue;
      if (next == s_.ship_count || word(ship, kShipDay) < word(next, kShipDay)) next = ship;
    }
    if (next == s_.ship_count) return;
    DrawStream draws(seed_, trial_, day, Event::ship_repair, cls.key, next - cls.ship_begin);
    const uint32_t days = lognormal_days(draws, cls.repair_days, cls.repair_sigma);
    set(next, kShipInDock, day + days, d);
    st_[l_.dock_ship + d] = next + 1;
  }

  const ScenarioView& s_;
  const StateLayout& l_;
  Column st_;
  uint64_t seed_;
  uint32_t trial_;
};

}  // namespace contested
