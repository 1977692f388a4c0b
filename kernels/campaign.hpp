// One trial: a campaign simulated day by day in the phases of docs/model.md (Day loop), writing its
// integer metrics into the trial's record column. The same function runs in the CPU
// backend's OpenMP loop and in the CUDA backend's kernel.
#pragma once

#include <cstdint>

#include "kernels/battle_damage.hpp"
#include "kernels/columns.hpp"
#include "kernels/coordinated_attack.hpp"
#include "kernels/crater.hpp"
#include "kernels/crater_repair.hpp"
#include "kernels/demand.hpp"
#include "kernels/disruption.hpp"
#include "kernels/expenditure.hpp"
#include "kernels/macros.hpp"
#include "kernels/production.hpp"
#include "kernels/readiness.hpp"
#include "kernels/record.hpp"
#include "kernels/refuelling.hpp"
#include "kernels/scenario.hpp"
#include "kernels/sea_area.hpp"
#include "kernels/shipping.hpp"
#include "kernels/ships.hpp"
#include "kernels/stocks.hpp"
#include "kernels/strike.hpp"
#include "kernels/strip_timeline.hpp"
#include "kernels/trial_state.hpp"

namespace contested {

struct Campaign {
  const ScenarioView& s;
  const StateLayout& l;
  const RecordLayout& rl;
  uint64_t seed;

  CONTESTED_FUNCTION void run(uint32_t trial, Column st, Column rec) const {
    const AircraftAddress aircraft{seed, trial};
    const Fleet fleet(s, l, st, seed, trial);
    start(st, rec, aircraft, fleet);
    record_day(st, rec, fleet, 0, StrikeTally{0, 0, 0, 0, 0, 0},
               fly_all_sorties(st, rec, 0, nullptr), ShippingDay{0, 0});
    for (uint32_t day = 1; day <= s.days; ++day) {
      start_outages(s, l, st, seed, trial, day);  // 1. disruptions and campaigns
      launch_attacks(s, l, st, rl, rec, seed, trial, day);
      for (uint32_t b = 0; b < s.node_count; ++b) {
        park_and_launch(s, l, st, aircraft, day, s.nodes[b]);
        BaseRepair(s, l, st, b, day).start_day();
      }
      // 2-3. strikes at their hours, repair played up to each and then to the day's end
      StrikeTally strikes = strike(s, l, rl, st, rec, seed, trial, day);
      for (uint32_t b = 0; b < s.node_count; ++b)
        BaseRepair(s, l, st, b, day).end_day();
      deliver(s, l, st, day);  // 4. arrivals
      reload_batteries(s, l, st);
      // 5. operations. Consumers draw on stocks in this order, each getting all it wants
      // while stock lasts: sorties, then ships, then ground units (docs/expenditure.md).
      const DemandLedger demand(s, rl, rec, day);
      const uint32_t sorties = fly_all_sorties(st, rec, day, &demand);
      expend(s, l, st, fleet, demand, day);
      fleet.take_damage(day);
      raid_sea_areas(s, l, st, fleet, seed, trial, day, strikes);
      for (uint32_t b = 0; b < s.node_count; ++b)
        maintain(s, l, st, aircraft, day, s.nodes[b]);
      repair_aircraft(s, l, st, day);  // 6. maintenance, battle damage and depot lines
      fleet.repair(day);
      produce(s, l, st, day);  // 7. production
      const ShippingDay shipping = dispatch(s, l, st, fleet, seed, trial, day);
      record_day(st, rec, fleet, day, strikes, sorties, shipping);  // 8. record
    }
    record_groups(rec);
  }

