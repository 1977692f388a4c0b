// Where aircraft stand on a base's ramp and where a raid on them aims (docs/parking.md). The
// ramp is a rectangle filled as an even grid, or the base's listed parking spots; a raid aims
// at an even grid over the ramp (`pick: grid`), at aircraft chosen at random (`random`) or
// where its pattern covers the most aircraft not yet aimed at (`densest`).
#pragma once

#include <cstdint>

#include "kernels/columns.hpp"
#include "kernels/layout.hpp"
#include "kernels/macros.hpp"
#include "kernels/philox.hpp"
#include "kernels/sampling.hpp"
#include "kernels/scenario.hpp"
#include "kernels/trial_state.hpp"

namespace contested {

struct RampPoint {
  double x, y;
};

// Ramp spot i of a base (the i-th after its shelters): its listed parking spot, or the
// i-th point of the even grid of all its aircraft over the ramp rectangle.
CONTESTED_FUNCTION RampPoint ramp_spot(const ScenarioView& s, const Node& base, uint32_t i) {
  if (base.spot_count > 0) {
    const ParkingSpot& p = s.parking_spots[base.spot_begin + i];
    return {p.x_m, p.y_m};
  }
  const PointGrid grid = area_grid(base.aircraft_count, base.ramp_length_m, base.ramp_width_m);
  return {grid.x(i), grid.y(i)};
}

// An aircraft parked on the ramp (not aloft, not in a shelter) that a raid can aim at.
CONTESTED_FUNCTION bool on_ramp(const Node& base, uint32_t word) {
  return on_hand(word) && !(word & kAloft) && (word >> kSpotShift) >= base.shelters;
}

// How far from the impact point a missile of class m reaches an aircraft of type t: its
// unitary soft radius or its pattern's, plus half the type's wingspan.
CONTESTED_FUNCTION double parked_reach(const ScenarioView& s, const MissileClass& m, uint32_t t) {
  const double r = m.warhead == Warhead::unitary ? m.lethal_radius_soft_m : m.submunition_radius_m;
  return r + s.aircraft_types[t].half_span_m;
}

// Aims the missiles of one raid at a base's parked aircraft, one after the other. The raid
// plans on the aircraft on the ramp when it comes (its missiles arrive together, so a kill
// by one does not redirect another): their spots are kept for the raid in raid_spot. Those
// already aimed at in the raid's current round are marked; a round ends when every one of
// them has been aimed at (or covered), and the next starts over among them all.
inline constexpr uint32_t kRaidTargeted = 1u << 31;

class RampAim {
 public:
  CONTESTED_FUNCTION RampAim(const ScenarioView& s, const StateLayout& l, Column st,
                             const Node& base)
      : s_(s), l_(l), st_(st), base_(base) {}

  // Before a raid's first missile: the aircraft on the ramp now, none aimed at yet.
  CONTESTED_FUNCTION void start_raid() const {
    for (uint32_t a = first(); a < last(); ++a) {
      const uint32_t w = st_[l_.aircraft + a];
      planned(a) = on_ramp(base_, w) ? (w >> kSpotShift) - base_.shelters + 1 : 0;
    }
  }

  // Missile k of `launched`: where it aims (before its miss). `pick` draws once for
  // `random`; `grid` and `densest` draw nothing.
  CONTESTED_FUNCTION RampPoint aim(const Raid& raid, const MissileClass& m, uint32_t k,
                                   uint32_t launched, DrawStream& pick) const {
    switch (raid.pick) {
      case RampPick::random:
        return at_random(pick);
      case RampPick::densest:
        return densest(m);
      case RampPick::grid:
        break;
    }
    const PointGrid grid = area_grid(launched, base_.ramp_length_m, base_.ramp_width_m);
    return {grid.x(k), grid.y(k)};
  }

 private:
  CONTESTED_FUNCTION uint32_t first() const { return base_.aircraft_begin; }
  CONTESTED_FUNCTION uint32_t last() const { return base_.aircraft_begin + base_.aircraft_count; }
  CONTESTED_FUNCTION uint32_t& planned(uint32_t a) const { return st_[l_.raid_spot + a]; }
  CONTESTED_FUNCTION bool in_plan(uint32_t a) const { return planned(a) != 0; }
  CONTESTED_FUNCTION bool open(uint32_t a) const {
    return in_plan(a) && !(planned(a) & kRaidTargeted);
  }
  CONTESTED_FUNCTION RampPoint where(uint32_t a) const {
    return ramp_spot(s_, base_, (planned(a) & ~kRaidTargeted) - 1);
  }
  CONTESTED_FUNCTION void start_round() const {
    for (uint32_t a = first(); a < last(); ++a)
      planned(a) &= ~kRaidTargeted;
  }
  CONTESTED_FUNCTION uint32_t open_count() const {
    uint32_t n = 0;
    for (uint32_t a = first(); a < last(); ++a)
      n += open(a) ? 1u : 0u;
    return n;
  }
  // With nothing on the ramp, the missile aims at the ramp's middle.
  CONTESTED_FUNCTION RampPoint middle() const {
    return {0.5 * base_.ramp_length_m, 0.5 * base_.ramp_width_m};
  }

  // One of the round's aircraft not yet aimed at, uniformly (aircraft order).
  CONTESTED_FUNCTION RampPoint at_random(DrawStream& pick) const {
    uint32_t n = open_count();
    if (n == 0) {
      start_round();
      n = open_count();
    }
    const double u = uniform(pick);
    if (n == 0) return middle();
    const auto drawn = static_cast<uint32_t>(u * n);
    const uint32_t j = drawn < n ? drawn : n - 1;
    uint32_t seen = 0;
    for (uint32_t a = first();; ++a) {
      if (!open(a) || seen++ < j) continue;
      planned(a) |= kRaidTargeted;
      return where(a);
    }
  }

  // The round's aircraft not yet aimed at or covered within reach of missile class m aimed
  // at p.
  template <class Visit>
  CONTESTED_FUNCTION void covered(const MissileClass& m, RampPoint p, Visit visit) const {
    for (uint32_t a = first(); a < last(); ++a) {
      if (!open(a)) continue;
      const RampPoint q = where(a);
      const double reach = parked_reach(s_, m, s_.aircraft_type_of[a]);
      if ((q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y) <= reach * reach) visit(a);
    }
  }

  // The spot, of the planned aircraft's, that covers the most not yet aimed at or covered
  // (the first in aircraft order among equals); those it covers are marked.
  CONTESTED_FUNCTION RampPoint densest(const MissileClass& m) const {
    for (uint32_t round = 0; round < 2; ++round) {
      uint32_t best = last(), most = 0;
      for (uint32_t a = first(); a < last(); ++a) {
        if (!in_plan(a)) continue;
        uint32_t n = 0;
        covered(m, where(a), [&](uint32_t) { ++n; });
        if (n > most) {
          most = n;
          best = a;
        }
      }
      if (most > 0) {
        const RampPoint p = where(best);
        covered(m, p, [&](uint32_t c) { planned(c) |= kRaidTargeted; });
        return p;
      }
      start_round();
    }
    return middle();
  }

  const ScenarioView& s_;
  const StateLayout& l_;
  Column st_;
  const Node& base_;
};

}  // namespace contested
