// The scenario's operations by distance (docs/operations.md): the objectives aircraft fly
// to, each aircraft type's reach (cruise speed, turnaround, flying day, combat radius, fuel
// burn, tanker offload), and from them the sorties an aircraft flies a day from each base and
// the offload its sorties need, with the order a shortfall of offload cuts them in.
#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include "scenario/scenario_builder.hpp"

namespace contested::scenario_schema {

void ScenarioBuilder::read_objective(const Field& f) {
  const Mapping m(f, {"id", "lat", "lon"}, "objectives");
  objectives_.add(m.at("id", "an id"));
  objective_at_.push_back(read_location(m));
}

// The keys of an aircraft type that say how far it flies; `m` is the type's mapping.
Reach ScenarioBuilder::read_reach(const Mapping& m) const {
  Reach r;
  if (const std::optional<Field> offload = m.find("offload_t")) {
    r.offload_t = read(*offload, above(0, 1000));
    if (const std::optional<Field> radius = m.find("combat_radius_km")) {
      fail(*radius,
           "a tanker (offload_t) is not refuelled by other tankers (allowed: "
           "combat_radius_km on receivers only)");
    }
  }
  const std::optional<Field> objective = m.find("objective");
  const char* const distance_keys[] = {"cruise_kmh", "turnaround_h", "flying_day_h",
                                       "combat_radius_km", "burn_kg_per_km"};
  if (!objective) {
    for (const char* key : distance_keys) {
      if (const std::optional<Field> f = m.find(key)) {
        fail(*f, std::string(key) +
                     " applies to a type that flies to an objective (allowed: give objective "
                     "with cruise_kmh, turnaround_h and flying_day_h, or none of them)");
      }
    }
  } else {
    r.objective = objectives_.resolve(*objective);
    r.cruise_kmh = m.get("cruise_kmh", above(0, 5000));
    r.turnaround_h = m.get("turnaround_h", closed(0, 48));
    r.flying_day_h = m.get("flying_day_h", above(0, 24));
    if (const std::optional<Field> radius = m.find("combat_radius_km")) {
      r.combat_radius_km = read(*radius, above(0, 20000));
      r.burn_kg_per_km = m.get("burn_kg_per_km", above(0, 1000));
    } else if (const std::optional<Field> burn = m.find("burn_kg_per_km")) {
      fail(*burn,
           "burn_kg_per_km prices the distance beyond a combat radius (allowed: with "
           "combat_radius_km)");
    }
  }
  return r;
}

// An aircraft entry's `objective:`, overriding its type's for the aircraft at this base.
std::optional<uint32_t> ScenarioBuilder::read_entry_objective(const Mapping& a,
                                                              uint32_t type) const {
  const std::optional<Field> f = a.find("objective");
  if (!f) return std::nullopt;
  const uint32_t objective = objectives_.resolve(*f);
  if (types_.present(type) && !reach_[types_.index(type)].objective) {
    fail(*f, "aircraft type " + in_quotes(types_.name(type)) +
                 " flies no distance-limited sorties (allowed: objective at a base for types "
                 "that have objective, cruise_kmh, turnaround_h and flying_day_h)");
  }
  return objective;
}

// docs/operations.md: sorties an aircraft flies a day from each base (its type's sortie_rate,
// or fewer when 2 x distance / cruise + turnaround leaves fewer in the flying day), the
// offload a sortie needs beyond the combat radius, and the receivers in the order a
// shortfall of offload cuts them: the most offload a sortie first, then file order.
void ScenarioBuilder::compute_sortie_rates() {
  const size_t types = s_.aircraft_types.size();
  s_.base_sortie_rate.assign(s_.nodes.size() * types, 0.0);
  s_.offload_need.assign(s_.nodes.size() * types, 0.0);
  s_.refuel_slot.assign(s_.nodes.size() * types, kNoRefuelSlot);
  s_.refuel_order.clear();
  for (uint32_t b = 0; b < s_.nodes.size(); ++b) {
    const Node& base = s_.nodes[b];
    const NodeDraft& d = drafts_[base.key];
    std::vector<bool> based(types, false);
    for (uint32_t a = base.aircraft_begin; a < base.aircraft_begin + base.aircraft_count; ++a)
      based[s_.aircraft_type_of[a]] = true;
    for (uint32_t t = 0; t < types; ++t) {
      const Reach& r = reach_[t];
      const size_t cell = size_t{b} * types + t;
      s_.base_sortie_rate[cell] = s_.aircraft_types[t].sortie_rate;
      if (!r.objective) continue;
      const auto overridden =
          std::find_if(d.objectives.begin(), d.objectives.end(),
                       [t](const std::pair<uint32_t, uint32_t>& o) { return o.first == t; });
      const uint32_t objective =
          overridden != d.objectives.end() ? overridden->second : *r.objective;
      const double km = great_circle_km(node_at_[base.key], objective_at_[objective]);
      const double sortie_h = 2.0 * km / r.cruise_kmh + r.turnaround_h;
      s_.base_sortie_rate[cell] =
          std::min(s_.aircraft_types[t].sortie_rate, r.flying_day_h / sortie_h);
      if (r.combat_radius_km > 0 && km > r.combat_radius_km) {
        s_.offload_need[cell] = 2.0 * (km - r.combat_radius_km) * r.burn_kg_per_km / 1000.0;
        if (based[t]) s_.refuel_order.push_back(static_cast<uint32_t>(cell));
      }
    }
  }
  std::stable_sort(s_.refuel_order.begin(), s_.refuel_order.end(),
                   [&](uint32_t a, uint32_t b) { return s_.offload_need[a] > s_.offload_need[b]; });
  for (uint32_t k = 0; k < s_.refuel_order.size(); ++k)
    s_.refuel_slot[s_.refuel_order[k]] = k;
}

}  // namespace contested::scenario_schema
