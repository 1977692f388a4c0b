// Battle damage to aircraft on the ground and its repair (docs/aircraft-depots.md). A hit
// damages rather than destroys an aircraft with its type's share for where it stood and what
// hit it. A damaged aircraft whose type a depot line in the theatre takes goes to the nearest
// such line, if that line would have it back no later than the median of its type's repair
// days, waits its turn there, is worked on and comes back; any other is out of action for its
// type's lognormal repair days (at its base, or away and back).
#pragma once

#include <cstdint>

#include "kernels/columns.hpp"
#include "kernels/macros.hpp"
#include "kernels/philox.hpp"
#include "kernels/portable_math.hpp"
#include "kernels/readiness.hpp"
#include "kernels/sampling.hpp"
#include "kernels/scenario.hpp"
#include "kernels/stocks.hpp"
#include "kernels/trial_state.hpp"

namespace contested {

// Where an aircraft on the ground stood and what hit it.
enum class GroundHit : uint8_t { ramp_unitary, ramp_submunition, shelter };

CONTESTED_FUNCTION double damage_share(const BattleDamage& d, GroundHit hit) {
  switch (hit) {
    case GroundHit::ramp_unitary:
      return d.ramp_unitary;
    case GroundHit::ramp_submunition:
      return d.ramp_submunition;
    case GroundHit::shelter:
      return d.shelter;
  }
  return 0.0;
}

// An aircraft in the depot pipeline that has reached its line by `day` and has work left.
CONTESTED_FUNCTION bool at_line(const StateLayout& l, Column st, uint32_t a, uint32_t day) {
  const uint32_t w = st[l.aircraft + a];
  return (w & kInDepot) && (w >> kSpotShift) > 0 && st[l.aircraft_day + a] <= day;
}

// Calls f(a) for every aircraft whose damage goes to line `line`, in slot order.
template <class F>
CONTESTED_FUNCTION void for_each_of_line(const ScenarioView& s, uint32_t line, F f) {
  for (uint32_t b = 0; b < s.node_count; ++b) {
    const Node& base = s.nodes[b];
    for (uint32_t a = base.aircraft_begin; a < base.aircraft_begin + base.aircraft_count; ++a) {
      if (s.depot_line_of[b * s.aircraft_type_count + s.aircraft_type_of[a]] == line) f(a);
    }
  }
}

// Days until a line would have one more aircraft back, at its full capacity and with no day
// lost: transit both ways and, behind the aircraft sent to it with work left (on their way,
// waiting or in work), its turn: ceil((ahead + 1) / capacity) * days_per_aircraft.
CONTESTED_FUNCTION uint32_t depot_turnaround(const ScenarioView& s, const StateLayout& l, Column st,
                                             uint32_t line) {
  const DepotLine& depot = s.depot_lines[line];
  uint32_t ahead = 0;
  for_each_of_line(s, line, [&](uint32_t a) {
    const uint32_t w = st[l.aircraft + a];
    ahead += ((w & kInDepot) && (w >> kSpotShift) > 0) ? 1u : 0u;
  });
  const uint32_t turns = ahead / depot.capacity + 1;
  return 2 * depot.transit_days + turns * depot.days_per_aircraft;
}

// Whether the hit on aircraft `a` of base `b` on `day` damages it (true: it is now out of
// action) rather than destroys it. Types with no share for the hit draw nothing, so that
// scenarios without damage shares keep every draw. A damaged aircraft goes to its line when
// the line's turnaround is no longer than the median repair days, else it is repaired without
// the line (the lognormal draw comes second in either case, drawn only when used).
CONTESTED_FUNCTION bool damage_aircraft(const ScenarioView& s, const StateLayout& l, Column st,
                                        const AircraftAddress& at, uint32_t day, uint32_t b,
                                        uint32_t a, GroundHit hit) {
  const uint32_t t = s.aircraft_type_of[a];
  const BattleDamage& damage = s.aircraft_types[t].damage;
  const double share = damage_share(damage, hit);
  if (share <= 0.0) return false;
  DrawStream draws = at.draws(s, day, Event::aircraft_damage, s.nodes[b], a);
  if (!bernoulli(draws, share)) return false;
  const uint32_t line = s.depot_line_of[b * s.aircraft_type_count + t];
  if (line != kNoDepotLine && depot_turnaround(s, l, st, line) <= damage.repair_days) {
    const DepotLine& depot = s.depot_lines[line];
    st[l.aircraft + a] = kAlive | kInDepot | (depot.days_per_aircraft << kSpotShift);
    st[l.aircraft_day + a] = day + depot.transit_days;
  } else {
    st[l.aircraft + a] = kAlive | kDamaged;
    st[l.aircraft_day + a] = day + lognormal_days(draws, damage.repair_days, damage.repair_sigma);
  }
  return true;
}

// Aircraft a line works on at once today: none before its first day or while its node is out;
// else its capacity times the share of the node's buildings standing, if it has any, rounded
// half away from zero.
CONTESTED_FUNCTION uint32_t depot_working(const ScenarioView& s, const StateLayout& l, Column st,
                                          const DepotLine& line, uint32_t day) {
  if (day < line.first_day || node_out(l, st, line.node, day)) return 0;
  const Node& node = s.nodes[line.node];
  if (node.buildings == 0) return line.capacity;
  const uint32_t standing =
      count_in_service(st, l.building_back + node.building_begin, node.buildings, day);
  return static_cast<uint32_t>(
      pmath::round_half_away(static_cast<double>(line.capacity) * standing / node.buildings));
}

// One working day of a line: of the aircraft that reached it before today, those that reached
// it first (arrival day, then slot) get a day's work each, as many as it works on at once; one
// whose work is done leaves for home, there transit_days later.
CONTESTED_FUNCTION void work_depot_line(const ScenarioView& s, const StateLayout& l, Column st,
                                        uint32_t line, uint32_t day) {
  const DepotLine& depot = s.depot_lines[line];
  const uint32_t working = depot_working(s, l, st, depot, day);
  const auto order = [&](uint32_t a) { return (uint64_t{st[l.aircraft_day + a]} << 32) | a; };
  uint64_t from = 0;  // the order after the last aircraft worked on today
  for (uint32_t k = 0; k < working; ++k) {
    uint64_t next = ~uint64_t{0};
    for_each_of_line(s, line, [&](uint32_t a) {
      const uint64_t o = order(a);
      if (at_line(l, st, a, day - 1) && o >= from && o < next) next = o;
    });
    if (next == ~uint64_t{0}) return;
    from = next + 1;
    const auto a = static_cast<uint32_t>(next & 0xffffffffu);
    const uint32_t left = (st[l.aircraft + a] >> kSpotShift) - 1;
    st[l.aircraft + a] = kAlive | kInDepot | (left << kSpotShift);
    if (left == 0) st[l.aircraft_day + a] = day + depot.transit_days;
  }
}

// Phase 6, after the day's maintenance: every depot line works its day, then each aircraft
// whose repair or trip home ends today is back at its base, mission capable.
CONTESTED_FUNCTION void repair_aircraft(const ScenarioView& s, const StateLayout& l, Column st,
                                        uint32_t day) {
  for (uint32_t line = 0; line < s.depot_line_count; ++line)
    work_depot_line(s, l, st, line, day);
  for (uint32_t a = 0; a < s.aircraft_count; ++a) {
    const uint32_t w = st[l.aircraft + a];
    const bool home = (w & kDamaged) || ((w & kInDepot) && (w >> kSpotShift) == 0);
    if (!home || st[l.aircraft_day + a] > day) continue;
    st[l.aircraft + a] = kAlive | kMissionCapable;
    st[l.aircraft_returned] += 1;
  }
}

}  // namespace contested
