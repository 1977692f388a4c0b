#include "scenario/scenario.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "kernels/record.hpp"
#include "kernels/strip.hpp"

namespace contested {

namespace {

// An undamaged runway, for the strip test.
struct NoCraters {
  uint32_t count() const { return 0; }
  bool active(uint32_t) const { return false; }
  double x(uint32_t) const { return 0; }
  double y(uint32_t) const { return 0; }
  double r(uint32_t) const { return 0; }
};

}  // namespace

uint32_t strips_held(const Runway* runways, uint32_t count, const std::vector<StripClass>& strips) {
  uint32_t held = 0;
  for (uint32_t c = 0; c < strips.size(); ++c) {
    for (uint32_t r = 0; r < count; ++r) {
      if (strip_fits(runways[r].length_m, runways[r].width_m, strips[c].length_m, strips[c].width_m,
                     NoCraters{})) {
        held |= 1u << c;
      }
    }
  }
  return held;
}

uint64_t Scenario::record_values() const {
  return RecordLayout{days,
                      static_cast<uint32_t>(strips.size()),
                      static_cast<uint32_t>(missiles.size()),
                      static_cast<uint32_t>(nodes.size()),
                      static_cast<uint32_t>(item_ids.size()),
                      static_cast<uint32_t>(groups.size()),
                      static_cast<uint32_t>(attacks.size())}
      .rows_wide();
}

std::string Scenario::item_metric(uint32_t item) const {
  if (item == fuel_item) return "fuel";
  return (item >= supply_begin ? "supplies_" : "munitions_") + item_ids[item];
}

void Scenario::finalize() {
  if (record_values() > kMaxRecordValues) {
    throw std::length_error("one trial would record " + std::to_string(record_values()) +
                            " values over " + std::to_string(days) + " days (allowed: at most " +
                            std::to_string(kMaxRecordValues) + "; fewer days, nodes or items)");
  }
  // Upper bound of craters a runway can hold: every missile of every raid that could aim
  // at it, each making its craters there, none repaired. Bounded further by the class's
  // whole inventory. Repaired craters free their slot, so this is never exceeded.
  std::vector<uint64_t> bound(runways.size(), 0);
  for (const Raid& raid : raids) {
    if (raid.aim != Aim::runway) continue;
    const Node& base = nodes[raid.target];
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
  uint64_t craters = 0;
  for (size_t i = 0; i < runways.size(); ++i) {
    if (bound[i] > kMaxCratersPerRunway) {
      throw std::length_error("the raid plan could leave up to " + std::to_string(bound[i]) +
                              " craters on one runway (allowed: at most " +
                              std::to_string(kMaxCratersPerRunway) +
                              " craters per runway; fewer raid days or counts)");
    }
    craters += bound[i];
  }
  if (craters > kMaxCratersTheatre) {
    throw std::length_error("the raid plan could leave up to " + std::to_string(craters) +
                            " craters on the theatre's runways (allowed: at most " +
                            std::to_string(kMaxCratersTheatre) +
                            " in all, each a slot of every trial's state; fewer raid days or "
                            "counts)");
  }
  uint32_t crater_slot = 0;
  for (size_t i = 0; i < runways.size(); ++i) {
    runways[i].crater_capacity = static_cast<uint32_t>(bound[i]);
    runways[i].crater_begin = crater_slot;
    crater_slot += runways[i].crater_capacity;
  }
  uint32_t shelter = 0, tank = 0, igloo = 0, pier = 0, building = 0;
  for (Node& node : nodes) {
    node.strips_applicable =
        strips_held(runways.data() + node.runway_begin, node.runway_count, strips);
    node.strips_used = 0;
    for (uint32_t a = node.aircraft_begin; a < node.aircraft_begin + node.aircraft_count; ++a)
      node.strips_used |= 1u << aircraft_types[aircraft_type_of[a]].strip;
    node.strips_used &= node.strips_applicable;
    if (node.strips_used == 0) node.strips_used = node.strips_applicable;
    node.shelter_begin = shelter;
    node.fuel_tank_begin = tank;
    node.igloo_begin = igloo;
    node.pier_begin = pier;
    node.building_begin = building;
    shelter += node.shelters;
    tank += node.fuel_tanks;
    igloo += node.munition_igloos;
    pier += node.piers;
    building += node.buildings;
  }
  // A route dispatches every `every_days`, so at most transit / every + 1 shipments are
  // under way at once.
  uint32_t slot = 0;
  for (Route& route : routes) {
    route.slot_begin = slot;
    route.slots = route.transit_days / route.every_days + 1;
    slot += route.slots;
  }
  // Route ends, factories and expenditures' nodes hold stocks of what they move, make or
  // spend, from nothing if the scenario lists none there.
  const size_t items = item_ids.size();
  const auto track = [&](uint32_t node, uint32_t item) {
    uint32_t& initial = stock_initial[node * items + item];
    if (initial == kUntracked) initial = 0;
  };
  for (const Route& route : routes) {
    track(route.from, route.item);
    track(route.to, route.item);
  }
  for (const Factory& f : factories) {
    track(f.node, f.product);
    for (uint32_t i = 0; i < f.input_count; ++i)
      track(f.node, factory_inputs[f.input_begin + i].item);
  }
  for (const Expenditure& e : expenditures)
    track(e.node, e.item);
  uint32_t ship = 0;
  for (ShipClass& cls : ship_classes) {
    cls.ship_begin = ship;
    ship += cls.count;
  }
}

ScenarioView Scenario::view() const {
  ScenarioView v{};
#define CONTESTED_VIEW_OF(Type, name) v.name = name.data();
  CONTESTED_SCENARIO_ARRAYS(CONTESTED_VIEW_OF)
#undef CONTESTED_VIEW_OF
  v.days = days;
  v.missile_count = static_cast<uint32_t>(missiles.size());
  v.raid_count = static_cast<uint32_t>(raids.size());
  v.interceptor_count = static_cast<uint32_t>(interceptor_ids.size());
  v.battery_count = static_cast<uint32_t>(batteries.size());
  v.node_count = static_cast<uint32_t>(nodes.size());
  v.runway_count = static_cast<uint32_t>(runways.size());
  v.strip_count = static_cast<uint32_t>(strips.size());
  v.aircraft_type_count = static_cast<uint32_t>(aircraft_types.size());
  v.aircraft_count = static_cast<uint32_t>(aircraft_type_of.size());
  v.item_count = static_cast<uint32_t>(item_ids.size());
  v.supply_begin = supply_begin;
  v.fuel_item = fuel_item;
  v.factory_count = static_cast<uint32_t>(factories.size());
  v.route_count = static_cast<uint32_t>(routes.size());
  v.ship_class_count = static_cast<uint32_t>(ship_classes.size());
  v.ship_count = 0;
  for (const ShipClass& cls : ship_classes)
    v.ship_count += cls.count;
  v.sea_area_count = static_cast<uint32_t>(sea_areas.size());
  v.dock_count = static_cast<uint32_t>(docks.size());
  v.disruption_count = static_cast<uint32_t>(disruptions.size());
  v.attack_count = static_cast<uint32_t>(attacks.size());
  v.expenditure_count = static_cast<uint32_t>(expenditures.size());
  v.group_count = static_cast<uint32_t>(groups.size());
  v.depot_line_count = static_cast<uint32_t>(depot_lines.size());
  v.refuel_count = static_cast<uint32_t>(refuel_order.size());
  return v;
}

}  // namespace contested
