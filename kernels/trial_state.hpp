// The fixed-size state of one trial, as 32-bit words in a Column. Sizes are known once
// the scenario is compiled (docs/design.md, section 3), so a chunk's state is one allocation.
#pragma once

#include <cstdint>

#include "kernels/columns.hpp"
#include "kernels/macros.hpp"
#include "kernels/scenario.hpp"

namespace contested {

// Aircraft status word: alive (not destroyed), mission capable, aloft at raid time, and
// parking spot (shelter s < shelters, else ramp spot s - shelters). A battle-damaged aircraft
// (docs/aircraft-depots.md) stays alive but is out of action: damaged (in repair until its
// aircraft_day), or in the depot pipeline with its working days left in place of the spot.
inline constexpr uint32_t kAlive = 1u;
inline constexpr uint32_t kMissionCapable = 2u;
inline constexpr uint32_t kAloft = 4u;
inline constexpr uint32_t kDamaged = 8u;
inline constexpr uint32_t kInDepot = 16u;
inline constexpr uint32_t kSpotShift = 8u;

// Alive and at its base to be parked, flown, maintained and struck.
CONTESTED_FUNCTION bool on_hand(uint32_t word) {
  return (word & kAlive) && !(word & (kDamaged | kInDepot));
}

// Crater words: centre x along the runway, y across it, radius, repair hours left, the hour
// of today its cure ends once repaired, and whether crews have started it (kit used).
enum CraterWord : uint32_t {
  kCraterX,
  kCraterY,
  kCraterRadius,
  kCraterHours,
  kCraterCure,
  kCraterStarted,
  kCraterWords
};

// Point targets (shelters, tanks, igloos, docks, piers, buildings) hold the first day they
// are in service: 0 from the start, kNeverBack once destroyed for good.
inline constexpr uint32_t kNeverBack = 0xffffffffu;

CONTESTED_FUNCTION bool in_service(uint32_t back_day, uint32_t day) {
  return back_day <= day;
}

// Point targets in service today among `count` consecutive words from `first`.
CONTESTED_FUNCTION uint32_t count_in_service(Column st, uint32_t first, uint32_t count,
                                             uint32_t day) {
  uint32_t n = 0;
  for (uint32_t k = 0; k < count; ++k)
    n += in_service(st[first + k], day) ? 1u : 0u;
  return n;
}

// Ship words: status, the day its current state ends, and where it is (yard node, or dock).
enum ShipWord : uint32_t { kShipStatus, kShipDay, kShipPlace, kShipWords };
enum ShipStatus : uint32_t {
  kShipAvailable,
  kShipMaintenance,  // scheduled maintenance until kShipDay
  kShipToYard,       // damaged, sailing to yard kShipPlace, arriving kShipDay
  kShipQueued,       // waiting at yard kShipPlace since kShipDay
  kShipInDock,       // in dock kShipPlace until kShipDay
  kShipReturning,    // repaired, home on kShipDay
  kShipStranded,     // damaged with no yard open to its class
  kShipSunk,
  kShipVoyage,  // a sealift hull carrying a shipment, back in the pool on kShipDay
};

// Shipment slot words: arrival day (0 = empty slot) and quantity.
enum ShipmentWord : uint32_t { kShipmentArrival, kShipmentQuantity, kShipmentWords };

struct StateLayout {
  uint32_t missile_inventory;
  uint32_t launches_left;
  uint32_t battery_inventory;
  uint32_t channels_used;
  uint32_t shelter_back;
  uint32_t fuel_tank_back;
  uint32_t igloo_back;
  uint32_t aircraft;
  // Per aircraft, while out of action: the day it is back (damaged, or on its way home from
  // a depot line), or the day it reaches its line (in the depot pipeline, work left).
  uint32_t aircraft_day;
  // Per aircraft, for the raid on its base being flown (kernels/parking.hpp): 1 + its ramp
  // spot when the raid came, 0 if it was not on the ramp; kRaidTargeted once aimed at.
  uint32_t raid_spot;
  uint32_t aircraft_returned;  // aircraft back in service from battle damage so far
  uint32_t crater_count;       // per runway
  uint32_t craters;            // kCraterWords per slot
  // Per base and strip class: the hour today since which the class has been closed (< 0:
  // open), the hours it was closed today, and the clock hours (bits) it was closed in.
  uint32_t strip_closed_since;
  uint32_t strip_closed_hours;
  uint32_t strip_closed_clock;
  uint32_t work_from;     // per base: hour of today from which crews may work
  uint32_t repaired_to;   // per base: hour of today up to which repair has been played
  uint32_t type_count;    // scratch: aircraft per type at one base (listed, alive, MC)
  uint32_t sortie_cut;    // scratch: per receiver in refuel_order, sorties cut today
  uint32_t repair_order;  // scratch: craters of one base in repair order
  uint32_t repair_done;   // scratch: hour each crater of one base is finished
  uint32_t team_free;     // scratch: hour each crew of one base is free
  uint32_t day0_sorties;
  uint32_t dock_back;          // per dock: first day in service
  uint32_t pier_back;          // per pier
  uint32_t building_back;      // per factory building
  uint32_t stock;              // [node * item_count + item]
  uint32_t production_carry;   // per factory: millionths of a unit carried to the next day
  uint32_t produced;           // scratch: units of each item produced today
  uint32_t shipments;          // kShipmentWords per route slot
  uint32_t shipments_lost;     // scratch: shipments lost today
  uint32_t ships;              // kShipWords per ship
  uint32_t dock_ship;          // per dock: 1 + the ship in it, or 0
  uint32_t outage_until;       // per node: last day of the current outage (0 = none)
  uint32_t expenditure_carry;  // per expenditure: millionths of a unit carried to the next day
  uint32_t words;
};

CONTESTED_FUNCTION StateLayout make_state_layout(const ScenarioView& s) {
  uint32_t shelters = 0, tanks = 0, igloos = 0, craters = 0, base_craters = 0, teams = 0;
  uint32_t piers = 0, buildings = 0, shipment_slots = 0;
  for (uint32_t b = 0; b < s.node_count; ++b) {
    const Node& base = s.nodes[b];
    shelters += base.shelters;
    tanks += base.fuel_tanks;
    igloos += base.munition_igloos;
    uint32_t at_base = 0;
    for (uint32_t r = 0; r < base.runway_count; ++r) {
      at_base += s.runways[base.runway_begin + r].crater_capacity;
    }
    craters += at_base;
    base_craters = at_base > base_craters ? at_base : base_craters;
    teams = base.repair.teams > teams ? base.repair.teams : teams;
    piers += base.piers;
    buildings += base.buildings;
  }
  for (uint32_t r = 0; r < s.route_count; ++r)
    shipment_slots += s.routes[r].slots;
  StateLayout l{};
  uint32_t at = 0;
  const auto take = [&at](uint32_t n) {
    const uint32_t begin = at;
    at += n;
    return begin;
  };
  l.missile_inventory = take(s.missile_count);
  l.launches_left = take(s.missile_count);
  l.battery_inventory = take(s.battery_count);
  l.channels_used = take(s.battery_count);
  l.shelter_back = take(shelters);
  l.fuel_tank_back = take(tanks);
  l.igloo_back = take(igloos);
  l.aircraft = take(s.aircraft_count);
  l.aircraft_day = take(s.aircraft_count);
  l.raid_spot = take(s.aircraft_count);
  l.aircraft_returned = take(1);
  l.crater_count = take(s.runway_count);
  l.craters = take(craters * kCraterWords);
  l.strip_closed_since = take(s.node_count * s.strip_count);
  l.strip_closed_hours = take(s.node_count * s.strip_count);
  l.strip_closed_clock = take(s.node_count * s.strip_count);
  l.work_from = take(s.node_count);
  l.repaired_to = take(s.node_count);
  l.type_count = take(3 * s.aircraft_type_count);
  l.sortie_cut = take(s.refuel_count);
  l.repair_order = take(base_craters);
  l.repair_done = take(base_craters);
  l.team_free = take(teams);
  l.day0_sorties = take(1);
  l.dock_back = take(s.dock_count);
  l.pier_back = take(piers);
  l.building_back = take(buildings);
  l.stock = take(s.node_count * s.item_count);
  l.production_carry = take(s.factory_count);
  l.produced = take(s.item_count);
  l.shipments = take(shipment_slots * kShipmentWords);
  l.shipments_lost = take(1);
  l.ships = take(s.ship_count * kShipWords);
  l.dock_ship = take(s.dock_count);
  l.outage_until = take(s.node_count);
  l.expenditure_carry = take(s.expenditure_count);
  l.words = at;
  return l;
}

}  // namespace contested
