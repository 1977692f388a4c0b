// One trial: a campaign simulated day by day (MODEL.md 2), writing its integer metrics
// into the trial's record column. The same function runs in the CPU backend's OpenMP
// loop and in the CUDA backend's kernel.
#pragma once

#include <cstdint>

#include "kernels/columns.hpp"
#include "kernels/crater.hpp"
#include "kernels/crater_repair.hpp"
#include "kernels/macros.hpp"
#include "kernels/readiness.hpp"
#include "kernels/record.hpp"
#include "kernels/scenario.hpp"
#include "kernels/strike.hpp"
#include "kernels/trial_state.hpp"

namespace contested {

struct Campaign {
  const ScenarioView& s;
  const StateLayout& l;
  const RecordLayout& rl;
  uint64_t seed;

  CONTESTED_FUNCTION void run(uint32_t trial, Column st, Column rec) const {
    const AircraftAddress aircraft{seed, trial};
    start(st, rec, aircraft);
    record_day(st, rec, 0, StrikeTally{0, 0, 0}, fly_all_sorties(st, rec, 0));
    for (uint32_t day = 1; day <= s.days; ++day) {
      for (uint32_t b = 0; b < s.base_count; ++b)
        park_and_launch(l, st, aircraft, day, s.bases[b]);
      const StrikeTally strikes = strike(s, l, rl, st, rec, seed, trial, day);
      for (uint32_t b = 0; b < s.base_count; ++b)
        BaseRepair(s, l, st, b).run_day();
      const uint32_t sorties = fly_all_sorties(st, rec, day);
      for (uint32_t b = 0; b < s.base_count; ++b)
        maintain(s, l, st, aircraft, day, s.bases[b]);
      record_day(st, rec, day, strikes, sorties);
    }
  }

 private:
  CONTESTED_FUNCTION void start(Column st, Column rec, const AircraftAddress& aircraft) const {
    for (uint32_t m = 0; m < s.missile_count; ++m)
      st[l.missile_inventory + m] = s.missiles[m].inventory;
    for (uint32_t b = 0; b < s.battery_count; ++b)
      st[l.battery_inventory + b] = s.batteries[b].inventory;
    for (uint32_t w = l.shelter_standing; w < l.aircraft; ++w)
      st[w] = 1;  // shelters, tanks, igloos
    for (uint32_t r = 0; r < s.runway_count; ++r)
      st[l.crater_count + r] = 0;
    for (uint32_t i = 0; i < s.base_count * s.strip_count; ++i)
      st.set_real(l.open_share + i, 1.0f);
    for (uint32_t b = 0; b < s.base_count; ++b)
      init_aircraft(s, l, st, aircraft, s.bases[b]);
    for (uint32_t o = 0; o < rl.outcomes(); ++o)
      rec[rl.outcome_row(o)] = 0;
  }

  // Sorties of every base today, recorded per base; returns the theatre total.
  CONTESTED_FUNCTION uint32_t fly_all_sorties(Column st, Column rec, uint32_t day) const {
    uint32_t total = 0;
    for (uint32_t b = 0; b < s.base_count; ++b) {
      const uint32_t sorties = fly_sorties(s, l, st, b);
      rec[rl.row(rl.base(b, kBaseSorties), day)] = sorties;
      total += sorties;
    }
    return total;
  }

  CONTESTED_FUNCTION uint32_t interceptors_at(Column st, const Base& base) const {
    uint32_t left = 0;
    for (uint32_t k = 0; k < base.battery_count; ++k) {
      left += st[l.battery_inventory + base.battery_begin + k];
    }
    return left;
  }

  CONTESTED_FUNCTION void record_day(Column st, Column rec, uint32_t day,
                                     const StrikeTally& strikes, uint32_t sorties) const {
    const auto put = [&](uint32_t series, uint32_t value) { rec[rl.row(series, day)] = value; };
    uint32_t alive = 0, mc = 0, interceptors = 0;
    for (uint32_t c = 0; c < s.strip_count; ++c)
      put(rl.theatre_strip_usable(c), 0);
    for (uint32_t b = 0; b < s.base_count; ++b) {
      const Base& base = s.bases[b];
      uint32_t base_alive = 0, base_mc = 0, craters = 0, shelters = 0, tanks = 0, igloos = 0;
      for (uint32_t a = base.aircraft_begin; a < base.aircraft_begin + base.aircraft_count; ++a) {
        const uint32_t w = st[l.aircraft + a];
        base_alive += w & kAlive;
        base_mc += ((w & kAlive) && (w & kMissionCapable)) ? 1u : 0u;
      }
      for (uint32_t r = 0; r < base.runway_count; ++r)
        craters += st[l.crater_count + base.runway_begin + r];
      for (uint32_t k = 0; k < base.shelters; ++k)
        shelters += st[l.shelter_standing + base.shelter_begin + k];
      for (uint32_t k = 0; k < base.fuel_tanks; ++k)
        tanks += st[l.fuel_tank_standing + base.fuel_tank_begin + k];
      for (uint32_t k = 0; k < base.munition_igloos; ++k)
        igloos += st[l.igloo_standing + base.igloo_begin + k];
      const uint32_t left = interceptors_at(st, base);
      put(rl.base(b, kBaseAircraftAlive), base_alive);
      put(rl.base(b, kBaseAircraftMc), base_mc);
      put(rl.base(b, kBaseCratersOpen), craters);
      put(rl.base(b, kBaseSheltersStanding), shelters);
      put(rl.base(b, kBaseFuelTanksStanding), tanks);
      put(rl.base(b, kBaseIgloosStanding), igloos);
      put(rl.base(b, kBaseInterceptorsRemaining), left);
      for (uint32_t c = 0; c < s.strip_count; ++c) {
        const bool usable = st.real(l.open_share + b * s.strip_count + c) > 0.0f;
        put(rl.base_strip_usable(b, c), usable ? 1u : 0u);
        rec[rl.row(rl.theatre_strip_usable(c), day)] += usable ? 1u : 0u;
        if (day > 0 && !usable) rec[rl.base_strip_denied_row(b, c)] += 1;
      }
      uint32_t& exhausted = rec[rl.base_outcome_row(b, kBaseOutcomeDayInterceptorsExhausted)];
      if (day > 0 && base.battery_count > 0 && left == 0 && exhausted == 0) {
        exhausted = day;
        uint32_t& first = rec[rl.outcome_row(kOutcomeDayInterceptorsExhausted)];
        if (first == 0) first = day;
      }
      alive += base_alive;
      mc += base_mc;
      interceptors += left;
    }
    put(rl.theatre(kTheatreSorties), sorties);
    put(rl.theatre(kTheatreAircraftAlive), alive);
    put(rl.theatre(kTheatreAircraftMc), mc);
    put(rl.theatre(kTheatreInterceptorsRemaining), interceptors);
    put(rl.theatre(kTheatreMissilesLaunched), strikes.launched);
    put(rl.theatre(kTheatreMissilesShort), strikes.short_of_plan);
    put(rl.theatre(kTheatreMissilesIntercepted), strikes.intercepted);
    for (uint32_t m = 0; m < s.missile_count; ++m) {
      put(rl.theatre_missiles_remaining(m), st[l.missile_inventory + m]);
    }
    if (day == 0) {
      st[l.day0_sorties] = sorties;
    } else {
      uint32_t& below = rec[rl.outcome_row(kOutcomeFirstDaySortiesBelowHalf)];
      if (below == 0 && 2u * sorties < st[l.day0_sorties]) below = day;
    }
  }
};

}  // namespace contested