 private:
  CONTESTED_FUNCTION void start(Column st, Column rec, const AircraftAddress& aircraft,
                                const Fleet& fleet) const {
    for (uint32_t m = 0; m < s.missile_count; ++m) {
      st[l.missile_inventory + m] = s.missiles[m].inventory;
    }
    for (uint32_t b = 0; b < s.battery_count; ++b) {
      st[l.battery_inventory + b] = s.batteries[b].inventory;
    }
    // Every point target in service from the start.
    for (uint32_t w = l.shelter_back; w < l.aircraft; ++w)
      st[w] = 0;
    for (uint32_t w = l.dock_back; w < l.stock; ++w)
      st[w] = 0;
    // A dock that starts late (docs/lead-times.md) is out of service until its first day: it
    // takes no ship, stands in no count and cannot be struck before it.
    for (uint32_t d = 0; d < s.dock_count; ++d)
      st[l.dock_back + d] = s.docks[d].first_day;
    for (uint32_t r = 0; r < s.runway_count; ++r)
      st[l.crater_count + r] = 0;
    // Day 0: a class flies where an undamaged runway holds its strip.
    for (uint32_t b = 0; b < s.node_count; ++b) {
      StripTimeline(s, l, st, b).start_campaign();
      st.set_real(l.work_from + b, 0.0f);
      st.set_real(l.repaired_to + b, 0.0f);
    }
    for (uint32_t b = 0; b < s.node_count; ++b)
      init_aircraft(s, l, st, aircraft, s.nodes[b]);
    st[l.aircraft_returned] = 0;
    for (uint32_t i = 0; i < s.node_count * s.item_count; ++i) {
      st[l.stock + i] = s.stock_initial[i] == kUntracked ? 0 : s.stock_initial[i];
    }
    for (uint32_t f = 0; f < s.factory_count; ++f)
      st.set_real(l.production_carry + f, 0.0f);
    for (uint32_t w = l.shipments; w < l.shipments_lost; ++w)
      st[w] = 0;
    for (uint32_t b = 0; b < s.node_count; ++b)
      st[l.outage_until + b] = 0;
    for (uint32_t k = 0; k < s.expenditure_count; ++k)
      st[l.expenditure_carry + k] = 0;
    fleet.start();
    for (uint32_t o = 0; o < rl.outcomes(); ++o)
      rec[rl.outcome_row(o)] = 0;
    DemandLedger(s, rl, rec, 0);  // day 0 spends nothing: its account opens, and stays empty
  }

  // Sorties of every base today and their ledger, recorded per base; returns the theatre
  // total. Tankers fly first at every base: their offload decides which receivers' sorties
  // a shortfall cuts (docs/operations.md). Day 0 (no ledger) records the potential without
  // drawing on stocks.
  CONTESTED_FUNCTION uint32_t fly_all_sorties(Column st, Column rec, uint32_t day,
                                              const DemandLedger* demand) const {
    SortieLedger tankers{}, theatre{};
    for (uint32_t b = 0; b < s.node_count; ++b) {
      const SortieLedger ledger = fly_sorties(s, l, st, b, demand, Fliers::tankers);
      record_ledger(rec, day, ledger, rl.base(b, kBaseSorties), rl.base(b, kBaseSortieCapacity),
                    false);
      tankers.add(ledger);
    }
    const OffloadDay offload = plan_refuelling(s, l, st, tankers.offload_t);
    for (uint32_t b = 0; b < s.node_count; ++b) {
      const SortieLedger ledger = fly_sorties(s, l, st, b, demand, Fliers::others);
      record_ledger(rec, day, ledger, rl.base(b, kBaseSorties), rl.base(b, kBaseSortieCapacity),
                    true);
      theatre.add(ledger);
    }
    theatre.add(tankers);
    record_ledger(rec, day, theatre, rl.theatre(kTheatreSorties),
                  rl.theatre(kTheatreSortieCapacity), false);
    const auto tonnes = [](double t) { return static_cast<uint32_t>(pmath::round_half_away(t)); };
    rec[rl.row(rl.theatre(kTheatreTankerSorties), day)] = tankers.flown;
    rec[rl.row(rl.theatre(kTheatreOffloadDelivered), day)] = tonnes(offload.delivered());
    rec[rl.row(rl.theatre(kTheatreOffloadShort), day)] = tonnes(offload.short_of());
    return theatre.flown;
  }

