// The adversary's raids and each missile's trajectory (docs/model.md, One missile): flight
// reliability, point defence, circular-normal miss, and the effect at the impact point.
#pragma once

#include <cstdint>

#include "kernels/airfield.hpp"
#include "kernels/battle_damage.hpp"
#include "kernels/columns.hpp"
#include "kernels/crater.hpp"
#include "kernels/crater_repair.hpp"
#include "kernels/defense.hpp"
#include "kernels/layout.hpp"
#include "kernels/macros.hpp"
#include "kernels/parking.hpp"
#include "kernels/philox.hpp"
#include "kernels/record.hpp"
#include "kernels/runway_aim.hpp"
#include "kernels/sampling.hpp"
#include "kernels/scenario.hpp"
#include "kernels/ships.hpp"
#include "kernels/stocks.hpp"
#include "kernels/strip_timeline.hpp"
#include "kernels/trial_state.hpp"

namespace contested {

// sigma = CEP / sqrt(2 ln 2): half of all misses fall within one CEP.
inline constexpr double kCepPerSigma = 1.1774100225154747;

// Everything one day's strikes change besides the trial state itself.
struct StrikeTally {
  uint32_t launched;
  uint32_t short_of_plan;
  uint32_t intercepted;
  uint32_t ships_hit_in_port;
  uint32_t ships_hit_at_sea;  // by sea-area raids (kernels/sea_area.hpp), later in the day
  uint32_t fired_at_sea;      // by sea-area raids, counted in `launched` too
};

// Where a missile's addressed draws live, and the trial it belongs to.
struct MissileAddress {
  uint64_t seed;
  uint32_t trial;
  uint32_t day;
  uint32_t raid_key;
  uint32_t index;  // missile k of the raid
  CONTESTED_FUNCTION DrawStream draws(Event e) const {
    return DrawStream(seed, trial, day, e, raid_key, index);
  }
};

// Hits a base's aircraft parked on the ground: each is damaged or destroyed; counts both.
struct GroundLosses {
  const ScenarioView& s;
  const StateLayout& l;
  const RecordLayout& rl;
  Column st;
  Column rec;
  uint32_t base;
  AircraftAddress at;
  uint32_t day;

