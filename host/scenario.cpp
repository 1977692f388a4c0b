#include "host/scenario.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace contested {

void Scenario::finalize() {
  // Upper bound of craters a runway can hold: every missile of every raid that could aim
  // at it, each making its craters there, none repaired. Bounded further by the class's
  // whole inventory. Repaired craters free their slot, so this is never exceeded.
  std::vector<uint64_t> bound(runways.size(), 0);
  for (const Raid& raid : raids) {
    if (raid.aim != Aim::runway) continue;
    const Base& base = bases[raid.base];
    const MissileClass& missile = missiles[raid.missile];
    const uint64_t days_active = raid.last_day - raid.first_day + 1;
    const uint64_t per_day = std::min<uint64_t>(raid.count, missile.launches_per_day);
    const uint64_t shots = std::min<uint64_t>(per_day * days_active, missile.inventory);
    const uint64_t craters_each = missile.warhead == Warhead::unitary
                                      ? (missile.crater_radius_m > 0 ? 1 : 0)
                                      : missile.craters_per_missile;
    for (uint32_t r = 0; r < base.runway_count; ++r) {
      if (raid.runway != kAllRunways && raid.runway != r) continue;
      const uint64_t share = raid.runway != kAllRunways
                                 ? shots
                                 : (shots + base.runway_count - 1 - r) / base.runway_count;
      bound[base.runway_begin + r] += share * craters_each;
    }
  }
  uint32_t crater_slot = 0;
  for (size_t i = 0; i < runways.size(); ++i) {
    if (bound[i] > kMaxCratersPerRunway) {
      throw std::length_error("the raid plan could leave up to " + std::to_string(bound[i]) +
                              " craters on one runway; the engine holds at most " +
                              std::to_string(kMaxCratersPerRunway) +
                              " (fewer raid days or counts)");
    }
    runways[i].crater_capacity = static_cast<uint32_t>(bound[i]);
    runways[i].crater_begin = crater_slot;
    crater_slot += runways[i].crater_capacity;
  }
  uint32_t shelter = 0, tank = 0, igloo = 0;
  for (Base& base : bases) {
    base.shelter_begin = shelter;
    base.fuel_tank_begin = tank;
    base.igloo_begin = igloo;
    shelter += base.shelters;
    tank += base.fuel_tanks;
    igloo += base.munition_igloos;
  }
}

ScenarioView Scenario::view() const {
  ScenarioView v{};
  v.days = days;
  v.missiles = missiles.data();
  v.missile_count = static_cast<uint32_t>(missiles.size());
  v.raids = raids.data();
  v.raid_count = static_cast<uint32_t>(raids.size());
  v.interceptor_pk = interceptor_pk.data();
  v.interceptor_count = static_cast<uint32_t>(interceptor_ids.size());
  v.batteries = batteries.data();
  v.battery_count = static_cast<uint32_t>(batteries.size());
  v.bases = bases.data();
  v.base_count = static_cast<uint32_t>(bases.size());
  v.runways = runways.data();
  v.runway_count = static_cast<uint32_t>(runways.size());
  v.strips = strips.data();
  v.strip_count = static_cast<uint32_t>(strips.size());
  v.aircraft_types = aircraft_types.data();
  v.aircraft_type_count = static_cast<uint32_t>(aircraft_types.size());
  v.aircraft_type_of = aircraft_type_of.data();
  v.aircraft_count = static_cast<uint32_t>(aircraft_type_of.size());
  return v;
}

}  // namespace contested
