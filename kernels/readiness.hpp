// Aircraft at a base (docs/model.md, Day loop; docs/runway-denial.md): parking, who is aloft at
// raid time, sorties flown, and the daily mission-capable Markov chain.
#pragma once

#include <cstdint>

#include "kernels/columns.hpp"
#include "kernels/macros.hpp"
#include "kernels/philox.hpp"
#include "kernels/portable_math.hpp"
#include "kernels/sampling.hpp"
#include "kernels/scenario.hpp"
#include "kernels/stocks.hpp"
#include "kernels/strip_timeline.hpp"
#include "kernels/trial_state.hpp"

namespace contested {

// An aircraft's draws: entity = (base key << 10) | its entry in the base's listing,
// sub = its index within the entry, so postures that add or drop entries keep the others'.
struct AircraftAddress {
  uint64_t seed;
  uint32_t trial;
  CONTESTED_FUNCTION DrawStream draws(const ScenarioView& s, uint32_t day, Event e,
                                      const Node& base, uint32_t aircraft) const {
    const uint32_t key = s.aircraft_key[aircraft];
    return DrawStream(seed, trial, day, e, (base.key << 10) | (key >> 16), key & 0xffffu);
  }
};

// Day 0: every aircraft alive, mission capable with probability mc_rate.
CONTESTED_FUNCTION void init_aircraft(const ScenarioView& s, const StateLayout& l, Column st,
                                      const AircraftAddress& at, const Node& base) {
  for (uint32_t k = 0; k < base.aircraft_count; ++k) {
    const uint32_t a = base.aircraft_begin + k;
    const AircraftType& type = s.aircraft_types[s.aircraft_type_of[a]];
    DrawStream draws = at.draws(s, 0, Event::aircraft_initial, base, a);
    st[l.aircraft + a] = kAlive | (bernoulli(draws, type.mc_rate) ? kMissionCapable : 0u);
  }
}

// Before the day's raids: aircraft on hand fill standing shelters in listing order, then
// ramp spots; each mission-capable one is aloft with probability airborne_fraction.
CONTESTED_FUNCTION void park_and_launch(const ScenarioView& s, const StateLayout& l, Column st,
                                        const AircraftAddress& at, uint32_t day, const Node& base) {
  uint32_t shelter = 0;
  uint32_t ramp = 0;
  for (uint32_t k = 0; k < base.aircraft_count; ++k) {
    const uint32_t a = base.aircraft_begin + k;
    const uint32_t w = st[l.aircraft + a];
    if (!on_hand(w)) continue;
    while (shelter < base.shelters &&
           !in_service(st[l.shelter_back + base.shelter_begin + shelter], day)) {
      ++shelter;
    }
    const uint32_t spot = shelter < base.shelters ? shelter++ : base.shelters + ramp++;
    DrawStream draws = at.draws(s, day, Event::aircraft_aloft, base, a);
    const bool aloft = (w & kMissionCapable) && bernoulli(draws, base.airborne_fraction);
    st[l.aircraft + a] =
        (w & (kAlive | kMissionCapable)) | (aloft ? kAloft : 0u) | (spot << kSpotShift);
  }
}

// A base's sorties of a day beside its day-0 capacity (every aircraft based there on day 0
// mission capable, flying its sortie rate from an open strip), and the gap between them
// split by cause. Each cause is the drop in a chain of sortie counts, each rounded like
// the sorties themselves (docs/runway-denial.md), so the causes add up exactly to
// capacity - flown.
struct SortieLedger {
  uint32_t capacity;
  uint32_t lost_strip;      // no usable strip for part or all of the day
  uint32_t lost_destroyed;  // aircraft destroyed
  uint32_t lost_not_mc;     // aircraft alive but not mission capable (battle damage too)
  uint32_t lost_tanker;     // beyond the combat radius, and no offload for them
  uint32_t lost_fuel;       // not enough fuel on hand
  uint32_t lost_munitions;  // not enough of a munition on hand
  uint32_t flown;
  double offload_t;  // tonnes of fuel the tankers among them could offload

