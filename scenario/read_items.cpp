// Interceptors (with their pk against each missile class), the items (munitions, every
// interceptor as a munition, supplies, and fuel when the file names it), the strip classes
// and the aircraft types (docs/scenario-format.md).
#include "scenario/scenario_builder.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "kernels/limits.hpp"
#include "kernels/scenario.hpp"
#include "scenario/yaml_reader.hpp"

namespace contested::scenario_schema {
namespace {

// Sizes beyond these are mistakes, not scenarios, and would blow up per-trial state.
constexpr size_t kMaxInterceptors = 1000;
constexpr size_t kMaxMunitions = 1000;
constexpr size_t kMaxSupplies = 1000;
constexpr size_t kMaxStrips = kMaxStripClasses;
const std::string kFuel = "fuel";

// ---- the fuel item exists when the file names it (before the file is read) -----------

bool is_fuel(const YAML::Node& n) {
  return n.IsScalar() && n.Scalar() == kFuel;
}

bool has_fuel_key(const YAML::Node& mapping) {
  if (!mapping.IsMap()) return false;
  for (const auto& kv : mapping) {
    if (is_fuel(kv.first)) return true;
  }
  return false;
}

bool names_fuel(const Mapping& top) {
  for (const char* table : {"stocks", "consumption"}) {
    const std::optional<Field> f = top.find(table);
    if (!f || !f->node.IsMap()) continue;
    for (const auto& row : f->node) {
      if (has_fuel_key(row.second)) return true;
    }
  }
  for (const char* list : {"factories", "routes", "units", "ship_classes"}) {
    const std::optional<Field> f = top.find(list);
    if (!f || !f->node.IsSequence()) continue;
    for (const auto& entry : f->node) {
      if (!entry.IsMap()) continue;
      for (const auto& kv : entry) {
        if (!kv.first.IsScalar()) continue;
        const std::string& key = kv.first.Scalar();
        if ((key == "product" || key == "item") && is_fuel(kv.second)) return true;
        if ((key == "needs" || key == "expends") && has_fuel_key(kv.second)) return true;
      }
    }
  }
  return false;
}

}  // namespace

void ScenarioBuilder::read_interceptors(const Mapping& top) {
  section(interceptors_, [&] {
    for (const Field& f :
         optional_list(top, "interceptors", {0, kMaxInterceptors, "interceptor"})) {
      entry(interceptors_, f, [&] { read_interceptor(f); });
    }
  });
}

void ScenarioBuilder::read_interceptor(const Field& f) {
  const Mapping m(f, {"id", "pk", "requires"}, "interceptors");
  const Field id = m.at("id", "an id");
  const uint32_t key = interceptors_.add(id);
  if (interceptors_.name(key) == kFuel) {
    fail(id,
         "'fuel' names the fuel item, and every interceptor is also a munition item "
         "(allowed: any other id)");
  }
  const std::string shape = "a mapping of missile id (or default) → probability";
  pk_rows_.push_back(read_pk_row(Mapping::open(m.at("pk", shape), shape)));
  if (!exists(m, "interceptors")) return;
  interceptors_.include(key);
  s_.interceptor_ids.push_back(interceptors_.name(key));
  for (uint32_t missile = 0; missile < missiles_.size(); ++missile) {
    if (missiles_.present(missile)) s_.interceptor_pk.push_back(pk_rows_[key][missile]);
  }
}

// One interceptor's pk against each missile class (by key): `default`, overridden per id.
std::vector<double> ScenarioBuilder::read_pk_row(const Mapping& pk) const {
  const Real range = closed(0, 1);
  std::vector<double> row(missiles_.size(), pk.get("default", range, 0.0));
  for (const Mapping::Entry& e : pk.entries()) {
    if (e.key == "default") continue;
    row[missiles_.resolve(e.key_field)] = read(e.value, range);
  }
  return row;
}

// docs/scenario-format.md, Items: the items are the listed munitions, then every interceptor not
// listed (an interceptor is a munition), then fuel if the file names it anywhere.
void ScenarioBuilder::read_items(const Mapping& top) {
  std::vector<bool> on;  // by item key: present
  section(items_, [&] {
    for (const Field& f : optional_list(top, "munitions", {0, kMaxMunitions, "munition"})) {
      entry(items_, f, [&] { on.push_back(read_munition(f)); });
      on.resize(items_.size(), false);
    }
  });
  on.resize(items_.size(), false);
  for (uint32_t interceptor = 0; interceptor < interceptors_.size(); ++interceptor) {
    const uint32_t key = items_.add_name(interceptors_.name(interceptor));
    if (key == on.size()) on.push_back(false);
    if (interceptors_.present(interceptor)) on[key] = true;
    interceptor_item_.push_back(key);
  }
  const size_t munition_keys = on.size();
  section(items_, [&] {
    for (const Field& f : optional_list(top, "supplies", {0, kMaxSupplies, "supply"})) {
      entry(items_, f, [&] { on.push_back(read_supply(f)); });
      on.resize(items_.size(), false);
    }
  });
  on.resize(items_.size(), false);
  if (names_fuel(top)) {
    // A munition or supply listed as `fuel` (an error) has made the name an item already.
    fuel_key_ = items_.add_name(kFuel);
    on.resize(items_.size(), false);
    on[*fuel_key_] = true;
  }
  for (uint32_t key = 0; key < on.size(); ++key) {
    if (key == munition_keys) s_.supply_begin = static_cast<uint32_t>(s_.item_ids.size());
    if (!on[key]) continue;
    items_.include(key);
    s_.item_ids.push_back(items_.name(key));
  }
  if (munition_keys == on.size()) s_.supply_begin = static_cast<uint32_t>(s_.item_ids.size());
  if (fuel_key_) s_.fuel_item = items_.index(*fuel_key_);
}

// One munition, added to the items; whether it exists.
bool ScenarioBuilder::read_munition(const Field& f) {
  const Mapping m(f, {"id", "requires"}, "munitions");
  const Field id = m.at("id", "an id");
  const uint32_t key = items_.add(id);
  if (items_.name(key) == kFuel) {
    fail(id,
         "'fuel' is the fuel item, which exists whenever the file names it under "
         "stocks, consumption, factories, routes, units or ship classes' expends; do not list it "
         "(allowed: munition ids)");
  }
  return exists(m, "munitions");
}

// One supply, added to the items; whether it exists.
bool ScenarioBuilder::read_supply(const Field& f) {
  const Mapping m(f, {"id", "requires"}, "supplies");
  const Field id = m.at("id", "an id");
  if (read_id(id) == kFuel) {
    fail(id,
         "'fuel' is the fuel item, which exists whenever the file names it under "
         "stocks, consumption, factories, routes, units or ship classes' expends; do not list it "
         "(allowed: supply ids)");
  }
  if (interceptors_.find(read_id(id))) {
    fail(id, "supply " + in_quotes(read_id(id)) +
                 " is an interceptor's id, and every interceptor is a munition item "
                 "(allowed: an id no munition or interceptor has)");
  }
  items_.add(id);
  return exists(m, "supplies");
}

void ScenarioBuilder::read_strips(const Field& f) {
  const Mapping strips = Mapping::open(f, "a mapping of strip class → {length_m, width_m}");
  if (strips.entries().empty() || strips.entries().size() > kMaxStrips) {
    fail(f, "has " + plural(strips.entries().size(), "strip class") + " (allowed: 1.." +
                std::to_string(kMaxStrips) + " strip classes)");
  }
  for (const Mapping::Entry& e : strips.entries()) {
    entry(strips_, e.value, [&] {
      strips_.add(e.key_field);
      const Mapping m(e.value, {"length_m", "width_m"});
      s_.strips.push_back({m.get("length_m", above(0, 10000)), m.get("width_m", above(0, 1000))});
      s_.strip_ids.push_back(e.key);
    });
  }
}

void ScenarioBuilder::read_aircraft_type(const Field& f) {
  const Mapping m(f,
                  {"id", "strip", "sortie_rate", "mc_rate", "fix_rate", "objective", "cruise_kmh",
                   "turnaround_h", "flying_day_h", "combat_radius_km", "burn_kg_per_km",
                   "offload_t", "damage", "wingspan_m", "requires"},
                  "aircraft_types");
  const uint32_t key = types_.add(m.at("id", "an id"));
  AircraftType t{};
  t.strip = strips_.resolve(m.at("strip", "a strip class"));
  t.sortie_rate = m.get("sortie_rate", closed(0, 24));
  t.mc_rate = m.get("mc_rate", above(0, 1));
  t.fix_rate = m.get("fix_rate", closed(0, 1));
  // docs/model.md, Day loop: the MC → NMC probability that keeps the MC share at mc_rate.
  const double breaks = t.fix_rate * (1 - t.mc_rate) / t.mc_rate;
  if (breaks > 1) {
    fail(m.at("fix_rate", ""),
         "fix_rate * (1 - mc_rate) / mc_rate = " + formatted("%.4g", breaks) +
             " is the daily break probability of a mission-capable aircraft and must not "
             "exceed 1 (allowed: fix_rate <= mc_rate / (1 - mc_rate) = " +
             formatted("%.4g", t.mc_rate / (1 - t.mc_rate)) + ")");
  }
  const Reach reach = read_reach(m);
  t.offload_t = reach.offload_t;
  t.half_span_m = m.get("wingspan_m", closed(0, 100), 0.0) / 2;
  t.damage = read_battle_damage(m);
  if (!exists(m, "aircraft_types")) return;
  types_.include(key);
  s_.aircraft_types.push_back(t);
  reach_.push_back(reach);
  s_.aircraft_type_ids.push_back(types_.name(key));
}

// `damage: {ramp_unitary, ramp_submunition, shelter, repair_days, repair_sigma}`
// (docs/aircraft-depots.md): without it, or with every share 0, every hit destroys.
BattleDamage ScenarioBuilder::read_battle_damage(const Mapping& m) {
  BattleDamage d{0.0, 0.0, 0.0, 1.0, 0.0};
  const std::optional<Field> f = m.find("damage");
  if (!f) return d;
  const Mapping dm(*f,
                   {"ramp_unitary", "ramp_submunition", "shelter", "repair_days", "repair_sigma"});
  d.ramp_unitary = dm.get("ramp_unitary", closed(0, 1), 0.0);
  d.ramp_submunition = dm.get("ramp_submunition", closed(0, 1), 0.0);
  d.shelter = dm.get("shelter", closed(0, 1), 0.0);
  d.repair_days = dm.get("repair_days", above(0, kMaxDays));
  d.repair_sigma = dm.get("repair_sigma", closed(0, 3), 0.0);
  return d;
}

}  // namespace contested::scenario_schema
