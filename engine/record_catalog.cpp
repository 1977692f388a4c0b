#include "engine/record_catalog.hpp"

#include <algorithm>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "kernels/airfield.hpp"
#include "kernels/record.hpp"
#include "results/measure.hpp"

namespace contested {
namespace {

// Most sorties a base can fly in a day: every aircraft mission capable, strips open.
uint64_t sortie_bound(const Scenario& s, const Node& base, uint32_t b) {
  const size_t types = s.aircraft_types.size();
  std::vector<uint64_t> per_type(types, 0);
  for (uint32_t a = base.aircraft_begin; a < base.aircraft_begin + base.aircraft_count; ++a) {
    ++per_type[s.aircraft_type_of[a]];
  }
  uint64_t bound = 0;
  for (size_t t = 0; t < types; ++t) {
    bound += static_cast<uint64_t>(
        std::floor(static_cast<double>(per_type[t]) * s.base_sortie_rate[b * types + t] + 0.5));
  }
  return bound;
}

}  // namespace

std::vector<RecordSeries> catalog_records(const Scenario& s) {
  const RecordLayout rl = record_layout(s.view());
  std::vector<RecordSeries> out;
  const auto daily = [&](std::string name, std::string node, uint32_t series, uint64_t max,
                         bool reported = true) {
    out.push_back(
        {std::move(name), std::move(node), false, reported, rl.row(series, 0), s.days + 1, max});
  };
  // A first day (0 when it never came) is known by its name's measure.
  const auto outcome = [&](std::string name, std::string node, uint32_t row, uint64_t max) {
    const bool first_day = describe_measure(name, true).first_day;
    out.push_back({std::move(name), std::move(node), true, true, row, 1, max, first_day});
  };

  uint64_t sorties = 0, aircraft = 0, interceptors = 0, per_day_missiles = 0;
  uint64_t tanker_sorties = 0;
  double offload = 0.0, offload_wanted = 0.0;  // tonnes a day, at most
  const size_t types = s.aircraft_types.size();
  for (uint32_t b = 0; b < s.nodes.size(); ++b) {
    const Node& base = s.nodes[b];
    sorties += sortie_bound(s, base, b);
    aircraft += base.aircraft_count;
    for (uint32_t a = base.aircraft_begin; a < base.aircraft_begin + base.aircraft_count; ++a) {
      const uint32_t t = s.aircraft_type_of[a];
      // Sorties are rounded per base and type: at most one more than the aircraft's rates.
      const double most = s.base_sortie_rate[b * types + t] + 1.0;
      offload += most * s.aircraft_types[t].offload_t;
      offload_wanted += most * s.offload_need[b * types + t];
      if (s.aircraft_types[t].offload_t > 0) tanker_sorties += static_cast<uint64_t>(most);
    }
  }
  const bool refuelling = tanker_sorties > 0 || !s.refuel_order.empty();
  for (const Battery& b : s.batteries)
    interceptors += b.inventory;
  uint64_t antiship_missiles = 0;  // a day, each hitting one ship at most
  for (const Raid& r : s.raids) {
    per_day_missiles += r.count;
    antiship_missiles += r.aim == Aim::ships ? r.count : 0;
  }
  uint64_t sea_missiles = 0;  // a day, each hitting one ship at most
  for (const SeaSalvo& v : s.sea_salvos)
    sea_missiles += v.count;
  per_day_missiles += sea_missiles;
  uint64_t ships = 0, hulls = 0;  // combatants, and sealift hulls
  for (const ShipClass& c : s.ship_classes)
    (c.sealift ? hulls : ships) += c.count;
  uint64_t routes_with_hulls = 0;
  for (const Route& r : s.routes)
    routes_with_hulls += r.hulls != kNoShipClass ? 1 : 0;
  // Battle damage (docs/aircraft-depots.md): reported where some hit may damage an aircraft.
  bool damage = false;
  for (const AircraftType& type : s.aircraft_types) {
    const BattleDamage& d = type.damage;
    damage = damage || d.ramp_unitary > 0 || d.ramp_submunition > 0 || d.shelter > 0;
  }
  const bool depots = damage && !s.depot_lines.empty();
  // An aircraft is damaged, and comes back, at most once a day.
  const uint64_t damage_events = damage ? aircraft * s.days : 0;
  const uint64_t nodes = s.nodes.size();
  const uint64_t routes = s.routes.size();
  const size_t items = s.item_ids.size();

  // Stocks only grow by production: a theatre bound is the initial stock plus every
  // factory's output over the campaign; a node holds no more than the theatre.
  std::vector<uint64_t> stock_bound(items, 0), daily_output(items, 0);
  std::vector<bool> tracked(items, false), produced(items, false);
  for (size_t n = 0; n < s.nodes.size(); ++n) {
    for (size_t i = 0; i < items; ++i) {
      const uint32_t initial = s.stock_initial[n * items + i];
      if (initial == kUntracked) continue;
      tracked[i] = true;
      stock_bound[i] += initial;
    }
  }
  for (const Factory& f : s.factories) {
    daily_output[f.product] += static_cast<uint64_t>(std::ceil(f.surge_per_day)) + 1;
    produced[f.product] = true;
  }
  for (size_t i = 0; i < items; ++i)
    stock_bound[i] += daily_output[i] * s.days;
  // A day's demand is at most every expenditure's rate times its spenders, rounded up, plus
  // the unit its carried fraction can complete, and what each aircraft's most sorties consume
  // of its base's stocks. Reported for items some consumer wants, and their first day short
  // at each node some consumer draws on.
  std::vector<uint64_t> demand_bound(items, 0);
  std::vector<bool> demanded(items, false), demanded_at(s.nodes.size() * items, false);
  const auto wants = [&](uint32_t node, uint32_t item, uint64_t most) {
    demand_bound[item] += most;
    demanded[item] = true;
    demanded_at[node * items + item] = true;
  };
  for (const Expenditure& e : s.expenditures) {
    const uint64_t spenders = e.ship_class == kNoShipClass ? 1 : s.ship_classes[e.ship_class].count;
    wants(e.node, e.item,
          static_cast<uint64_t>(std::ceil(e.per_day * static_cast<double>(spenders))) + 1);
  }
  for (uint32_t b = 0; b < s.nodes.size(); ++b) {
    const Node& base = s.nodes[b];
    for (uint32_t a = base.aircraft_begin; a < base.aircraft_begin + base.aircraft_count; ++a) {
      const uint32_t t = s.aircraft_type_of[a];
      const auto most = static_cast<uint64_t>(s.base_sortie_rate[b * types + t]) + 1;
      for (uint32_t i = 0; i < items; ++i) {
        const uint32_t per = s.per_sortie[t * items + i];
        if (per > 0 && s.stock_initial[b * items + i] != kUntracked) wants(b, i, per * most);
      }
    }
  }
  const auto item_metric = [&](size_t i) { return s.item_metric(static_cast<uint32_t>(i)); };
  // Day-0 capacity and the sorties lost by cause, theatre-wide or at base `b`.
  const auto sortie_ledger = [&](const std::string& node, uint32_t first_series, uint64_t bound,
                                 bool reported) {
    static const char* const kNames[] = {"sortie_capacity",        "sorties_lost_strip",
                                         "sorties_lost_destroyed", "sorties_lost_not_mc",
                                         "sorties_lost_tanker",    "sorties_lost_fuel",
                                         "sorties_lost_munitions"};
    static_assert(std::size(kNames) == kSortieLedgerRows);
    for (uint32_t k = 0; k < kSortieLedgerRows; ++k)
      daily(kNames[k], node, first_series + k, bound, reported);
  };

  daily("sorties", "", rl.theatre(kTheatreSorties), sorties);
  sortie_ledger("", rl.theatre(kTheatreSortieCapacity), sorties, true);
  daily("tanker_sorties", "", rl.theatre(kTheatreTankerSorties), tanker_sorties, refuelling);
  // Rounded per day, so each tonne bound is one above the day's most.
  daily("offload_delivered", "", rl.theatre(kTheatreOffloadDelivered),
        static_cast<uint64_t>(offload) + 1, refuelling);
  daily("offload_short", "", rl.theatre(kTheatreOffloadShort),
        static_cast<uint64_t>(offload_wanted) + 1, refuelling);
  daily("aircraft_alive", "", rl.theatre(kTheatreAircraftAlive), aircraft);
  daily("aircraft_mc", "", rl.theatre(kTheatreAircraftMc), aircraft);
  daily("aircraft_damaged", "", rl.theatre(kTheatreAircraftDamaged), aircraft, damage);
  daily("aircraft_in_depot", "", rl.theatre(kTheatreAircraftInDepot), aircraft, depots);
  daily("aircraft_returned", "", rl.theatre(kTheatreAircraftReturned), damage_events, damage);
  daily("interceptors_remaining", "", rl.theatre(kTheatreInterceptorsRemaining), interceptors,
        !s.batteries.empty());
  daily("missiles_launched", "", rl.theatre(kTheatreMissilesLaunched), per_day_missiles);
  daily("missiles_short", "", rl.theatre(kTheatreMissilesShort), per_day_missiles);
  daily("missiles_intercepted", "", rl.theatre(kTheatreMissilesIntercepted), per_day_missiles);
  daily("ships_available", "", rl.theatre(kTheatreShipsAvailable), ships, ships > 0);
  daily("ships_in_repair", "", rl.theatre(kTheatreShipsInRepair), ships, ships > 0);
  daily("ships_in_maintenance", "", rl.theatre(kTheatreShipsInMaintenance), ships, ships > 0);
  daily("ships_sunk", "", rl.theatre(kTheatreShipsSunk), ships, ships > 0);
  daily("ships_hit_in_port", "", rl.theatre(kTheatreShipsHitInPort), antiship_missiles,
        antiship_missiles > 0);
  daily("ships_hit_at_sea", "", rl.theatre(kTheatreShipsHitAtSea), sea_missiles, sea_missiles > 0);
  daily("missiles_fired_at_sea", "", rl.theatre(kTheatreMissilesFiredAtSea), sea_missiles,
        sea_missiles > 0);
  daily("hulls_idle", "", rl.theatre(kTheatreHullsIdle), hulls, hulls > 0);
  daily("hulls_at_sea", "", rl.theatre(kTheatreHullsAtSea), hulls, hulls > 0);
  daily("hulls_sunk", "", rl.theatre(kTheatreHullsSunk), hulls, hulls > 0);
  daily("shipments_lost", "", rl.theatre(kTheatreShipmentsLost), routes, routes > 0);
  daily("shipments_without_hull", "", rl.theatre(kTheatreShipmentsWithoutHull), routes_with_hulls,
        routes_with_hulls > 0);
  for (uint32_t c = 0; c < s.strips.size(); ++c) {
    daily("strip_usable_" + s.strip_ids[c], "", rl.theatre_strip_usable(c), nodes);
  }
  for (uint32_t m = 0; m < s.missiles.size(); ++m) {
    daily("missiles_remaining_" + s.missile_ids[m], "", rl.theatre_missiles_remaining(m),
          s.missiles[m].inventory);
  }
  for (uint32_t i = 0; i < items; ++i) {
    daily(item_metric(i), "", rl.theatre_stock(i), stock_bound[i], tracked[i]);
    daily("production_" + s.item_ids[i], "", rl.theatre_production(i), daily_output[i],
          produced[i]);
    daily("demand_" + s.item_ids[i], "", rl.theatre_demand(i), demand_bound[i], demanded[i]);
    daily("demand_met_" + s.item_ids[i], "", rl.theatre_demand_met(i), demand_bound[i],
          demanded[i]);
    daily("demand_unmet_" + s.item_ids[i], "", rl.theatre_demand_unmet(i), demand_bound[i],
          demanded[i]);
  }

  for (uint32_t b = 0; b < s.nodes.size(); ++b) {
    const Node& base = s.nodes[b];
    const std::string& id = s.node_ids[b];
    const bool airbase = base.kind == NodeKind::airbase;
    uint64_t craters = 0, base_interceptors = 0;
    for (uint32_t r = 0; r < base.runway_count; ++r) {
      craters += s.runways[base.runway_begin + r].crater_capacity;
    }
    for (uint32_t k = 0; k < base.battery_count; ++k) {
      base_interceptors += s.batteries[base.battery_begin + k].inventory;
    }
    bool disrupted = false;
    for (const Disruption& d : s.disruptions)
      disrupted = disrupted || d.node == b;
    for (const AttackTarget& t : s.attack_targets)
      disrupted = disrupted || (t.node == b && t.outage_days > 0);
    daily("sorties", id, rl.base(b, kBaseSorties), sortie_bound(s, base, b), airbase);
    sortie_ledger(id, rl.base(b, kBaseSortieCapacity), sortie_bound(s, base, b), airbase);
    daily("aircraft_alive", id, rl.base(b, kBaseAircraftAlive), base.aircraft_count, airbase);
    daily("aircraft_mc", id, rl.base(b, kBaseAircraftMc), base.aircraft_count, airbase);
    daily("craters_open", id, rl.base(b, kBaseCratersOpen), craters, base.runway_count > 0);
    daily("shelters_standing", id, rl.base(b, kBaseSheltersStanding), base.shelters,
          base.shelters > 0);
    daily("fuel_tanks_standing", id, rl.base(b, kBaseFuelTanksStanding), base.fuel_tanks,
          base.fuel_tanks > 0);
    daily("munition_igloos_standing", id, rl.base(b, kBaseIgloosStanding), base.munition_igloos,
          base.munition_igloos > 0);
    daily("interceptors_remaining", id, rl.base(b, kBaseInterceptorsRemaining), base_interceptors,
          base.battery_count > 0);
    daily("repair_queue", id, rl.base(b, kNodeRepairQueue), ships + hulls, base.dock_count > 0);
    daily("docks_standing", id, rl.base(b, kNodeDocksStanding), base.dock_count,
          base.dock_count > 0);
    daily("piers_standing", id, rl.base(b, kNodePiersStanding), base.piers, base.piers > 0);
    daily("buildings_standing", id, rl.base(b, kNodeBuildingsStanding), base.buildings,
          base.buildings > 0);
    daily("outage", id, rl.base(b, kNodeOutage), 1, disrupted);
    bool depot = false;
    for (const DepotLine& line : s.depot_lines)
      depot = depot || line.node == b;
    daily("aircraft_at_depot", id, rl.base(b, kNodeAircraftAtDepot), aircraft, depots && depot);
    // A strip class the undamaged base cannot hold is not applicable there: no metric.
    for (uint32_t c = 0; c < s.strips.size(); ++c) {
      const bool applicable = airbase && strip_applicable(base, c);
      daily("strip_usable_" + s.strip_ids[c], id, rl.base_strip_usable(b, c), 1, applicable);
      daily("strip_hours_closed_" + s.strip_ids[c], id, rl.base_strip_hours_closed(b, c), 24,
            applicable);
    }
    for (uint32_t i = 0; i < items; ++i) {
      daily(item_metric(i), id, rl.node_stock(b, i), stock_bound[i],
            s.stock_initial[b * items + i] != kUntracked);
    }
  }

  outcome("aircraft_lost_ground", "", rl.outcome_row(kOutcomeAircraftLostGround), aircraft);
  if (damage) {
    outcome("aircraft_damaged_ground", "", rl.outcome_row(kOutcomeAircraftDamagedGround),
            damage_events);
  }
  outcome("first_day_sorties_below_half", "", rl.outcome_row(kOutcomeFirstDaySortiesBelowHalf),
          s.days);
  if (!s.batteries.empty()) {
    outcome("day_interceptors_exhausted", "", rl.outcome_row(kOutcomeDayInterceptorsExhausted),
            s.days);
  }
  if (ships > 0) {
    outcome("ship_days_lost_to_repair", "", rl.outcome_row(kOutcomeShipDaysLostToRepair),
            ships * s.days);
  }
  if (routes > 0) {
    outcome("shipments_lost_total", "", rl.outcome_row(kOutcomeShipmentsLost), routes * s.days);
  }
  for (uint32_t i = 0; i < items; ++i) {
    if (!tracked[i]) continue;
    const bool supply = i >= s.supply_begin && i != s.fuel_item;
    outcome((supply ? "day_supply_exhausted_" : "day_munition_exhausted_") + s.item_ids[i], "",
            rl.item_exhausted_row(i), s.days);
  }
  for (uint32_t i = 0; i < items; ++i) {
    if (demanded[i])
      outcome("day_exhausted_" + s.item_ids[i], "", rl.demand_exhausted_row(i), s.days);
  }
  for (uint32_t k = 0; k < s.attacks.size(); ++k)
    outcome("day_campaign_" + s.campaign_ids[k], "", rl.attack_day_row(k), s.days);
  for (uint32_t b = 0; b < s.nodes.size(); ++b) {
    const std::string& id = s.node_ids[b];
    for (uint32_t i = 0; i < items; ++i) {
      if (demanded_at[b * items + i]) {
        outcome("day_exhausted_" + s.item_ids[i] + "_" + id, id, rl.node_demand_exhausted_row(b, i),
                s.days);
      }
    }
    if (s.nodes[b].battery_count > 0) {
      outcome("day_interceptors_exhausted_" + id, id,
              rl.base_outcome_row(b, kBaseOutcomeDayInterceptorsExhausted), s.days);
    }
    if (s.nodes[b].kind != NodeKind::airbase) continue;
    outcome("aircraft_lost_ground_" + id, id,
            rl.base_outcome_row(b, kBaseOutcomeAircraftLostGround), s.nodes[b].aircraft_count);
    for (uint32_t c = 0; c < s.strips.size(); ++c) {
      if (!strip_applicable(s.nodes[b], c)) continue;
      outcome("days_strip_denied_" + s.strip_ids[c] + "_" + id, id, rl.base_strip_denied_row(b, c),
              s.days);
      outcome("hours_strip_closed_" + s.strip_ids[c] + "_" + id, id, rl.base_hours_closed_row(b, c),
              uint64_t{24} * s.days);
    }
  }
  for (uint32_t g = 0; g < s.groups.size(); ++g) {
    const Group& group = s.groups[g];
    for (uint32_t c = 0; c < s.strips.size(); ++c) {
      bool applicable = false;
      for (uint32_t k = 0; k < group.node_count; ++k)
        applicable =
            applicable || strip_applicable(s.nodes[s.group_nodes[group.node_begin + k]], c);
      if (!applicable) continue;
      outcome("hours_strip_closed_" + s.strip_ids[c] + "_" + s.group_ids[g], "",
              rl.group_hours_closed_row(g, c), uint64_t{24} * s.days);
    }
  }
  for (const RecordSeries& series : out) {
    if (series.max_value > std::numeric_limits<uint32_t>::max()) {
      throw std::length_error("metric '" + series.name + "' could reach " +
                              std::to_string(series.max_value) +
                              ", beyond the engine's per-trial limit of 4294967295");
    }
  }
  return out;
}

TallyPlan plan_tally(const std::vector<RecordSeries>& catalog, uint32_t rows, uint32_t max_bins) {
  TallyPlan plan;
  // Rows not in the catalog (never happens for a consistent layout) keep one bin.
  plan.rows.assign(rows, TallyRow{0, 1, 1});
  for (const RecordSeries& series : catalog) {
    const uint64_t values = series.max_value + 1;
    const uint32_t width = static_cast<uint32_t>((values + max_bins - 1) / max_bins);
    const uint32_t bins = static_cast<uint32_t>((values + width - 1) / width);
    for (uint32_t r = 0; r < series.rows; ++r) {
      plan.rows[series.first_row + r] = TallyRow{0, bins, width};
    }
  }
  for (uint32_t r = 0; r < rows; ++r) {
    plan.rows[r].histogram_offset = plan.bins;
    plan.bins += plan.rows[r].bins;
  }
  return plan;
}

void check_tally_limits(const std::vector<RecordSeries>& catalog, uint64_t trials) {
  const double limit = static_cast<double>(std::numeric_limits<uint64_t>::max());
  for (const RecordSeries& series : catalog) {
    const double m = static_cast<double>(series.max_value);
    if (m * m * static_cast<double>(trials) >= limit) {
      throw std::length_error("metric '" + series.name + "' (up to " +
                              std::to_string(series.max_value) + ") over " +
                              std::to_string(trials) +
                              " trials could overflow its exact 64-bit sum of squares; run "
                              "fewer trials per file and merge");
    }
  }
}

bool same_rows(const std::vector<RecordSeries>& a, const std::vector<RecordSeries>& b) {
  const auto same = [](const RecordSeries& x, const RecordSeries& y) {
    return x.name == y.name && x.node == y.node && x.outcome == y.outcome &&
           x.first_row == y.first_row && x.rows == y.rows;
  };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), same);
}

Results assemble_results(const std::vector<RecordSeries>& catalog, const TallyPlan& plan,
                         const Tally& tally, const Provenance& provenance) {
  Results results;
  results.provenance = provenance;
  for (const RecordSeries& series : catalog) {
    if (!series.reported) continue;
    Distribution d;
    d.name = series.name;
    d.node = series.node;
    d.rows = series.rows;
    const TallyRow& first = plan.rows[series.first_row];
    d.bins = first.bins;
    d.bin_width = first.bin_width;
    d.bin_lo = 0;
    d.zero_is_never = series.zero_is_never;
    for (uint32_t r = 0; r < series.rows; ++r) {
      const uint32_t row = series.first_row + r;
      const uint64_t* begin = tally.histogram.data() + plan.rows[row].histogram_offset;
      d.histogram.insert(d.histogram.end(), begin, begin + d.bins);
      d.sum.push_back(tally.sum[row]);
      d.sum_sq.push_back(tally.sum_sq[row]);
    }
    (series.outcome ? results.outcomes : results.metrics).push_back(std::move(d));
  }
  return results;
}

}  // namespace contested