  CONTESTED_FUNCTION void add(const SortieLedger& o) {
    capacity += o.capacity;
    lost_strip += o.lost_strip;
    lost_destroyed += o.lost_destroyed;
    lost_not_mc += o.lost_not_mc;
    lost_tanker += o.lost_tanker;
    lost_fuel += o.lost_fuel;
    lost_munitions += o.lost_munitions;
    flown += o.flown;
    offload_t += o.offload_t;
  }
};

CONTESTED_FUNCTION uint32_t rounded_sorties(uint32_t aircraft, double sortie_rate, double share) {
  return static_cast<uint32_t>(
      pmath::round_half_away(static_cast<double>(aircraft) * sortie_rate * share));
}

// Aircraft of each type at base b, into the scratch words: listed, alive, mission capable.
struct AircraftCount {
  uint32_t listed, alive, mc;
};
CONTESTED_FUNCTION void count_aircraft(const ScenarioView& s, const StateLayout& l, Column st,
                                       uint32_t b) {
  const Node& base = s.nodes[b];
  const uint32_t types = s.aircraft_type_count;
  for (uint32_t w = l.type_count; w < l.type_count + 3 * types; ++w)
    st[w] = 0;
  for (uint32_t a = base.aircraft_begin; a < base.aircraft_begin + base.aircraft_count; ++a) {
    const uint32_t w = st[l.aircraft + a];
    const uint32_t t = s.aircraft_type_of[a];
    st[l.type_count + t] += 1;
    if (w & kAlive) st[l.type_count + types + t] += 1;
    if ((w & kAlive) && (w & kMissionCapable)) st[l.type_count + 2 * types + t] += 1;
  }
}
CONTESTED_FUNCTION AircraftCount counted(const ScenarioView& s, const StateLayout& l, Column st,
                                         uint32_t t) {
  const uint32_t types = s.aircraft_type_count;
  return {st[l.type_count + t], st[l.type_count + types + t], st[l.type_count + 2 * types + t]};
}

// The first links of the chain for type t at base b (aircraft counted): day-0 capacity,
// then with the strips open today, the aircraft alive, and those mission capable (wanted).
struct SortieChain {
  uint32_t capacity, strip_open, alive_open, wanted;
};
CONTESTED_FUNCTION SortieChain sortie_chain(const ScenarioView& s, const StateLayout& l, Column st,
                                            const StripTimeline& strips, uint32_t b, uint32_t t) {
  const AircraftCount n = counted(s, l, st, t);
  const AircraftType& type = s.aircraft_types[t];
  if (n.listed == 0 || !strips.applicable(type.strip)) return {0, 0, 0, 0};
  const double rate = s.base_sortie_rate[b * s.aircraft_type_count + t];
  const double share = strips.open_share(type.strip);
  return {rounded_sorties(n.listed, rate, 1.0), rounded_sorties(n.listed, rate, share),
          rounded_sorties(n.alive, rate, share), rounded_sorties(n.mc, rate, share)};
}

// Who flies in a pass: tankers fly first, and their offload decides what receivers may.
enum class Fliers : uint8_t { tankers, others };

CONTESTED_FUNCTION bool flies_in(const AircraftType& type, Fliers who) {
  return (type.offload_t > 0) == (who == Fliers::tankers);
}

// Sorties a base flies, of the types flying in this pass: per type whose strip class the
// base can hold, round(MC aircraft * sortie rate * open share of the class), less the
// sorties a shortfall of offload cut (docs/operations.md), then as many of those as the
// base's stocks support, wanted of the stocks and consumed, unless only the potential is
// asked for (day 0: no ledger).
CONTESTED_FUNCTION SortieLedger fly_sorties(const ScenarioView& s, const StateLayout& l, Column st,
                                            uint32_t b, const DemandLedger* demand, Fliers who) {
  count_aircraft(s, l, st, b);
  const StripTimeline strips(s, l, st, b);
  SortieLedger ledger{};
  for (uint32_t t = 0; t < s.aircraft_type_count; ++t) {
    if (!flies_in(s.aircraft_types[t], who)) continue;
    const SortieChain chain = sortie_chain(s, l, st, strips, b, t);
    if (chain.capacity == 0) continue;
    const uint32_t slot = s.refuel_slot[b * s.aircraft_type_count + t];
    const uint32_t cut = slot == kNoRefuelSlot ? 0 : st[l.sortie_cut + slot];
    const uint32_t refuelled = chain.wanted - cut;
    const uint32_t fuelled =
        s.fuel_item == kNoItem ? refuelled : supportable_by(s, l, st, b, t, s.fuel_item, refuelled);
    const uint32_t flown = supportable_sorties(s, l, st, b, t, fuelled);
    if (demand != nullptr) {
      want_for_sorties(s, l, st, *demand, b, t, refuelled);
      consume_for_sorties(s, l, st, b, t, flown);
    }
    ledger.add({chain.capacity, chain.capacity - chain.strip_open,
                chain.strip_open - chain.alive_open, chain.alive_open - chain.wanted, cut,
                refuelled - fuelled, fuelled - flown, flown,
                static_cast<double>(flown) * s.aircraft_types[t].offload_t});
  }
  return ledger;
}

// The mission-capable chain: MC breaks with fix_rate (1 - mc_rate) / mc_rate, NMC is
// fixed with fix_rate, so the stationary MC share is mc_rate.
CONTESTED_FUNCTION void maintain(const ScenarioView& s, const StateLayout& l, Column st,
                                 const AircraftAddress& at, uint32_t day, const Node& base) {
  for (uint32_t k = 0; k < base.aircraft_count; ++k) {
    const uint32_t a = base.aircraft_begin + k;
    const uint32_t w = st[l.aircraft + a];
    if (!on_hand(w)) continue;
    const AircraftType& type = s.aircraft_types[s.aircraft_type_of[a]];
    DrawStream draws = at.draws(s, day, Event::aircraft_maintenance, base, a);
    const bool mc = (w & kMissionCapable) != 0;
    const double p = mc ? type.fix_rate * (1.0 - type.mc_rate) / type.mc_rate : type.fix_rate;
    const bool flips = bernoulli(draws, p);
    st[l.aircraft + a] = (mc != flips) ? (w | kMissionCapable) : (w & ~kMissionCapable);
  }
}

}  // namespace contested