  CONTESTED_FUNCTION void hit(uint32_t aircraft, GroundHit how) const {
    if (damage_aircraft(s, l, st, at, day, base, aircraft, how)) {
      rec[rl.outcome_row(kOutcomeAircraftDamagedGround)] += 1;
      return;
    }
    st[l.aircraft + aircraft] = 0;
    rec[rl.outcome_row(kOutcomeAircraftLostGround)] += 1;
    rec[rl.base_outcome_row(base, kBaseOutcomeAircraftLostGround)] += 1;
  }
  CONTESTED_FUNCTION void hit_in_shelter(uint32_t spot) const {
    const Node& b = s.nodes[base];
    for (uint32_t a = b.aircraft_begin; a < b.aircraft_begin + b.aircraft_count; ++a) {
      const uint32_t w = st[l.aircraft + a];
      if (on_hand(w) && !(w & kAloft) && (w >> kSpotShift) == spot) hit(a, GroundHit::shelter);
    }
  }
};

// A node's field of point targets of one kind: a square grid, and for each target the
// first day it is in service. Restorable ones (docks, piers, buildings) come back after a
// lognormal restoration; the others are lost for good.
struct PointTargets {
  uint32_t count;
  double spacing_m;
  bool hardened;
  uint32_t back_word;
  const Restore* restore;  // null: destroyed for good
};

// Missile k aims at target k mod count. Unitary warheads kill targets within the lethal
// radius of their hardness; submunitions kill soft ones inside the pattern with
// submunition_pk and cannot defeat hardened ones. on_destroy(i) runs after target i is
// marked out of service.
template <class OnDestroy>
CONTESTED_FUNCTION void strike_point_targets(const PointTargets& field, const MissileClass& m,
                                             uint32_t k, double mx, double my, uint32_t day,
                                             DrawStream& effect, Column st, OnDestroy on_destroy) {
  double radius = field.hardened ? m.lethal_radius_hard_m : m.lethal_radius_soft_m;
  double pk = 1.0;
  if (m.warhead == Warhead::submunition) {
    if (field.hardened) return;
    radius = m.submunition_radius_m;
    pk = m.submunition_pk;
  }
  const PointGrid grid = square_grid(field.count, field.spacing_m);
  const uint32_t target = k % field.count;
  grid.within(grid.x(target) + mx, grid.y(target) + my, radius, [&](uint32_t i, double) {
    if (!in_service(st[field.back_word + i], day)) return;
    if (pk < 1.0 && !bernoulli(effect, pk)) return;
    st[field.back_word + i] =
        field.restore
            ? day + lognormal_days(effect, field.restore->median_days, field.restore->sigma)
            : kNeverBack;
    on_destroy(i);
  });
}

CONTESTED_FUNCTION void strike_runway(const ScenarioView& s, const StateLayout& l, Column st,
                                      const Node& base, const Raid& raid, uint32_t k,
                                      uint32_t launched, double mx, double my, DrawStream& effect) {
  if (base.runway_count == 0) return;
  // Missile k goes to runway k mod R (or the named one), to the pattern's aim points there.
  const uint32_t R = base.runway_count;
  const bool named = raid.runway != kAllRunways;
  const uint32_t local = named ? raid.runway : k % R;
  const uint32_t slot = named ? k : k / R;
  const uint32_t on_runway = named ? launched : (launched - local + R - 1) / R;
  const uint32_t runway = base.runway_begin + local;
  const double length = s.runways[runway].length_m;
  const double half_width = 0.5 * s.runways[runway].width_m;
  const AimPoint aim = runway_aim_point(s, raid, s.runways[runway], slot, on_runway);
  const double ix = aim.x + mx;
  const double iy = aim.y + my;
  const MissileClass& m = s.missiles[raid.missile];
  const RunwayCraters craters(st, l, s, runway, kAfterCures);
  const auto crater_at = [&](double x, double y) {
    // The repair time is drawn for every crater, inside the runway or not, so a posture
    // that changes runway size keeps every other crater's draws.
    const double hours = lognormal(effect, base.repair.hours_per_crater, base.repair.sigma);
    if (m.crater_radius_m > 0.0 && x >= 0.0 && x <= length && y >= -half_width && y <= half_width) {
      craters.add(x, y, m.crater_radius_m, hours);
    }
  };
  if (m.warhead == Warhead::unitary) {
    crater_at(ix, iy);
    return;
  }
  for (uint32_t c = 0; c < m.craters_per_missile; ++c) {
    double ox;
    double oy;
    uniform_in_disk(effect, m.submunition_radius_m, &ox, &oy);
    crater_at(ix + ox, iy + oy);
  }
}

// Parked aircraft on the ramp within reach of the impact point (parked_reach) are hit: each
// with the warhead's pk against them (a unitary warhead's aircraft_pk, a pattern's
// submunition_pk), one draw of `effect` each when that is below 1.
CONTESTED_FUNCTION void strike_ramp(const ScenarioView& s, const StateLayout& l, Column st,
                                    const Node& base, const MissileClass& m, RampPoint impact,
                                    DrawStream& effect, const GroundLosses& losses) {
  const bool unitary = m.warhead == Warhead::unitary;
  const double pk = unitary ? m.aircraft_pk : m.submunition_pk;
  for (uint32_t a = base.aircraft_begin; a < base.aircraft_begin + base.aircraft_count; ++a) {
    const uint32_t w = st[l.aircraft + a];
    if (!on_ramp(base, w)) continue;
    const RampPoint p = ramp_spot(s, base, (w >> kSpotShift) - base.shelters);
    const double reach = parked_reach(s, m, s.aircraft_type_of[a]);
    const double dx = p.x - impact.x;
    const double dy = p.y - impact.y;
    if (dx * dx + dy * dy > reach * reach) continue;
    if (pk < 1.0 && !bernoulli(effect, pk)) continue;
    losses.hit(a, unitary ? GroundHit::ramp_unitary : GroundHit::ramp_submunition);
  }
}

// One missile of a raid: flight, defence, miss, effect. Returns whether it struck (was
// reliable and not intercepted).
CONTESTED_FUNCTION bool fly_missile(const ScenarioView& s, const StateLayout& l, Column st,
                                    const GroundLosses& losses, const RampAim& ramp,
                                    const Raid& raid, const MissileAddress& at, uint32_t launched,
                                    StrikeTally& tally) {
  const MissileClass& m = s.missiles[raid.missile];
  const Node& base = s.nodes[raid.target];
  // A raid on parked aircraft picks its aim point before launch, whatever the missile's fate.
  RampPoint aim{0.0, 0.0};
  if (raid.aim == Aim::ramp) {
    DrawStream pick = at.draws(Event::aircraft_pick);
    aim = ramp.aim(raid, m, at.index, launched, pick);
  }
  DrawStream flight = at.draws(Event::missile_flight);
  if (!bernoulli(flight, m.reliability)) return false;
  DrawStream defence = at.draws(Event::missile_defence);
  if (defend(s, l, st, base, raid.missile, defence)) {
    ++tally.intercepted;
    return false;
  }
  DrawStream miss = at.draws(Event::missile_miss);
  double zx;
  double zy;
  normal_pair(miss, &zx, &zy);
  const double sigma = m.cep_m / kCepPerSigma;
  const double mx = sigma * zx;
  const double my = sigma * zy;
  DrawStream effect = at.draws(Event::missile_effect);
  const uint32_t k = at.index;
  const uint32_t day = at.day;
  switch (raid.aim) {
    case Aim::runway:
      strike_runway(s, l, st, base, raid, k, launched, mx, my, effect);
      break;
    case Aim::ramp:
      strike_ramp(s, l, st, base, m, RampPoint{aim.x + mx, aim.y + my}, effect, losses);
      break;
    case Aim::shelters:
      strike_point_targets(PointTargets{base.shelters, kShelterSpacingM, true,
                                        l.shelter_back + base.shelter_begin, nullptr},
                           m, k, mx, my, day, effect, st,
                           [&](uint32_t shelter) { losses.hit_in_shelter(shelter); });
      break;
    case Aim::fuel: {
      const PointTargets tanks{base.fuel_tanks, kFuelTankSpacingM, false,
                               l.fuel_tank_back + base.fuel_tank_begin, nullptr};
      strike_point_targets(tanks, m, k, mx, my, day, effect, st, [&](uint32_t) {
        lose_share(s, l, st, raid.target, true,
                   count_in_service(st, tanks.back_word, tanks.count, day) + 1);
      });
      break;
    }
    case Aim::munitions: {
      const PointTargets igloos{base.munition_igloos, kIglooSpacingM, true,
                                l.igloo_back + base.igloo_begin, nullptr};
      strike_point_targets(igloos, m, k, mx, my, day, effect, st, [&](uint32_t) {
        lose_share(s, l, st, raid.target, false,
                   count_in_service(st, igloos.back_word, igloos.count, day) + 1);
      });
      break;
    }
    case Aim::docks:
      strike_point_targets(PointTargets{base.dock_count, kDockSpacingM, false,
                                        l.dock_back + base.dock_begin, &base.restore},
                           m, k, mx, my, day, effect, st, [](uint32_t) {});
      break;
    case Aim::piers:
      strike_point_targets(PointTargets{base.piers, kPierSpacingM, false,
                                        l.pier_back + base.pier_begin, &base.restore},
                           m, k, mx, my, day, effect, st, [](uint32_t) {});
      break;
    case Aim::factory:
      strike_point_targets(PointTargets{base.buildings, kBuildingSpacingM, false,
                                        l.building_back + base.building_begin, &base.restore},
                           m, k, mx, my, day, effect, st, [](uint32_t) {});
      break;
    case Aim::ships:
      // A seeker finds its ship whatever the miss; the miss draws stay drawn all the same.
      if (Fleet(s, l, st, at.seed, at.trial).hit_in_port(raid.target, day, effect)) {
        ++tally.ships_hit_in_port;
      }
      break;
  }
  return true;
}

CONTESTED_FUNCTION bool aircraft_on_ground(const StateLayout& l, Column st, const Node& base) {
  for (uint32_t a = base.aircraft_begin; a < base.aircraft_begin + base.aircraft_count; ++a) {
    const uint32_t w = st[l.aircraft + a];
    if (on_hand(w) && !(w & kAloft)) return true;
  }
  return false;
}

// Whether the target offers what the raid's `when:` waits for, at the raid's hour.
CONTESTED_FUNCTION bool raid_condition_holds(const ScenarioView& s, const StateLayout& l, Column st,
                                             const Raid& raid) {
  const Node& base = s.nodes[raid.target];
  const StripTimeline strips(s, l, st, raid.target);
  switch (raid.when) {
    case When::always:
      return true;
    case When::runway_open:
      for (uint32_t c = 0; c < s.strip_count; ++c) {
        if (((base.strips_used >> c) & 1u) && strips.open(c)) return true;
      }
      return false;
    case When::strip_open:
      return strips.open(raid.strip);
    case When::aircraft_present:
      return aircraft_on_ground(l, st, base);
  }
  return true;
}

// Launches `wanted` missiles of class m, as far as its inventory and the launches it has
// left today allow; counts those launched and those short of the plan. Returns the launched.
CONTESTED_FUNCTION uint32_t launch(const StateLayout& l, Column st, uint32_t m, uint32_t wanted,
                                   StrikeTally& tally) {
  uint32_t& inventory = st[l.missile_inventory + m];
  uint32_t& capacity = st[l.launches_left + m];
  uint32_t launched = wanted < inventory ? wanted : inventory;
  launched = launched < capacity ? launched : capacity;
  inventory -= launched;
  capacity -= launched;
  tally.launched += launched;
  tally.short_of_plan += wanted - launched;
  return launched;
}

// The day's raids in hour order (priority order within an hour), each limited by the
// inventory and launch capacity left. Before each raid the target's repairs are played up
// to the raid's hour, so that its condition sees the runway as it is then.
CONTESTED_FUNCTION StrikeTally strike(const ScenarioView& s, const StateLayout& l,
                                      const RecordLayout& rl, Column st, Column rec, uint64_t seed,
                                      uint32_t trial, uint32_t day) {
  StrikeTally tally{0, 0, 0, 0, 0, 0};
  for (uint32_t m = 0; m < s.missile_count; ++m) {
    st[l.launches_left + m] = s.missiles[m].launches_per_day;
  }
  for (uint32_t r = 0; r < s.raid_count; ++r) {
    const Raid& raid = s.raids[r];
    if (day < raid.first_day || day > raid.last_day) continue;
    const Node& base = s.nodes[raid.target];
    const BaseRepair repair(s, l, st, raid.target, day);
    const float hour = static_cast<float>(raid.hour);
    repair.advance(hour);
    if (!raid_condition_holds(s, l, st, raid)) continue;
    const uint32_t launched = launch(l, st, raid.missile, raid.count, tally);
    for (uint32_t b = 0; b < base.battery_count; ++b)
      st[l.channels_used + base.battery_begin + b] = 0;
    const GroundLosses losses{s, l, rl, st, rec, raid.target, AircraftAddress{seed, trial}, day};
    const RampAim ramp(s, l, st, base);
    if (raid.aim == Aim::ramp) ramp.start_raid();
    uint32_t struck = 0;
    for (uint32_t k = 0; k < launched; ++k) {
      struck += fly_missile(s, l, st, losses, ramp, raid,
                            MissileAddress{seed, trial, day, raid.key, k}, launched, tally)
                    ? 1u
                    : 0u;
    }
    if (struck > 0) {
      repair.attacked(hour, struck * s.missiles[raid.missile].submunitions,
                      raid.aim == Aim::runway);
    }
  }
  return tally;
}

}  // namespace contested
