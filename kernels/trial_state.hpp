// The fixed-size state of one trial, as 32-bit words in a Column. Sizes are known once
// the scenario is compiled (DESIGN.md 3), so a chunk's state is one allocation.
#pragma once

#include <cstdint>

#include "kernels/columns.hpp"
#include "kernels/macros.hpp"
#include "kernels/scenario.hpp"

namespace contested {

// Aircraft status word: alive, mission capable, aloft at raid time, and parking spot
// (shelter s < shelters, else ramp spot s - shelters).
inline constexpr uint32_t kAlive = 1u;
inline constexpr uint32_t kMissionCapable = 2u;
inline constexpr uint32_t kAloft = 4u;
inline constexpr uint32_t kSpotShift = 8u;

// Crater words: centre x along the runway, y across it, radius, repair hours left.
enum CraterWord : uint32_t { kCraterX, kCraterY, kCraterRadius, kCraterHours, kCraterWords };

struct StateLayout {
  uint32_t missile_inventory;
  uint32_t launches_left;
  uint32_t battery_inventory;
  uint32_t channels_used;
  uint32_t shelter_standing;
  uint32_t fuel_tank_standing;
  uint32_t igloo_standing;
  uint32_t aircraft;
  uint32_t crater_count;  // per runway
  uint32_t craters;       // kCraterWords per slot
  uint32_t open_share;    // per base and strip class: share of the day a strip is usable
  uint32_t type_count;    // scratch: mission-capable aircraft per type at one base
  uint32_t repair_order;  // scratch: craters of one base in repair order
  uint32_t repair_done;   // scratch: hour each crater of one base is finished
  uint32_t team_free;     // scratch: hour each crew of one base is free
  uint32_t day0_sorties;
  uint32_t words;
};

CONTESTED_FUNCTION StateLayout make_state_layout(const ScenarioView& s) {
  uint32_t shelters = 0, tanks = 0, igloos = 0, craters = 0, base_craters = 0, teams = 0;
  for (uint32_t b = 0; b < s.base_count; ++b) {
    const Base& base = s.bases[b];
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
  }
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
  l.shelter_standing = take(shelters);
  l.fuel_tank_standing = take(tanks);
  l.igloo_standing = take(igloos);
  l.aircraft = take(s.aircraft_count);
  l.crater_count = take(s.runway_count);
  l.craters = take(craters * kCraterWords);
  l.open_share = take(s.base_count * s.strip_count);
  l.type_count = take(s.aircraft_type_count);
  l.repair_order = take(base_craters);
  l.repair_done = take(base_craters);
  l.team_free = take(teams);
  l.day0_sorties = take(1);
  l.words = at;
  return l;
}

}  // namespace contested
