// Nodes (docs/scenario-format.md): air bases, naval bases, ports, depots, repair yards and
// factories, with the keys of their kind (runways, shelters, ramp, repair crews and kits,
// aircraft, fuel tanks, munition igloos, defenses, piers, docks, buildings, restore);
// the present ones are added to the scenario with their arrays. Then the groups of air
// bases reported together.
#include "scenario/scenario_builder.hpp"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kernels/limits.hpp"
#include "kernels/scenario.hpp"
#include "scenario/yaml_reader.hpp"

namespace contested::scenario_schema {
namespace {

// Sizes beyond these are mistakes, not scenarios, and would blow up per-trial state.
constexpr size_t kMaxGroups = 1000;
constexpr size_t kMaxBatteriesPerBase = 64;
constexpr uint32_t kMaxAircraftPerBase = 10000;
constexpr uint64_t kMaxAircraftTheatre = 1000000;
constexpr uint32_t kMaxDocksPerNode = 1000;
// Assumption (docs/scenario-format.md): a struck dock, pier or building is back in a month.
constexpr Restore kDefaultRestore{30.0, 0.5};

const Choices<FirePolicy> kPolicies{
    {{"barrage", FirePolicy::barrage}, {"shoot_look_shoot", FirePolicy::shoot_look_shoot}}};
const Choices<NodeKind> kKinds{{{"airbase", NodeKind::airbase},
                                {"naval_base", NodeKind::naval_base},
                                {"port", NodeKind::port},
                                {"depot", NodeKind::depot},
                                {"repair_yard", NodeKind::repair_yard},
                                {"factory", NodeKind::factory}}};

// Node keys: every kind has the common ones; the others belong to some kinds only.
struct KindKey {
  std::string key;
  std::vector<NodeKind> kinds;
};
const std::vector<std::string> kNodeKeysFirst{"id", "kind", "lat", "lon"};
const std::vector<KindKey> kKindKeys{
    {"runways", {NodeKind::airbase}},
    {"shelters", {NodeKind::airbase}},
    {"ramp", {NodeKind::airbase}},
    {"parking", {NodeKind::airbase}},
    {"parking_file", {NodeKind::airbase}},
    {"repair", {NodeKind::airbase}},
    {"airborne_fraction", {NodeKind::airbase}},
    {"aircraft", {NodeKind::airbase}},
    {"piers", {NodeKind::naval_base, NodeKind::port}},
    {"docks", {NodeKind::naval_base, NodeKind::repair_yard}},
    {"buildings", {NodeKind::factory}},
};
const std::vector<std::string> kNodeKeysLast{"fuel_tanks", "munition_igloos", "defenses", "restore",
                                             "requires"};

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::vector<std::string> node_keys(std::optional<NodeKind> kind) {
  std::vector<std::string> keys = kNodeKeysFirst;
  for (const KindKey& k : kKindKeys) {
    if (!kind || std::find(k.kinds.begin(), k.kinds.end(), *kind) != k.kinds.end()) {
      keys.push_back(k.key);
    }
  }
  keys.insert(keys.end(), kNodeKeysLast.begin(), kNodeKeysLast.end());
  return keys;
}

std::string kind_name(NodeKind kind) {
  for (const auto& [name, value] : kKinds.options) {
    if (value == kind) return name;
  }
  return "?";
}

// "an airbase", "a port".
std::string a_kind(NodeKind kind) {
  const std::string name = kind_name(kind);
  return (std::string_view("aeiou").find(name[0]) == std::string::npos ? "a " : "an ") + name;
}

}  // namespace

void ScenarioBuilder::read_nodes(const Field& f) {
  const Size size{1, kMaxNodes, "node"};
  if (f.node.IsSequence() && f.node.size() == 0) {
    fail(f, "the theatre is empty: at least one node is required (allowed: 1.." +
                std::to_string(kMaxNodes) + " nodes)");
  }
  for (const Field& item : read_list(f, size))
    entry(nodes_, item, [&] { read_node(item); });
}

// Keys of other kinds are refused with the kinds they belong to.
void ScenarioBuilder::check_node_keys(const Mapping& m, NodeKind kind) {
  const std::vector<std::string> keys = node_keys(kind);
  for (const Mapping::Entry& e : m.entries()) {
    if (contains(keys, e.key)) continue;
    for (const KindKey& k : kKindKeys) {
      if (k.key != e.key) continue;
      std::vector<std::string> kinds;
      for (const NodeKind other : k.kinds)
        kinds.push_back(kind_name(other));
      fail(e.key_field, e.key + " applies only to nodes of kind " + join_names(kinds) +
                            ", not to " + a_kind(kind) + " (allowed: " + join_names(keys) +
                            " for " + a_kind(kind) + ")");
    }
    fail(e.key_field, "unknown key " + in_quotes(e.key) + did_you_mean(e.key, keys) +
                          " (allowed: " + join_names(keys) + ")");
  }
}

void ScenarioBuilder::read_node(const Field& f) {
  // The kind before the keys: which keys are allowed depends on it.
  const Mapping m =
      Mapping::open(f, "a mapping with keys " + join_names(node_keys(std::nullopt)), "nodes");
  NodeDraft d;
  d.node.kind = read(m.at("kind", join_names(kKinds.names())), kKinds);
  check_node_keys(m, d.node.kind);
  const uint32_t key = nodes_.add(m.at("id", "an id"));
  d.node.key = key;
  node_at_.push_back(read_location(m));
  read_runways(m, d);
  d.node.shelters = m.get("shelters", Int{0, 10000}, 0u);
  read_ramp(m, d.node);
  read_parking(m, d);
  d.node.fuel_tanks = m.get("fuel_tanks", Int{0, 10000}, 0u);
  d.node.munition_igloos = m.get("munition_igloos", Int{0, 10000}, 0u);
  read_repair(m, d);
  d.node.airborne_fraction = m.get("airborne_fraction", closed(0, 1), 0.0);
  read_aircraft(m, d);
  read_defenses(m, d);
  d.node.piers = m.get("piers", Int{0, 10000}, 0u);
  d.node.buildings = m.get("buildings", Int{0, 10000}, 0u);
  read_dock_entries(m, d);
  d.node.restore = kDefaultRestore;
  if (const std::optional<Field> restore = m.find("restore")) {
    const Mapping r(*restore, {"days", "sigma"});
    d.node.restore.median_days = r.get("days", above(0, kMaxDays));
    d.node.restore.sigma = r.get("sigma", closed(0, 3), kDefaultRestore.sigma);
  }
  if (const std::optional<Start> start = exists_from(m)) {
    nodes_.include(key);
    d.start = *start;
    // What a node holds from day 0 has no start day to wait for; its factories, routes and
    // docks have one.
    if (start->day > 0 && (m.find("runways") || m.find("aircraft") || m.find("defenses"))) {
      fail(*start->flag, takes_effect(*start) +
                             "; a node with runways, aircraft or defenses cannot start late "
                             "(allowed: such nodes with flags in force from day 0; docks, "
                             "factories and routes of a node do start late)");
    }
  }
  drafts_.push_back(std::move(d));
}

void ScenarioBuilder::read_runways(const Mapping& m, NodeDraft& d) {
  const std::optional<Field> f = m.find("runways");
  if (!f) return;
  for (const Field& item : read_list(*f, {0, kMaxRunwaysPerBase, "runway"})) {
    const Mapping r(item, {"length_m", "width_m"});
    Runway runway{};
    runway.length_m = r.get("length_m", above(0, 10000));
    runway.width_m = r.get("width_m", above(0, 1000));
    d.runways.push_back(runway);
    ++d.node.runway_count;
  }
}

void ScenarioBuilder::read_ramp(const Mapping& m, Node& b) {
  const std::optional<Field> f = m.find("ramp");
  if (!f) return;
  const Mapping r(*f, {"length_m", "width_m"});
  b.ramp_length_m = r.get("length_m", above(0, 20000));
  b.ramp_width_m = r.get("width_m", above(0, 20000));
}

void ScenarioBuilder::read_repair(const Mapping& m, NodeDraft& d) const {
  Node& b = d.node;
  b.repair = Repair{0, 1.0, 0.0, 24.0, 0.0, 0.0, 0.0, kNoItem, 0};  // no runways, no repair
  const std::string what =
      "{teams, hours_per_crater, sigma, hours_per_day, ...}; runways need crews to repair "
      "craters";
  const std::optional<Field> f =
      b.runway_count > 0 ? std::optional(m.at("repair", what)) : m.find("repair");
  if (!f) return;
  const Mapping r(*f, {"teams", "hours_per_crater", "sigma", "hours_per_day", "delay_h",
                       "clear_h_per_submunition", "cure_h", "kit", "kits_per_crater"});
  b.repair.teams = r.get("teams", Int{0, 1000});
  b.repair.hours_per_crater = r.get("hours_per_crater", above(0, 1000));
  b.repair.sigma = r.get("sigma", closed(0, 3));
  b.repair.hours_per_day = r.get("hours_per_day", above(0, 24), 24.0);
  b.repair.delay_h = r.get("delay_h", closed(0, 240), 0.0);
  b.repair.clear_h_per_submunition = r.get("clear_h_per_submunition", closed(0, 10), 0.0);
  b.repair.cure_h = r.get("cure_h", closed(0, 240), 0.0);
  if (const std::optional<Field> kit = r.find("kit")) {
    // A kit item absent under the posture asks for no kits.
    const uint32_t item = items_.resolve(*kit);
    if (items_.present(item)) b.repair.kit = items_.index(item);
    d.kit_field = kit;
    b.repair.kits_per_crater = r.get("kits_per_crater", Int{1, 1000}, 1u);
  } else if (const std::optional<Field> per = r.find("kits_per_crater")) {
    fail(*per, "applies only with a repair kit (allowed: absent without kit:)");
  }
}

// Crews take kits from their base's stock, so a base that uses kits lists its stock of
// them (0 if they only arrive by route).
void ScenarioBuilder::check_repair_kits() {
  for (uint32_t key = 0; key < drafts_.size(); ++key) {
    const NodeDraft& d = drafts_[key];
    if (!d.kit_field || !nodes_.present(key) || d.node.repair.kit == kNoItem) continue;
    const uint32_t node = nodes_.index(key);
    if (s_.stock_initial[size_t{node} * item_count() + d.node.repair.kit] != kUntracked) continue;
    const std::string& item = s_.item_ids[d.node.repair.kit];
    report(*d.kit_field, "repair kit " + in_quotes(item) + " is not stocked at " +
                             nodes_.name(key) + " (allowed: an item listed under stocks." +
                             nodes_.name(key) + ", e.g. " + item + ": 0)");
  }
}

void ScenarioBuilder::read_aircraft(const Mapping& m, NodeDraft& d) {
  const std::optional<Field> f = m.find("aircraft");
  if (!f) return;
  d.aircraft_field = f;
  std::vector<uint32_t> seen;
  uint32_t entry = 0;
  for (const Field& item : read_list(*f, {0, kMaxAircraftTypes, "aircraft entry"})) {
    const Mapping a(item, {"type", "count", "objective", "requires"});
    const uint32_t listed_as = entry++;
    const Field type_field = a.at("type", "an aircraft type id");
    const uint32_t type = types_.resolve(type_field);
    if (std::find(seen.begin(), seen.end(), type) != seen.end()) {
      fail(type_field, "aircraft type " + in_quotes(types_.name(type)) +
                           " is listed twice at this base; merge the counts (allowed: each "
                           "type once per base)");
    }
    seen.push_back(type);
    const uint32_t count = a.get("count", Int{0, kMaxAircraftPerBase});
    const std::optional<uint32_t> objective = read_entry_objective(a, type);
    if (!exists(a, "aircraft") || !types_.present(type)) continue;
    if (objective) d.objectives.emplace_back(types_.index(type), *objective);
    d.node.aircraft_count += count;
    if (d.node.aircraft_count > kMaxAircraftPerBase) {
      fail(*f, std::to_string(d.node.aircraft_count) +
                   " aircraft or more at one base (allowed: at most " +
                   std::to_string(kMaxAircraftPerBase) + " per base)");
    }
    d.aircraft_type_of.insert(d.aircraft_type_of.end(), count, types_.index(type));
    for (uint32_t k = 0; k < count; ++k)
      d.aircraft_key.push_back((listed_as << 16) | k);
  }
  check_parking(*f, d.node);
}

// docs/model.md, Day loop: aircraft fill shelters first, then the ramp; with neither they
// have nowhere to be.
void ScenarioBuilder::check_parking(const Field& f, const Node& b) {
  if (b.spot_count > 0 && b.aircraft_count > b.shelters + b.spot_count) {
    fail(f, std::to_string(b.aircraft_count) + " aircraft but " + std::to_string(b.shelters) +
                " shelters and " + std::to_string(b.spot_count) +
                " parking spots (allowed: at most " + std::to_string(b.shelters + b.spot_count) +
                " aircraft, or list more spots)");
  }
  if (b.aircraft_count <= b.shelters || b.ramp_length_m > 0) return;
  fail(f, std::to_string(b.aircraft_count) + " aircraft but only " + std::to_string(b.shelters) +
              " shelters and no ramp to park the rest (allowed: at most " +
              std::to_string(b.shelters) + " aircraft, or add a ramp)");
}

void ScenarioBuilder::read_defenses(const Mapping& m, NodeDraft& d) {
  const std::optional<Field> f = m.find("defenses");
  if (!f) return;
  for (const Field& item : read_list(*f, {0, kMaxBatteriesPerBase, "battery"})) {
    const Mapping b(
        item, {"interceptor", "inventory", "shots_per_target", "policy", "channels", "requires"});
    const uint32_t interceptor = interceptors_.resolve(b.at("interceptor", "an interceptor id"));
    Battery battery{};
    battery.inventory = b.get("inventory", Int{0, 1000000000});
    const uint64_t before = interceptors_held_;
    interceptors_held_ += battery.inventory;
    if (interceptors_held_ > kMaxTheatreCount && before <= kMaxTheatreCount) {
      fail(b.at("inventory", ""),
           "the theatre's batteries hold " + std::to_string(interceptors_held_) +
               " interceptors so far (allowed: at most " + std::to_string(kMaxTheatreCount) +
               " in all, whatever the posture: per-trial counts are 32-bit)");
    }
    battery.shots_per_target = b.get("shots_per_target", Int{1, 16}, 1u);
    battery.policy = b.get("policy", kPolicies, FirePolicy::barrage);
    battery.channels = b.get("channels", Int{1, 10000});
    if (!exists(b, "defenses") || !interceptors_.present(interceptor)) continue;
    battery.interceptor = interceptors_.index(interceptor);
    d.batteries.push_back(battery);
    d.battery_item.push_back(items_.index(interceptor_item_[interceptor]));
    ++d.node.battery_count;
  }
}

// `docks: {ddg: 2, lcs: {count: 1, requires: [rsf_japan]}}`. The ship classes are read
// after the nodes (their home is a node), so the names are resolved in resolve_docks().
void ScenarioBuilder::read_dock_entries(const Mapping& m, NodeDraft& d) const {
  const std::optional<Field> f = m.find("docks");
  if (!f) return;
  const Mapping docks =
      Mapping::open(*f, "a mapping of ship class id → number of docks, or → {count, requires}");
  const Int range{1, kMaxDocksPerNode, "or {count: N, requires: [flag, …]}"};
  uint32_t total = 0;
  for (const Mapping::Entry& e : docks.entries()) {
    DockEntry entry{e.key_field, 0, Start{}};
    if (e.value.node.IsMap()) {
      const Mapping dm(e.value, {"count", "requires"});
      entry.count = dm.get("count", range);
      entry.listed = exists_from(dm);
    } else {
      entry.count = read(e.value, range);
    }
    total += entry.count;
    if (total > kMaxDocksPerNode) {
      fail(*f, std::to_string(total) + " docks or more at one node (allowed: at most " +
                   std::to_string(kMaxDocksPerNode) + " per node)");
    }
    d.dock_entries.push_back(entry);
  }
}

// Each present dock entry of `count` becomes `count` Dock rows, in the order listed.
void ScenarioBuilder::resolve_docks() {
  for (NodeDraft& d : drafts_) {
    for (const DockEntry& dock : d.dock_entries) {
      attempt([&] {
        const uint32_t cls = ship_classes_.resolve(dock.ship_class);
        if (!dock.listed || !ship_classes_.present(cls)) return;
        d.dock_classes.insert(d.dock_classes.end(), dock.count, ship_classes_.index(cls));
        d.dock_from_day.insert(d.dock_from_day.end(), dock.count,
                               std::max(d.start.day, dock.listed->day));
        d.node.dock_count += dock.count;
      });
    }
  }
}

// Present nodes, in file order, with their runways, aircraft, batteries and docks.
void ScenarioBuilder::add_nodes() {
  for (uint32_t key = 0; key < drafts_.size(); ++key) {
    if (!nodes_.present(key)) continue;
    NodeDraft& d = drafts_[key];
    const uint32_t index = nodes_.index(key);
    Node n = d.node;
    n.runway_begin = static_cast<uint32_t>(s_.runways.size());
    n.spot_begin = static_cast<uint32_t>(s_.parking_spots.size());
    s_.parking_spots.insert(s_.parking_spots.end(), d.spots.begin(), d.spots.end());
    s_.runways.insert(s_.runways.end(), d.runways.begin(), d.runways.end());
    n.aircraft_begin = static_cast<uint32_t>(s_.aircraft_type_of.size());
    s_.aircraft_type_of.insert(s_.aircraft_type_of.end(), d.aircraft_type_of.begin(),
                               d.aircraft_type_of.end());
    s_.aircraft_key.insert(s_.aircraft_key.end(), d.aircraft_key.begin(), d.aircraft_key.end());
    // Reported where the count passes the limit, and every node still added: the arrays
    // read later follow the nodes present.
    if (!d.aircraft_type_of.empty() && s_.aircraft_type_of.size() > kMaxAircraftTheatre &&
        n.aircraft_begin <= kMaxAircraftTheatre) {
      report(*d.aircraft_field, std::to_string(s_.aircraft_type_of.size()) +
                                    " aircraft in the theatre so far (allowed: at most " +
                                    std::to_string(kMaxAircraftTheatre) + ")");
    }
    n.battery_begin = static_cast<uint32_t>(s_.batteries.size());
    for (Battery battery : d.batteries) {
      battery.node = index;
      s_.batteries.push_back(battery);
    }
    s_.battery_item.insert(s_.battery_item.end(), d.battery_item.begin(), d.battery_item.end());
    n.dock_begin = static_cast<uint32_t>(s_.docks.size());
    for (size_t k = 0; k < d.dock_classes.size(); ++k)
      s_.docks.push_back(Dock{index, d.dock_classes[k], d.dock_from_day[k]});
    s_.nodes.push_back(n);
    s_.node_ids.push_back(nodes_.name(key));
    s_.node_locations.push_back(node_at_[key]);
  }
}

// Names of the nodes (present or not) of the given kinds, for "(allowed: …)".
std::string ScenarioBuilder::nodes_of_kind(std::initializer_list<NodeKind> kinds) const {
  std::vector<std::string> names;
  for (uint32_t key = 0; key < drafts_.size(); ++key) {
    if (!nodes_.readable(key)) continue;  // its kind may not be known
    if (std::find(kinds.begin(), kinds.end(), drafts_[key].node.kind) != kinds.end()) {
      names.push_back(nodes_.name(key));
    }
  }
  return names.empty() ? "none" : join_names(names);
}

// A node reference that must be of one of `kinds`; returns the node's key.
uint32_t ScenarioBuilder::resolve_node_of_kind(const Field& f,
                                               std::initializer_list<NodeKind> kinds,
                                               const std::string& what) const {
  const uint32_t key = nodes_.resolve(f);
  if (!nodes_.readable(key)) return key;  // its kind may not be known; it is absent
  const NodeKind kind = drafts_[key].node.kind;
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    fail(f, "node " + in_quotes(nodes_.name(key)) + " is " + a_kind(kind) + ", not " + what +
                " (allowed: " + nodes_of_kind(kinds) + ")");
  }
  return key;
}