  // Sorties flown in `flown_series`, then capacity and the causes from `capacity_series` on;
  // added to what the rows hold with `add` (a base's second pass of the day).
  CONTESTED_FUNCTION void record_ledger(Column rec, uint32_t day, const SortieLedger& ledger,
                                        uint32_t flown_series, uint32_t capacity_series,
                                        bool add) const {
    const uint32_t values[] = {ledger.flown,          ledger.capacity,      ledger.lost_strip,
                               ledger.lost_destroyed, ledger.lost_not_mc,   ledger.lost_tanker,
                               ledger.lost_fuel,      ledger.lost_munitions};
    for (uint32_t k = 0; k < 8; ++k) {
      uint32_t& row = rec[rl.row(k == 0 ? flown_series : capacity_series + k - 1, day)];
      row = (add ? row : 0u) + values[k];
    }
  }

  CONTESTED_FUNCTION uint32_t interceptors_at(Column st, const Node& base) const {
    uint32_t left = 0;
    for (uint32_t k = 0; k < base.battery_count; ++k) {
      left += st[l.battery_inventory + base.battery_begin + k];
    }
    return left;
  }

  CONTESTED_FUNCTION void record_day(Column st, Column rec, const Fleet& fleet, uint32_t day,
                                     const StrikeTally& strikes, uint32_t sorties,
                                     const ShippingDay& shipping) const {
    const auto put = [&](uint32_t series, uint32_t value) { rec[rl.row(series, day)] = value; };
    uint32_t alive = 0, mc = 0, interceptors = 0;
    for (uint32_t c = 0; c < s.strip_count; ++c)
      put(rl.theatre_strip_usable(c), 0);
    for (uint32_t i = 0; i < s.item_count; ++i)
      put(rl.theatre_stock(i), 0);
    for (uint32_t b = 0; b < s.node_count; ++b) {
      const Node& base = s.nodes[b];
      uint32_t base_alive = 0, base_mc = 0, craters = 0;
      for (uint32_t a = base.aircraft_begin; a < base.aircraft_begin + base.aircraft_count; ++a) {
        const uint32_t w = st[l.aircraft + a];
        base_alive += w & kAlive;
        base_mc += ((w & kAlive) && (w & kMissionCapable)) ? 1u : 0u;
      }
      for (uint32_t r = 0; r < base.runway_count; ++r) {
        craters += st[l.crater_count + base.runway_begin + r];
      }
      const uint32_t left = interceptors_at(st, base);
      put(rl.base(b, kBaseAircraftAlive), base_alive);
      put(rl.base(b, kBaseAircraftMc), base_mc);
      put(rl.base(b, kBaseCratersOpen), craters);
      put(rl.base(b, kBaseSheltersStanding),
          count_in_service(st, l.shelter_back + base.shelter_begin, base.shelters, day));
      put(rl.base(b, kBaseFuelTanksStanding),
          count_in_service(st, l.fuel_tank_back + base.fuel_tank_begin, base.fuel_tanks, day));
      put(rl.base(b, kBaseIgloosStanding),
          count_in_service(st, l.igloo_back + base.igloo_begin, base.munition_igloos, day));
      put(rl.base(b, kBaseInterceptorsRemaining), left);
      put(rl.base(b, kNodeRepairQueue), fleet.queue_at(b));
      put(rl.base(b, kNodeDocksStanding),
          count_in_service(st, l.dock_back + base.dock_begin, base.dock_count, day));
      put(rl.base(b, kNodePiersStanding),
          count_in_service(st, l.pier_back + base.pier_begin, base.piers, day));
      put(rl.base(b, kNodeBuildingsStanding),
          count_in_service(st, l.building_back + base.building_begin, base.buildings, day));
      put(rl.base(b, kNodeOutage), day > 0 && node_out(l, st, b, day) ? 1u : 0u);
      put(rl.base(b, kNodeAircraftAtDepot), 0);
      for (uint32_t i = 0; i < s.item_count; ++i) {
        const uint32_t held = stock(s, l, st, b, i);
        put(rl.node_stock(b, i), held);
        rec[rl.row(rl.theatre_stock(i), day)] += held;
      }
      const StripTimeline strips(s, l, st, b);
      for (uint32_t c = 0; c < s.strip_count; ++c) {
        // A class the base cannot hold is not applicable: never usable, never denied.
        const bool usable = strips.applicable(c) && strips.closed_hours(c) < kHoursPerDay;
        const uint32_t hours = day > 0 && strips.applicable(c) ? strips.clock_hours_closed(c) : 0;
        put(rl.base_strip_usable(b, c), usable ? 1u : 0u);
        put(rl.base_strip_hours_closed(b, c), hours);
        rec[rl.row(rl.theatre_strip_usable(c), day)] += usable ? 1u : 0u;
        rec[rl.base_hours_closed_row(b, c)] += hours;
        if (day > 0 && !usable && strips.applicable(c)) rec[rl.base_strip_denied_row(b, c)] += 1;
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
    record_fleet(rec, fleet, day);
    record_battle_damage(st, rec, day);
    put(rl.theatre(kTheatreAircraftAlive), alive);
    put(rl.theatre(kTheatreAircraftMc), mc);
    put(rl.theatre(kTheatreInterceptorsRemaining), interceptors);
    put(rl.theatre(kTheatreMissilesLaunched), strikes.launched);
    put(rl.theatre(kTheatreMissilesShort), strikes.short_of_plan);
    put(rl.theatre(kTheatreMissilesIntercepted), strikes.intercepted);
    put(rl.theatre(kTheatreShipsHitInPort), strikes.ships_hit_in_port);
    put(rl.theatre(kTheatreShipsHitAtSea), strikes.ships_hit_at_sea);
    put(rl.theatre(kTheatreMissilesFiredAtSea), strikes.fired_at_sea);
    put(rl.theatre(kTheatreShipmentsLost), shipping.lost);
    put(rl.theatre(kTheatreShipmentsWithoutHull), shipping.without_hull);
    rec[rl.outcome_row(kOutcomeShipmentsLost)] += shipping.lost;
    for (uint32_t m = 0; m < s.missile_count; ++m) {
      put(rl.theatre_missiles_remaining(m), st[l.missile_inventory + m]);
    }
    for (uint32_t i = 0; i < s.item_count; ++i) {
      put(rl.theatre_production(i), day == 0 ? 0u : st[l.produced + i]);
      uint32_t& out = rec[rl.item_exhausted_row(i)];
      if (day > 0 && out == 0 && rec[rl.row(rl.theatre_stock(i), day)] == 0 &&
          rec[rl.row(rl.theatre_stock(i), 0)] > 0) {
        out = day;
      }
    }
    if (day == 0) {
      st[l.day0_sorties] = sorties;
    } else {
      uint32_t& below = rec[rl.outcome_row(kOutcomeFirstDaySortiesBelowHalf)];
      if (below == 0 && 2u * sorties < st[l.day0_sorties]) below = day;
    }
  }

  // Hours closed per group: the mean over its bases that can hold the class, rounded half
  // up to whole hours.
  CONTESTED_FUNCTION void record_groups(Column rec) const {
    for (uint32_t g = 0; g < s.group_count; ++g) {
      const Group& group = s.groups[g];
      for (uint32_t c = 0; c < s.strip_count; ++c) {
        uint64_t hours = 0;
        uint32_t bases = 0;
        for (uint32_t k = 0; k < group.node_count; ++k) {
          const uint32_t b = s.group_nodes[group.node_begin + k];
          if (!strip_applicable(s.nodes[b], c)) continue;
          hours += rec[rl.base_hours_closed_row(b, c)];
          ++bases;
        }
        rec[rl.group_hours_closed_row(g, c)] =
            bases == 0 ? 0u : static_cast<uint32_t>((2 * hours + bases) / (2 * uint64_t{bases}));
      }
    }
  }

  // Aircraft out of action by battle damage, with or without a depot line, each line's at its
  // node, and those back in service so far.
  CONTESTED_FUNCTION void record_battle_damage(Column st, Column rec, uint32_t day) const {
    uint32_t damaged = 0, in_depot = 0;
    for (uint32_t b = 0; b < s.node_count; ++b) {
      const Node& base = s.nodes[b];
      for (uint32_t a = base.aircraft_begin; a < base.aircraft_begin + base.aircraft_count; ++a) {
        const uint32_t w = st[l.aircraft + a];
        damaged += (w & kDamaged) ? 1u : 0u;
        if (!(w & kInDepot)) continue;
        ++in_depot;
        if (!at_line(l, st, a, day)) continue;
        const uint32_t line = s.depot_line_of[b * s.aircraft_type_count + s.aircraft_type_of[a]];
        rec[rl.row(rl.base(s.depot_lines[line].node, kNodeAircraftAtDepot), day)] += 1;
      }
    }
    rec[rl.row(rl.theatre(kTheatreAircraftDamaged), day)] = damaged;
    rec[rl.row(rl.theatre(kTheatreAircraftInDepot), day)] = in_depot;
    rec[rl.row(rl.theatre(kTheatreAircraftReturned), day)] = st[l.aircraft_returned];
  }

  // Combatant ships by state, and sealift hulls apart: idle at home, on a voyage, sunk.
  CONTESTED_FUNCTION void record_fleet(Column rec, const Fleet& fleet, uint32_t day) const {
    uint32_t available = 0, repair = 0, maintenance = 0, sunk = 0;
    uint32_t hulls_idle = 0, hulls_at_sea = 0, hulls_sunk = 0;
    for (uint32_t c = 0; c < s.ship_class_count; ++c) {
      const ShipClass& cls = s.ship_classes[c];
      for (uint32_t ship = cls.ship_begin; ship < cls.ship_begin + cls.count; ++ship) {
        const uint32_t status = fleet.status(ship);
        if (cls.sealift) {
          hulls_idle += status == kShipAvailable ? 1u : 0u;
          hulls_at_sea += status == kShipVoyage ? 1u : 0u;
          hulls_sunk += status == kShipSunk ? 1u : 0u;
          continue;
        }
        available += status == kShipAvailable ? 1u : 0u;
        maintenance += status == kShipMaintenance ? 1u : 0u;
        sunk += status == kShipSunk ? 1u : 0u;
        // Damaged ships from the hit until they are home again.
        repair += (status == kShipToYard || status == kShipQueued || status == kShipInDock ||
                   status == kShipReturning || status == kShipStranded)
                      ? 1u
                      : 0u;
      }
    }
    rec[rl.row(rl.theatre(kTheatreShipsAvailable), day)] = available;
    rec[rl.row(rl.theatre(kTheatreShipsInRepair), day)] = repair;
    rec[rl.row(rl.theatre(kTheatreShipsInMaintenance), day)] = maintenance;
    rec[rl.row(rl.theatre(kTheatreShipsSunk), day)] = sunk;
    rec[rl.row(rl.theatre(kTheatreHullsIdle), day)] = hulls_idle;
    rec[rl.row(rl.theatre(kTheatreHullsAtSea), day)] = hulls_at_sea;
    rec[rl.row(rl.theatre(kTheatreHullsSunk), day)] = hulls_sunk;
    if (day > 0) rec[rl.outcome_row(kOutcomeShipDaysLostToRepair)] += repair;
  }
};

}  // namespace contested