// `groups: [{id, nodes: [air base ids]}]`: bases reported together. Absent bases drop out
// of a group; a group with none left still reports nothing but exists.
void ScenarioBuilder::read_groups(const Mapping& top) {
  IdTable ids{"group", "groups"};
  attempt([&] {
    for (const Field& f : optional_list(top, "groups", {0, kMaxGroups, "group"}))
      attempt([&] { read_group(f, ids); });
  });
}

void ScenarioBuilder::read_group(const Field& f, IdTable& ids) {
  const Mapping m(f, {"id", "nodes"}, "groups");
  const Field id = m.at("id", "an id");
  const uint32_t key = ids.add(id);
  // Group outcomes are named like the bases' (hours_strip_closed_<class>_<id>).
  if (nodes_.find(read_id(id))) {
    fail(id, "group id " + in_quotes(read_id(id)) +
                 " is also a node id, and their outcomes would share names (allowed: an id "
                 "no node has)");
  }
  Group g{static_cast<uint32_t>(s_.group_nodes.size()), 0};
  std::vector<uint32_t> seen;
  for (const Field& n : list(m, "nodes", {1, kMaxNodes, "node"})) {
    const uint32_t node = resolve_node_of_kind(n, {NodeKind::airbase}, "an airbase");
    if (std::find(seen.begin(), seen.end(), node) != seen.end()) {
      fail(n, "node " + in_quotes(nodes_.name(node)) +
                  " is listed twice in this group (allowed: each base once)");
    }
    seen.push_back(node);
    if (!nodes_.present(node)) continue;
    s_.group_nodes.push_back(nodes_.index(node));
    ++g.node_count;
  }
  s_.groups.push_back(g);
  s_.group_ids.push_back(ids.names()[key]);
}

}  // namespace contested::scenario_schema
