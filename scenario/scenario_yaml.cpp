// Scenario YAML → flat Scenario: the schema of docs/scenario-format.md, one line per field where
// possible, written with the strict reader of yaml_reader.hpp, so that every problem is a
// ScenarioError at the offending line.
//
// Postures (posture.hpp) are applied to the document first. Then every entity is read and
// checked whether it exists under the posture or not, so that a file is valid or not
// whatever posture it is loaded under; only the entities present reach the Scenario's
// arrays. Keys are positions in the file's lists, indices positions in those arrays.
#include "scenario/scenario_yaml.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "kernels/limits.hpp"
#include "kernels/record.hpp"
#include "scenario/posture.hpp"
#include "scenario/yaml_reader.hpp"

namespace contested {
namespace {

// The schema below is written in the reader's vocabulary (Mapping, Field, read, Int, …).
using namespace yaml;

// ====================================================================================
// The schema (docs/scenario-format.md)
// ====================================================================================

// Sizes beyond these are mistakes, not scenarios, and would blow up per-trial state.
constexpr size_t kMaxLaunchSites = 10000;
constexpr size_t kMaxMissiles = 1000;
constexpr size_t kMaxInterceptors = 1000;
constexpr size_t kMaxMunitions = 1000;
constexpr size_t kMaxSupplies = 1000;
constexpr size_t kMaxGroups = 1000;
constexpr size_t kMaxStrips = kMaxStripClasses;
constexpr size_t kMaxAircraftTypes = 1000;
constexpr size_t kMaxNodes = 10000;
constexpr size_t kMaxRunwaysPerBase = 64;
constexpr size_t kMaxBatteriesPerBase = 64;
constexpr size_t kMaxRaids = 100000;
constexpr size_t kMaxFactories = 10000;
constexpr size_t kMaxFactoryInputs = 100;
constexpr size_t kMaxRoutes = 10000;
constexpr size_t kMaxShipClasses = 1000;
constexpr size_t kMaxDisruptions = 10000;
constexpr uint32_t kMaxAircraftPerBase = 10000;
constexpr uint64_t kMaxAircraftTheatre = 1000000;
constexpr uint32_t kMaxDocksPerNode = 1000;
constexpr uint64_t kMaxShipsTheatre = 100000;
constexpr uint64_t kMaxLaunchesPerDay = 1000000000;
// Per-trial counts are 32-bit words (kernels/trial_state.hpp, kernels/record.hpp), so theatre
// totals (an item's stock, interceptors, missiles asked for a day) must fit one.
constexpr uint64_t kMaxTheatreCount = 0xffffffffu;
constexpr double kEarthRadiusKm = 6371.0;
// Assumption (docs/scenario-format.md): a struck dock, pier or building is back in a month.
constexpr Restore kDefaultRestore{30.0, 0.5};
const std::string kFuel = "fuel";

enum class DisruptionKind : uint8_t { sabotage, cyber };

const Choices<Warhead> kWarheads{
    {{"unitary", Warhead::unitary}, {"submunition", Warhead::submunition}}};
const Choices<When> kWhens{{{"always", When::always},
                            {"runway_open", When::runway_open},
                            {"strip_open", When::strip_open},
                            {"aircraft_present", When::aircraft_present}}};
const Choices<RunwayPattern> kPatterns{{{"centreline", RunwayPattern::centreline},
                                        {"cut", RunwayPattern::cut},
                                        {"cut_across", RunwayPattern::cut_across}}};
const Choices<FirePolicy> kPolicies{
    {{"barrage", FirePolicy::barrage}, {"shoot_look_shoot", FirePolicy::shoot_look_shoot}}};
const Choices<Aim> kAims{{{"runway", Aim::runway},
                          {"shelters", Aim::shelters},
                          {"ramp", Aim::ramp},
                          {"fuel", Aim::fuel},
                          {"munitions", Aim::munitions},
                          {"docks", Aim::docks},
                          {"piers", Aim::piers},
                          {"factory", Aim::factory}}};
const Choices<NodeKind> kKinds{{{"airbase", NodeKind::airbase},
                                {"naval_base", NodeKind::naval_base},
                                {"port", NodeKind::port},
                                {"depot", NodeKind::depot},
                                {"repair_yard", NodeKind::repair_yard},
                                {"factory", NodeKind::factory}}};
const Choices<RouteMode> kModes{{{"sea", RouteMode::sea}, {"air", RouteMode::air}}};
const Choices<DisruptionKind> kDisruptionKinds{
    {{"sabotage", DisruptionKind::sabotage}, {"cyber", DisruptionKind::cyber}}};

const std::vector<std::string> kTopKeys{
    "name",         "days",         "launch_sites", "missiles",       "raids",
    "interceptors", "nodes",        "groups",       "aircraft_types", "strips",
    "munitions",    "supplies",     "stocks",       "consumption",    "factories",
    "routes",       "ship_classes", "disruptions",  "postures"};

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

double great_circle_km(const GeoPoint& a, const GeoPoint& b) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  const double dlat = (b.lat_deg - a.lat_deg) * kRad;
  const double dlon = (b.lon_deg - a.lon_deg) * kRad;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(a.lat_deg * kRad) * std::cos(b.lat_deg * kRad) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

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
  for (const char* list : {"factories", "routes"}) {
    const std::optional<Field> f = top.find(list);
    if (!f || !f->node.IsSequence()) continue;
    for (const auto& entry : f->node) {
      if (!entry.IsMap()) continue;
      for (const auto& kv : entry) {
        if (!kv.first.IsScalar()) continue;
        const std::string& key = kv.first.Scalar();
        if ((key == "product" || key == "item") && is_fuel(kv.second)) return true;
        if (key == "needs" && has_fuel_key(kv.second)) return true;
      }
    }
  }
  return false;
}

// ---- a node while it is read: its own arrays, appended to the scenario's if present ----

struct DockEntry {
  Field ship_class;  // the key naming the class
  uint32_t count;
  bool listed;  // its own `requires:` holds
};

struct NodeDraft {
  Node node{};
  std::vector<Runway> runways;
  std::vector<uint32_t> aircraft_type_of;  // present aircraft, type index
  std::vector<uint32_t> aircraft_key;      // present aircraft: (entry in the listing << 16) | k
  std::optional<Field> aircraft_field;
  std::vector<Battery> batteries;       // present batteries
  std::vector<uint32_t> battery_item;   // their item index
  std::vector<DockEntry> dock_entries;  // as listed; resolved once ship classes are read
  std::vector<uint32_t> dock_classes;   // present docks, ship class index each
  std::optional<Field> kit_field;       // `repair.kit`, checked against the stocks
};

// One input of one factory: `product` is made from `input` (item keys).
struct BillEntry {
  uint32_t product;
  uint32_t input;
  Field where;  // the `needs:` key naming the input
};

class ScenarioBuilder {
 public:
  ScenarioBuilder(const std::string& file, const std::string& default_name, const Posture& posture)
      : file_(file), posture_(posture) {
    s_.name = default_name;
  }

  Scenario build(const YAML::Node& root) {
    const Mapping top(Field{root, root.Mark(), "", &file_}, kTopKeys);
    if (const auto name = top.find("name")) s_.name = read_name(*name, top);
    s_.days = top.get("days", Int{1, kMaxDays}, s_.days);
    for (const Field& f : list(top, "launch_sites", {1, kMaxLaunchSites, "launch site"})) {
      read_launch_site(f);
    }
    for (const Field& f : list(top, "missiles", {1, kMaxMissiles, "missile class"})) {
      read_missile(f);
    }
    read_interceptors(top);
    read_items(top);
    read_strips(top.at("strips", "a mapping of strip class → {length_m, width_m}"));
    for (const Field& f :
         optional_list(top, "aircraft_types", {0, kMaxAircraftTypes, "aircraft type"})) {
      read_aircraft_type(f);
    }
    read_nodes(top.at("nodes", "a list of 1.." + std::to_string(kMaxNodes) + " nodes"));
    for (const Field& f : optional_list(top, "ship_classes", {0, kMaxShipClasses, "ship class"})) {
      read_ship_class(f);
    }
    resolve_docks();
    add_nodes();
    compute_ship_transit();
    read_groups(top);
    read_stocks(top);
    check_repair_kits();
    read_consumption(top);
    const auto factories = optional_list(top, "factories", {0, kMaxFactories, "factory"});
    for (size_t i = 0; i < factories.size(); ++i)
      read_factory(factories[i], static_cast<uint32_t>(i));
    check_bill_of_materials();
    read_routes(top);
    const auto disruptions = optional_list(top, "disruptions", {0, kMaxDisruptions, "disruption"});
    for (size_t i = 0; i < disruptions.size(); ++i)
      read_disruption(disruptions[i], static_cast<uint32_t>(i));
    const auto raids = list(top, "raids", {1, kMaxRaids, "raid"});
    for (size_t i = 0; i < raids.size(); ++i)
      read_raid(raids[i], static_cast<uint32_t>(i));
    order_raids_by_hour();
    finalize(top);
    return std::move(s_);
  }

 private:
  static std::vector<Field> list(const Mapping& m, std::string_view key, const Size& size) {
    return read_list(m.at(key, "a list of " + std::to_string(size.lo) + ".." +
                                   std::to_string(size.hi) + " " + plural_of(size.noun)),
                     size);
  }

  static std::vector<Field> optional_list(const Mapping& m, std::string_view key,
                                          const Size& size) {
    const std::optional<Field> f = m.find(key);
    return f ? read_list(*f, size) : std::vector<Field>{};
  }

  bool exists(const Mapping& m) const { return exists_under(m, posture_); }

  // The raid plan can ask for more craters than per-trial state can hold; Scenario::finalize()
  // finds out, and the user hears it as a problem of the raids.
  void finalize(const Mapping& top) {
    // The record grows with nodes, items and days: the nodes are what there is most of.
    if (s_.record_values() > kMaxRecordValues) {
      fail(top.at("nodes", ""),
           "one trial would record " + std::to_string(s_.record_values()) +
               " values: " + std::to_string(record_layout(s_.view()).series_per_base()) +
               " daily series at each of " + plural(s_.nodes.size(), "node") + " over " +
               std::to_string(s_.days + 1) +
               " days (day 0 too), and the theatre's (allowed: at most " +
               std::to_string(kMaxRecordValues) + " values; fewer nodes, items or days)");
    }
    try {
      s_.finalize();
    } catch (const std::length_error& e) {
      fail(top.at("raids", ""), e.what());
    }
  }

  // An unclosed quote runs on to the end of the file, taking the keys after it into the name
  // (yaml-cpp does not mind): say so, rather than that those keys are missing.
  static std::string read_name(const Field& f, const Mapping& top) {
    const std::string name = read_text(f, "a non-empty name");
    if (f.node.Tag() != "!") return name;  // not quoted
    for (const char* key : {"launch_sites", "missiles", "raids", "nodes", "strips"}) {
      if (top.find(key) || name.find(std::string(key) + ":") == std::string::npos) continue;
      fail(f, "the quoted name runs on through '" + std::string(key) +
                  ":' and the rest of the file; is its closing quote missing? (allowed: a "
                  "quoted name that ends on its line)");
    }
    return name;
  }

  static GeoPoint read_location(const Mapping& m) {
    return {m.get("lat", closed(-90, 90)), m.get("lon", closed(-180, 180))};
  }

  // ---- the adversary --------------------------------------------------------------

  void read_launch_site(const Field& f) {
    const Mapping m(f, {"id", "lat", "lon", "requires"}, "launch_sites");
    const uint32_t key = sites_.add(m.at("id", "an id"));
    site_at_.push_back(read_location(m));
    if (!exists(m)) return;
    sites_.include(key);
    s_.launch_site_ids.push_back(sites_.name(key));
    s_.launch_sites.push_back(site_at_[key]);
  }

  void read_missile(const Field& f) {
    const Mapping m(f,
                    {"id", "range_km", "speed_kmps", "reliability", "cep_m", "warhead",
                     "lethal_radius_m", "crater_radius_m", "submunition_radius_m", "submunition_pk",
                     "craters_per_missile", "submunitions", "defense_pk_scale", "inventory",
                     "launchers", "salvos_per_day", "launch_sites", "requires"},
                    "missiles");
    const uint32_t key = missiles_.add(m.at("id", "an id"));
    MissileClass c{};
    range_km_.push_back(m.get("range_km", above(0, 20000)));
    speed_kmps_.push_back(m.get("speed_kmps", above(0, 30)));
    c.reliability = m.get("reliability", closed(0, 1));
    c.cep_m = m.get("cep_m", above(0, 100000));
    c.warhead = m.get("warhead", kWarheads, Warhead::unitary);
    c.crater_radius_m = m.get("crater_radius_m", closed(0, 1000), 0.0);
    read_lethal_radii(m, c);
    read_submunition(m, c);
    c.defense_pk_scale = m.get("defense_pk_scale", closed(0, 10), 1.0);
    c.inventory = m.get("inventory", Int{0, 1000000000});
    c.launches_per_day = read_launch_rate(m);
    read_missile_sites(m);
    // A class exists if it is required and one of its launch sites exists.
    const std::vector<uint32_t>& sites = missile_sites_.back();
    const bool can_launch = std::any_of(sites.begin(), sites.end(),
                                        [this](uint32_t site) { return sites_.present(site); });
    if (!exists(m) || !can_launch) return;
    missiles_.include(key);
    s_.missiles.push_back(c);
    s_.missile_ids.push_back(missiles_.name(key));
  }

  static void read_lethal_radii(const Mapping& m, MissileClass& c) {
    const bool unitary = c.warhead == Warhead::unitary;
    const auto radii = unitary ? std::optional(m.at("lethal_radius_m", "{hardened, soft}"))
                               : m.find("lethal_radius_m");
    if (!radii) return;
    const Mapping r(*radii, {"hardened", "soft"});
    const Real range = closed(0, 10000);
    // Submunition warheads rarely carry a unitary kill radius: absent means none.
    c.lethal_radius_hard_m = unitary ? r.get("hardened", range) : r.get("hardened", range, 0.0);
    c.lethal_radius_soft_m = unitary ? r.get("soft", range) : r.get("soft", range, 0.0);
  }

  static void read_submunition(const Mapping& m, MissileClass& c) {
    if (c.warhead == Warhead::submunition) {
      c.submunition_radius_m = m.get("submunition_radius_m", above(0, 10000));
      c.submunition_pk = m.get("submunition_pk", closed(0, 1));
      c.craters_per_missile = m.get("craters_per_missile", Int{0, 10000}, 0u);
      c.submunitions = m.get("submunitions", Int{0, 100000}, 0u);
      return;
    }
    // A unitary class with a bomblet pattern is a contradiction the user should resolve.
    refuse_for_unitary(m, "submunition_radius_m", closed(0, 10000));
    refuse_for_unitary(m, "submunition_pk", closed(0, 1));
    refuse_for_unitary(m, "craters_per_missile", Int{0, 10000});
    refuse_for_unitary(m, "submunitions", Int{0, 100000});
  }

  template <class Spec>
  static void refuse_for_unitary(const Mapping& m, std::string_view key, const Spec& spec) {
    const std::optional<Field> f = m.find(key);
    if (f && read(*f, spec) != 0) {
      fail(*f,
           "applies only to warhead: submunition, but this missile is unitary (allowed: 0 or "
           "absent for unitary warheads)");
    }
  }

  static uint32_t read_launch_rate(const Mapping& m) {
    const uint64_t launchers = m.get("launchers", Int{1, 1000000});
    const uint64_t salvos = m.get("salvos_per_day", Int{1, 1000}, 1u);
    if (launchers * salvos > kMaxLaunchesPerDay) {
      fail(m.at("salvos_per_day", ""),
           "launchers * salvos_per_day = " + std::to_string(launchers * salvos) +
               " launches a day (allowed: at most " + std::to_string(kMaxLaunchesPerDay) + ")");
    }
    return static_cast<uint32_t>(launchers * salvos);
  }

  void read_missile_sites(const Mapping& m) {
    std::vector<uint32_t> sites;
    for (const Field& f : list(m, "launch_sites", {1, kMaxLaunchSites, "launch site"})) {
      const uint32_t site = sites_.resolve(f);
      if (std::find(sites.begin(), sites.end(), site) != sites.end()) {
        fail(f, "launch site " + in_quotes(sites_.name(site)) +
                    " is listed twice (allowed: each site once)");
      }
      sites.push_back(site);
    }
    missile_sites_.push_back(std::move(sites));
  }

  // ---- interceptors, items, strips and aircraft types -------------------------------

  void read_interceptors(const Mapping& top) {
    for (const Field& f :
         optional_list(top, "interceptors", {0, kMaxInterceptors, "interceptor"})) {
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
      if (!exists(m)) continue;
      interceptors_.include(key);
      s_.interceptor_ids.push_back(interceptors_.name(key));
      for (uint32_t missile = 0; missile < missiles_.size(); ++missile) {
        if (missiles_.present(missile)) s_.interceptor_pk.push_back(pk_rows_[key][missile]);
      }
    }
  }

  // One interceptor's pk against each missile class (by key): `default`, overridden per id.
  std::vector<double> read_pk_row(const Mapping& pk) const {
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
  void read_items(const Mapping& top) {
    std::vector<bool> on;
    for (const Field& f : optional_list(top, "munitions", {0, kMaxMunitions, "munition"})) {
      const Mapping m(f, {"id", "requires"}, "munitions");
      const Field id = m.at("id", "an id");
      const uint32_t key = items_.add(id);
      if (items_.name(key) == kFuel) {
        fail(id,
             "'fuel' is the fuel item, which exists whenever the file names it under "
             "stocks, consumption, factories or routes; do not list it (allowed: munition ids)");
      }
      on.push_back(exists(m));
    }
    for (uint32_t interceptor = 0; interceptor < interceptors_.size(); ++interceptor) {
      const uint32_t key = items_.add_name(interceptors_.name(interceptor));
      if (key == on.size()) on.push_back(false);
      if (interceptors_.present(interceptor)) on[key] = true;
      interceptor_item_.push_back(key);
    }
    const size_t munition_keys = on.size();
    for (const Field& f : optional_list(top, "supplies", {0, kMaxSupplies, "supply"})) {
      const Mapping m(f, {"id", "requires"}, "supplies");
      const Field id = m.at("id", "an id");
      if (read_id(id) == kFuel) {
        fail(id,
             "'fuel' is the fuel item, which exists whenever the file names it under "
             "stocks, consumption, factories or routes; do not list it (allowed: supply ids)");
      }
      if (interceptors_.find(read_id(id))) {
        fail(id, "supply " + in_quotes(read_id(id)) +
                     " is an interceptor's id, and every interceptor is a munition item "
                     "(allowed: an id no munition or interceptor has)");
      }
      items_.add(id);
      on.push_back(exists(m));
    }
    if (names_fuel(top)) {
      fuel_key_ = items_.add_name(kFuel);
      on.push_back(true);
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

  void read_strips(const Field& f) {
    const Mapping strips = Mapping::open(f, "a mapping of strip class → {length_m, width_m}");
    if (strips.entries().empty() || strips.entries().size() > kMaxStrips) {
      fail(f, "has " + plural(strips.entries().size(), "strip class") + " (allowed: 1.." +
                  std::to_string(kMaxStrips) + " strip classes)");
    }
    for (const Mapping::Entry& e : strips.entries()) {
      strips_.add(e.key_field);
      const Mapping m(e.value, {"length_m", "width_m"});
      s_.strips.push_back({m.get("length_m", above(0, 10000)), m.get("width_m", above(0, 1000))});
      s_.strip_ids.push_back(e.key);
    }
  }

  void read_aircraft_type(const Field& f) {
    const Mapping m(f, {"id", "strip", "sortie_rate", "mc_rate", "fix_rate", "requires"},
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
    if (!exists(m)) return;
    types_.include(key);
    s_.aircraft_types.push_back(t);
    s_.aircraft_type_ids.push_back(types_.name(key));
  }

  // ---- nodes ----------------------------------------------------------------------

  void read_nodes(const Field& f) {
    const Size size{1, kMaxNodes, "node"};
    if (f.node.IsSequence() && f.node.size() == 0) {
      fail(f, "the theatre is empty: at least one node is required (allowed: 1.." +
                  std::to_string(kMaxNodes) + " nodes)");
    }
    for (const Field& item : read_list(f, size))
      read_node(item);
  }

  // Keys of other kinds are refused with the kinds they belong to.
  static void check_node_keys(const Mapping& m, NodeKind kind) {
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

  void read_node(const Field& f) {
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
    if (exists(m)) nodes_.include(key);
    drafts_.push_back(std::move(d));
  }

  static void read_runways(const Mapping& m, NodeDraft& d) {
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

  static void read_ramp(const Mapping& m, Node& b) {
    const std::optional<Field> f = m.find("ramp");
    if (!f) return;
    const Mapping r(*f, {"length_m", "width_m"});
    b.ramp_length_m = r.get("length_m", above(0, 20000));
    b.ramp_width_m = r.get("width_m", above(0, 20000));
  }

  void read_repair(const Mapping& m, NodeDraft& d) const {
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
  void check_repair_kits() const {
    for (uint32_t key = 0; key < drafts_.size(); ++key) {
      const NodeDraft& d = drafts_[key];
      if (!d.kit_field || !nodes_.present(key) || d.node.repair.kit == kNoItem) continue;
      const uint32_t node = nodes_.index(key);
      if (s_.stock_initial[size_t{node} * item_count() + d.node.repair.kit] != kUntracked) continue;
      const std::string& item = s_.item_ids[d.node.repair.kit];
      fail(*d.kit_field, "repair kit " + in_quotes(item) + " is not stocked at " +
                             nodes_.name(key) + " (allowed: an item listed under stocks." +
                             nodes_.name(key) + ", e.g. " + item + ": 0)");
    }
  }

  void read_aircraft(const Mapping& m, NodeDraft& d) {
    const std::optional<Field> f = m.find("aircraft");
    if (!f) return;
    d.aircraft_field = f;
    std::vector<uint32_t> seen;
    uint32_t entry = 0;
    for (const Field& item : read_list(*f, {0, kMaxAircraftTypes, "aircraft entry"})) {
      const Mapping a(item, {"type", "count", "requires"});
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
      if (!exists(a) || !types_.present(type)) continue;
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
  static void check_parking(const Field& f, const Node& b) {
    if (b.aircraft_count <= b.shelters || b.ramp_length_m > 0) return;
    fail(f, std::to_string(b.aircraft_count) + " aircraft but only " + std::to_string(b.shelters) +
                " shelters and no ramp to park the rest (allowed: at most " +
                std::to_string(b.shelters) + " aircraft, or add a ramp)");
  }

  void read_defenses(const Mapping& m, NodeDraft& d) {
    const std::optional<Field> f = m.find("defenses");
    if (!f) return;
    for (const Field& item : read_list(*f, {0, kMaxBatteriesPerBase, "battery"})) {
      const Mapping b(
          item, {"interceptor", "inventory", "shots_per_target", "policy", "channels", "requires"});
      const uint32_t interceptor = interceptors_.resolve(b.at("interceptor", "an interceptor id"));
      Battery battery{};
      battery.inventory = b.get("inventory", Int{0, 1000000000});
      interceptors_held_ += battery.inventory;
      if (interceptors_held_ > kMaxTheatreCount) {
        fail(b.at("inventory", ""),
             "the theatre's batteries hold " + std::to_string(interceptors_held_) +
                 " interceptors so far (allowed: at most " + std::to_string(kMaxTheatreCount) +
                 " in all, whatever the posture: per-trial counts are 32-bit)");
      }
      battery.shots_per_target = b.get("shots_per_target", Int{1, 16}, 1u);
      battery.policy = b.get("policy", kPolicies, FirePolicy::barrage);
      battery.channels = b.get("channels", Int{1, 10000});
      if (!exists(b) || !interceptors_.present(interceptor)) continue;
      battery.interceptor = interceptors_.index(interceptor);
      d.batteries.push_back(battery);
      d.battery_item.push_back(items_.index(interceptor_item_[interceptor]));
      ++d.node.battery_count;
    }
  }

  // `docks: {ddg: 2, lcs: {count: 1, requires: [rsf_japan]}}`. The ship classes are read
  // after the nodes (their home is a node), so the names are resolved in resolve_docks().
  void read_dock_entries(const Mapping& m, NodeDraft& d) const {
    const std::optional<Field> f = m.find("docks");
    if (!f) return;
    const Mapping docks =
        Mapping::open(*f, "a mapping of ship class id → number of docks, or → {count, requires}");
    const Int range{1, kMaxDocksPerNode, "or {count: N, requires: [flag, …]}"};
    uint32_t total = 0;
    for (const Mapping::Entry& e : docks.entries()) {
      DockEntry entry{e.key_field, 0, true};
      if (e.value.node.IsMap()) {
        const Mapping dm(e.value, {"count", "requires"});
        entry.count = dm.get("count", range);
        entry.listed = exists(dm);
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
  void resolve_docks() {
    for (NodeDraft& d : drafts_) {
      for (const DockEntry& entry : d.dock_entries) {
        const uint32_t cls = ship_classes_.resolve(entry.ship_class);
        if (!entry.listed || !ship_classes_.present(cls)) continue;
        d.dock_classes.insert(d.dock_classes.end(), entry.count, ship_classes_.index(cls));
        d.node.dock_count += entry.count;
      }
    }
  }

  // Present nodes, in file order, with their runways, aircraft, batteries and docks.
  void add_nodes() {
    for (uint32_t key = 0; key < drafts_.size(); ++key) {
      if (!nodes_.present(key)) continue;
      NodeDraft& d = drafts_[key];
      const uint32_t index = nodes_.index(key);
      Node n = d.node;
      n.runway_begin = static_cast<uint32_t>(s_.runways.size());
      s_.runways.insert(s_.runways.end(), d.runways.begin(), d.runways.end());
      n.aircraft_begin = static_cast<uint32_t>(s_.aircraft_type_of.size());
      s_.aircraft_type_of.insert(s_.aircraft_type_of.end(), d.aircraft_type_of.begin(),
                                 d.aircraft_type_of.end());
      s_.aircraft_key.insert(s_.aircraft_key.end(), d.aircraft_key.begin(), d.aircraft_key.end());
      if (!d.aircraft_type_of.empty() && s_.aircraft_type_of.size() > kMaxAircraftTheatre) {
        fail(*d.aircraft_field, std::to_string(s_.aircraft_type_of.size()) +
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
      for (const uint32_t cls : d.dock_classes)
        s_.docks.push_back(Dock{index, cls});
      s_.nodes.push_back(n);
      s_.node_ids.push_back(nodes_.name(key));
      s_.node_locations.push_back(node_at_[key]);
    }
  }

  // Names of the nodes (present or not) of the given kinds, for "(allowed: …)".
  std::string nodes_of_kind(std::initializer_list<NodeKind> kinds) const {
    std::vector<std::string> names;
    for (uint32_t key = 0; key < drafts_.size(); ++key) {
      if (std::find(kinds.begin(), kinds.end(), drafts_[key].node.kind) != kinds.end()) {
        names.push_back(nodes_.name(key));
      }
    }
    return names.empty() ? "none" : join_names(names);
  }

  // A node reference that must be of one of `kinds`; returns the node's key.
  uint32_t resolve_node_of_kind(const Field& f, std::initializer_list<NodeKind> kinds,
                                const std::string& what) const {
    const uint32_t key = nodes_.resolve(f);
    const NodeKind kind = drafts_[key].node.kind;
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
      fail(f, "node " + in_quotes(nodes_.name(key)) + " is " + a_kind(kind) + ", not " + what +
                  " (allowed: " + nodes_of_kind(kinds) + ")");
    }
    return key;
  }

  // `groups: [{id, nodes: [air base ids]}]`: bases reported together. Absent bases drop out
  // of a group; a group with none left still reports nothing but exists.
  void read_groups(const Mapping& top) {
    IdTable ids{"group", "groups"};
    for (const Field& f : optional_list(top, "groups", {0, kMaxGroups, "group"})) {
      const Mapping m(f, {"id", "nodes"}, "groups");
      const Field id = m.at("id", "an id");
      ids.add(id);
      // Group outcomes are named like the bases' (hours_strip_closed_<class>_<id>).
      if (nodes_.find(read_id(id))) {
        fail(id, "group id " + in_quotes(read_id(id)) +
                     " is also a node id, and their outcomes would share names (allowed: an id "
                     "no node has)");
      }
      Group g{static_cast<uint32_t>(s_.group_nodes.size()), 0};
      std::vector<uint32_t> seen;
      for (const Field& n : list(m, "nodes", {1, kMaxNodes, "node"})) {
        const uint32_t key = resolve_node_of_kind(n, {NodeKind::airbase}, "an airbase");
        if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
          fail(n, "node " + in_quotes(nodes_.name(key)) +
                      " is listed twice in this group (allowed: each base once)");
        }
        seen.push_back(key);
        if (!nodes_.present(key)) continue;
        s_.group_nodes.push_back(nodes_.index(key));
        ++g.node_count;
      }
      s_.groups.push_back(g);
      s_.group_ids.push_back(ids.names().back());
    }
  }

  // ---- ships (docs/ships.md) ----------------------------------------------------------

  void read_ship_class(const Field& f) {
    const Mapping m(
        f,
        {"id", "count", "home", "hit_prob_per_day", "sink_given_hit", "in_maintenance_at_start",
         "repair_days", "repair_sigma", "speed_kmpd", "maintenance_days", "requires"},
        "ship_classes");
    const uint32_t key = ship_classes_.add(m.at("id", "an id"));
    ShipClass c{};
    c.key = key;
    c.count = m.get("count", Int{0, 10000});
    const uint32_t home =
        resolve_node_of_kind(m.at("home", "a naval_base or port node id"),
                             {NodeKind::naval_base, NodeKind::port}, "a naval_base or port");
    c.hit_prob_per_day = m.get("hit_prob_per_day", closed(0, 1));
    c.sink_given_hit = m.get("sink_given_hit", closed(0, 1));
    c.in_maintenance_at_start = m.get("in_maintenance_at_start", closed(0, 1));
    c.repair_days = m.get("repair_days", above(0, kMaxDays));
    c.repair_sigma = m.get("repair_sigma", closed(0, 3));
    ship_speed_kmpd_.push_back(m.get("speed_kmpd", above(0, 20000)));
    ship_speed_field_.push_back(m.at("speed_kmpd", ""));
    ship_home_.push_back(home);
    c.maintenance_days = m.get("maintenance_days", above(0, kMaxDays), c.repair_days);
    if (!exists(m) || !nodes_.present(home)) return;
    ship_classes_.include(key);
    c.home = nodes_.index(home);
    ships_ += c.count;
    if (ships_ > kMaxShipsTheatre) {
      fail(m.at("count", ""), std::to_string(ships_) +
                                  " ships in the theatre so far (allowed: at most " +
                                  std::to_string(kMaxShipsTheatre) + ")");
    }
    s_.ship_classes.push_back(c);
    s_.ship_class_ids.push_back(ship_classes_.name(key));
  }

  // Days from a class's home to each yard with a dock for it: great circle / speed, rounded up.
  void compute_ship_transit() {
    const size_t node_count = s_.nodes.size();
    s_.ship_transit_days.assign(s_.ship_classes.size() * node_count, 0);
    for (uint32_t cls_key = 0; cls_key < ship_classes_.size(); ++cls_key) {
      if (!ship_classes_.present(cls_key)) continue;
      const uint32_t cls = ship_classes_.index(cls_key);
      const uint32_t home = ship_home_[cls_key];
      for (uint32_t key = 0; key < drafts_.size(); ++key) {
        const std::vector<uint32_t>& docks = drafts_[key].dock_classes;
        if (!nodes_.present(key) || std::find(docks.begin(), docks.end(), cls) == docks.end()) {
          continue;
        }
        const double km = great_circle_km(node_at_[home], node_at_[key]);
        const double days = std::ceil(km / ship_speed_kmpd_[cls_key]);
        if (days > kMaxDays) {
          fail(ship_speed_field_[cls_key],
               "ships of class " + in_quotes(ship_classes_.name(cls_key)) + " would take " +
                   number_text(days) + " days from " + nodes_.name(home) + " to the dock at " +
                   nodes_.name(key) + " (" + formatted("%.1f", km) + " km) (allowed: at most " +
                   std::to_string(kMaxDays) +
                   " days of transit; speed_kmpd >= " + formatted("%.4g", km / kMaxDays) + ")");
        }
        s_.ship_transit_days[cls * node_count + nodes_.index(key)] = static_cast<uint32_t>(days);
      }
    }
  }

  // ---- stocks, consumption, factories, routes, disruptions (docs/scenario-format.md) ----

  uint32_t item_count() const { return static_cast<uint32_t>(s_.item_ids.size()); }

  // `stocks: {node: {item: amount}}`. Rows and cells of absent nodes or items are skipped.
  void read_stocks(const Mapping& top) {
    theatre_stock_.assign(items_.size(), 0);
    s_.stock_initial.assign(s_.nodes.size() * item_count(), kUntracked);
    const std::optional<Field> f = top.find("stocks");
    if (!f) return;
    const Mapping rows = Mapping::open(*f, "a mapping of node id → {item id: amount}");
    for (const Mapping::Entry& row : rows.entries()) {
      const uint32_t node = nodes_.resolve(row.key_field);
      const Mapping cells = Mapping::open(row.value, "a mapping of item id → amount");
      for (const Mapping::Entry& cell : cells.entries()) {
        const uint32_t item = items_.resolve(cell.key_field);
        const uint32_t amount = read(cell.value, Int{0, 1000000000});
        add_to_theatre_stock(item, amount, cell.value);
        if (!nodes_.present(node) || !items_.present(item)) continue;
        s_.stock_initial[size_t{nodes_.index(node)} * item_count() + items_.index(item)] = amount;
      }
    }
  }

  // `consumption: {aircraft type: {item: per sortie}}`; fuel is 1 a sortie unless stated.
  void read_consumption(const Mapping& top) {
    s_.per_sortie.assign(s_.aircraft_types.size() * item_count(), 0);
    if (s_.fuel_item != kNoItem) {
      for (size_t type = 0; type < s_.aircraft_types.size(); ++type)
        s_.per_sortie[type * item_count() + s_.fuel_item] = 1;
    }
    const std::optional<Field> f = top.find("consumption");
    if (!f) return;
    const Mapping rows = Mapping::open(*f, "a mapping of aircraft type id → {item id: per sortie}");
    for (const Mapping::Entry& row : rows.entries()) {
      const uint32_t type = types_.resolve(row.key_field);
      const Mapping cells = Mapping::open(row.value, "a mapping of item id → units per sortie");
      for (const Mapping::Entry& cell : cells.entries()) {
        const uint32_t item = items_.resolve(cell.key_field);
        const uint32_t amount = read(cell.value, Int{0, 1000});
        if (!types_.present(type) || !items_.present(item)) continue;
        s_.per_sortie[size_t{types_.index(type)} * item_count() + items_.index(item)] = amount;
      }
    }
  }

  void read_factory(const Field& f, uint32_t key) {
    const Mapping m(f, {"node", "product", "per_day", "ramp_days", "needs", "requires"});
    const uint32_t node =
        resolve_node_of_kind(m.at("node", "a factory node id"), {NodeKind::factory}, "a factory");
    const uint32_t product = items_.resolve(m.at("product", "an item id"));
    Factory factory{};
    factory.key = key;
    factory.per_day = m.get("per_day", above(0, 1e6));
    // What the engine bounds the theatre's stock by: a unit more than the rate, every day.
    add_to_theatre_stock(product, (static_cast<uint64_t>(std::ceil(factory.per_day)) + 1) * s_.days,
                         m.at("per_day", ""));
    factory.ramp_days = m.get("ramp_days", closed(0, kMaxDays), 0.0);
    std::vector<std::pair<uint32_t, uint32_t>> needs;  // item key, units per unit
    bool inputs_exist = true;
    if (const std::optional<Field> nf = m.find("needs")) {
      const Mapping inputs =
          Mapping::open(*nf, "a mapping of item id → units consumed per unit of product");
      if (inputs.entries().size() > kMaxFactoryInputs) {
        fail(*nf, "has " + plural(inputs.entries().size(), "input") + " (allowed: at most " +
                      std::to_string(kMaxFactoryInputs) + ")");
      }
      for (const Mapping::Entry& e : inputs.entries()) {
        const uint32_t item = items_.resolve(e.key_field);
        if (item == product) {
          fail(e.key_field, "a factory cannot need its own product " +
                                in_quotes(items_.name(item)) + " (allowed: other items)");
        }
        needs.emplace_back(item, read(e.value, Int{1, 1000000}));
        bill_.push_back({product, item, e.key_field});
        if (!items_.present(item)) inputs_exist = false;
      }
    }
    if (!exists(m) || !nodes_.present(node) || !items_.present(product) || !inputs_exist) return;
    factory.node = nodes_.index(node);
    factory.product = items_.index(product);
    factory.input_begin = static_cast<uint32_t>(s_.factory_inputs.size());
    factory.input_count = static_cast<uint32_t>(needs.size());
    for (const auto& [item, per_unit] : needs)
      s_.factory_inputs.push_back(FactoryInput{items_.index(item), per_unit});
    s_.factories.push_back(factory);
  }

  void add_to_theatre_stock(uint32_t item, uint64_t amount, const Field& f) {
    theatre_stock_[item] += amount;
    if (theatre_stock_[item] <= kMaxTheatreCount) return;
    fail(f, "the theatre could hold " + std::to_string(theatre_stock_[item]) + " of " +
                in_quotes(items_.name(item)) + " (its stocks, and what factories can make in " +
                std::to_string(s_.days) + " days) (allowed: at most " +
                std::to_string(kMaxTheatreCount) +
                " of an item in all, whatever the posture: per-trial counts are 32-bit)");
  }

  // A product made, directly or through other factories, from itself: the circle is refused
  // at the input that closes it, whatever the posture.
  void check_bill_of_materials() const {
    std::vector<std::vector<const BillEntry*>> made_from(items_.size());
    for (const BillEntry& b : bill_)
      made_from[b.product].push_back(&b);
    std::vector<Visit> state(items_.size(), Visit::unseen);
    std::vector<const BillEntry*> path;
    for (const BillEntry& b : bill_) {
      if (state[b.product] == Visit::unseen) visit_inputs(b.product, made_from, state, path);
    }
  }

  enum class Visit : uint8_t { unseen, on_path, done };

  void visit_inputs(uint32_t item, const std::vector<std::vector<const BillEntry*>>& made_from,
                    std::vector<Visit>& state, std::vector<const BillEntry*>& path) const {
    state[item] = Visit::on_path;
    for (const BillEntry* b : made_from[item]) {
      path.push_back(b);
      if (state[b->input] == Visit::on_path) fail_circular(path, b->input);
      if (state[b->input] == Visit::unseen) visit_inputs(b->input, made_from, state, path);
      path.pop_back();
    }
    state[item] = Visit::done;
  }

  [[noreturn]] void fail_circular(const std::vector<const BillEntry*>& path, uint32_t item) const {
    auto from = path.begin();
    while ((*from)->product != item)
      ++from;
    std::string circle;
    for (auto b = from; b != path.end(); ++b) {
      circle += (circle.empty() ? "" : ", ") + items_.name((*b)->product) + " needs " +
                items_.name((*b)->input);
    }
    fail(path.back()->where, "the bill of materials is circular: " + circle +
                                 " (allowed: inputs not made, directly or through other "
                                 "factories, from " +
                                 in_quotes(items_.name(item)) + ")");
  }

  // Routes are held in priority order (ascending; file order among equals).
  void read_routes(const Mapping& top) {
    std::vector<std::pair<uint32_t, Route>> routes;  // priority, route
    const auto fields = optional_list(top, "routes", {0, kMaxRoutes, "route"});
    for (size_t i = 0; i < fields.size(); ++i) {
      const Mapping m(fields[i], {"from", "to", "item", "mode", "transit_days", "every_days",
                                  "capacity", "loss_prob", "priority", "requires"});
      const uint32_t from = nodes_.resolve(m.at("from", "a node id"));
      const Field to_field = m.at("to", "a node id");
      const uint32_t to = nodes_.resolve(to_field);
      if (to == from) {
        fail(to_field, "the route ends where it starts, at " + in_quotes(nodes_.name(to)) +
                           " (allowed: a node other than " + in_quotes(nodes_.name(from)) + ")");
      }
      const uint32_t item = items_.resolve(m.at("item", "an item id"));
      Route r{};
      r.key = static_cast<uint32_t>(i);
      r.mode = m.get("mode", kModes);
      r.transit_days = m.get("transit_days", Int{0, 365});
      r.every_days = m.get("every_days", Int{1, 365});
      r.capacity = m.get("capacity", Int{1, 1000000000});
      r.loss_prob = m.get("loss_prob", closed(0, 1));
      const uint32_t priority = m.get("priority", Int{0, 1000}, 0u);
      if (!exists(m) || !nodes_.present(from) || !nodes_.present(to) || !items_.present(item)) {
        continue;
      }
      r.from = nodes_.index(from);
      r.to = nodes_.index(to);
      r.item = items_.index(item);
      routes.emplace_back(priority, r);
    }
    std::stable_sort(routes.begin(), routes.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [priority, route] : routes)
      s_.routes.push_back(route);
  }

  void read_disruption(const Field& f, uint32_t key) {
    const Mapping m(f, {"target", "kind", "prob_per_day", "outage_days", "sigma", "requires"});
    const uint32_t node = nodes_.resolve(m.at("target", "a node id"));
    // The kind names the threat in the file; both act alike (an outage of the node).
    m.get("kind", kDisruptionKinds);
    Disruption d{};
    d.key = key;
    d.prob_per_day = m.get("prob_per_day", closed(0, 1));
    d.outage_days = m.get("outage_days", above(0, kMaxDays));
    d.sigma = m.get("sigma", closed(0, 3), 0.5);
    if (!exists(m) || !nodes_.present(node)) return;
    d.node = nodes_.index(node);
    s_.disruptions.push_back(d);
  }

  // ---- raids ----------------------------------------------------------------------

  void read_raid(const Field& f, uint32_t key) {
    const Mapping m(f, {"days", "hour", "target", "aim", "missile", "count", "when", "strip",
                        "pattern", "runway", "requires"});
    Raid r{};
    r.key = key;
    const Field target = m.at("target", "a node id");
    const uint32_t node = nodes_.resolve(target);
    const uint32_t missile = missiles_.resolve(m.at("missile", "a missile id"));
    r.aim = m.get("aim", kAims);
    r.count = m.get("count", Int{1, 1000000});
    const std::vector<uint32_t> hours = read_raid_hours(m);
    missiles_a_day_ += uint64_t{r.count} * hours.size();
    if (missiles_a_day_ > kMaxTheatreCount) {
      fail(m.at("count", ""), "the raids ask for " + std::to_string(missiles_a_day_) +
                                  " missiles a day so far (allowed: at most " +
                                  std::to_string(kMaxTheatreCount) +
                                  " in all, whatever the posture: per-trial counts are 32-bit)");
    }
    r.when = m.get("when", kWhens, When::always);
    read_raid_days(m.at("days", "[first, last]"), r);
    check_aim_fits(m.at("aim", ""), node, r.aim);
    r.runway = read_raid_runway(m, node, r.aim);
    r.pattern = read_raid_pattern(m, r.aim);
    r.strip = read_raid_strip(m, node, r);
    const bool present = exists(m) && nodes_.present(node) && missiles_.present(missile);
    // An absent raid is checked against all its class's launch sites.
    const double flight = flight_hours(target, node, missile, present);
    if (!present) return;
    r.target = nodes_.index(node);
    r.missile = missiles_.index(missile);
    // Each listed hour is a wave of its own, with draws of its own.
    for (uint32_t wave = 0; wave < hours.size(); ++wave) {
      Raid w = r;
      w.hour = hours[wave];
      w.key = (wave << kWaveShift) | key;
      s_.raid_flight_hours.push_back(flight);
      s_.raids.push_back(w);
    }
  }

  // `hour: 6` or `hour: [0, 12]` (waves), ascending; 0 when absent.
  static std::vector<uint32_t> read_raid_hours(const Mapping& m) {
    const std::optional<Field> f = m.find("hour");
    if (!f) return {0};
    const Int range{0, 23, "the hour of the day the missiles arrive"};
    if (!f->node.IsSequence()) return {read(*f, range)};
    std::vector<uint32_t> hours;
    for (const Field& h : read_list(*f, {1, 24, "hour"})) {
      const uint32_t hour = read(h, range);
      if (!hours.empty() && hour <= hours.back()) {
        fail(h, "hour " + std::to_string(hour) + " does not come after " +
                    std::to_string(hours.back()) +
                    " (allowed: the waves' hours in ascending order, each once)");
      }
      hours.push_back(hour);
    }
    return hours;
  }

  static RunwayPattern read_raid_pattern(const Mapping& m, Aim aim) {
    const std::optional<Field> f = m.find("pattern");
    if (!f) return RunwayPattern::centreline;
    if (aim != Aim::runway) {
      fail(*f, "applies only to aim: runway (allowed: absent for aim " +
                   in_quotes(kAims.names()[static_cast<int>(aim)]) + ")");
    }
    return read(*f, kPatterns);
  }

  // The strip class a raid tests (`when: strip_open`) or denies (cut patterns): required by
  // those, refused otherwise, and one the target's undamaged runways can hold.
  uint32_t read_raid_strip(const Mapping& m, uint32_t node, const Raid& r) const {
    const bool needed = r.when == When::strip_open || r.pattern != RunwayPattern::centreline;
    const std::optional<Field> f = m.find("strip");
    if (!f) {
      if (!needed) return kNoStrip;
      const std::string why =
          r.when == When::strip_open ? "when: strip_open" : "a pattern other than centreline";
      fail(m.at(r.when == When::strip_open ? "when" : "pattern", ""),
           "needs a strip class: add strip: <class> (allowed: " + join_names(strip_names()) +
               ") for " + why);
    }
    const uint32_t strip = strips_.resolve(*f);
    if (!needed) {
      fail(*f, "applies only with when: strip_open or a cut pattern (allowed: absent here)");
    }
    const NodeDraft& d = drafts_[node];
    const uint32_t held =
        strips_held(d.runways.data(), static_cast<uint32_t>(d.runways.size()), s_.strips);
    if (!((held >> strip) & 1u)) {
      fail(*f, "strip class " + in_quotes(strip_names()[strip]) + " (" +
                   number_text(s_.strips[strip].length_m) + " x " +
                   number_text(s_.strips[strip].width_m) + " m) fits no runway of " +
                   nodes_.name(node) +
                   ", so it is not applicable there (allowed: " + held_names(held) + ")");
    }
    return strip;
  }

  const std::vector<std::string>& strip_names() const { return strips_.names(); }

  std::string held_names(uint32_t held) const {
    std::vector<std::string> names;
    for (uint32_t c = 0; c < s_.strips.size(); ++c) {
      if ((held >> c) & 1u) names.push_back(strip_names()[c]);
    }
    return names.empty() ? "none" : join_names(names);
  }

  // Raids fire in hour order, in list order within an hour (the priority).
  void order_raids_by_hour() {
    std::vector<size_t> order(s_.raids.size());
    for (size_t i = 0; i < order.size(); ++i)
      order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [this](size_t a, size_t b) { return s_.raids[a].hour < s_.raids[b].hour; });
    std::vector<Raid> raids;
    std::vector<double> hours;
    for (const size_t i : order) {
      raids.push_back(s_.raids[i]);
      hours.push_back(s_.raid_flight_hours[i]);
    }
    s_.raids = std::move(raids);
    s_.raid_flight_hours = std::move(hours);
  }

  void read_raid_days(const Field& f, Raid& r) const {
    const std::vector<Field> days = read_list(f, {2, 2, "day"});
    const Int range{1, s_.days, "within the scenario's " + std::to_string(s_.days) + " days"};
    r.first_day = read(days[0], range);
    r.last_day = read(days[1], range);
    if (r.first_day > r.last_day) {
      fail(f, "days [" + std::to_string(r.first_day) + ", " + std::to_string(r.last_day) +
                  "] are out of order (allowed: [first, last] with first <= last)");
    }
  }

  // What each aim needs at the target, and the aims the target does offer.
  static bool offers(const Node& b, Aim aim) {
    switch (aim) {
      case Aim::runway:
        return b.runway_count > 0;
      case Aim::shelters:
        return b.shelters > 0;
      case Aim::ramp:
        return b.ramp_length_m > 0;
      case Aim::fuel:
        return b.fuel_tanks > 0;
      case Aim::munitions:
        return b.munition_igloos > 0;
      case Aim::docks:
        return b.dock_count > 0;
      case Aim::piers:
        return b.piers > 0;
      case Aim::factory:
        return b.buildings > 0;
    }
    return false;
  }

  void check_aim_fits(const Field& f, uint32_t node, Aim aim) const {
    const Node& b = drafts_[node].node;
    if (offers(b, aim)) return;
    static const char* const kNeeds[] = {"a runway",        "shelters", "a ramp", "fuel_tanks",
                                         "munition_igloos", "docks",    "piers",  "buildings"};
    std::vector<std::string> available;
    for (const auto& [name, offered] : kAims.options) {
      if (offers(b, offered)) available.push_back(name);
    }
    const std::string& id = nodes_.name(node);
    fail(f, "aim " + in_quotes(f.node.Scalar()) + " needs " + kNeeds[static_cast<int>(aim)] +
                ", but " + id + " has none (allowed: " +
                (available.empty() ? "nothing" : join_names(available)) + " at " + id + ")");
  }

  uint32_t read_raid_runway(const Mapping& m, uint32_t node, Aim aim) const {
    const std::optional<Field> f = m.find("runway");
    if (!f) return kAllRunways;
    if (aim != Aim::runway) {
      fail(*f, "applies only to aim: runway (allowed: absent for aim " +
                   in_quotes(kAims.names()[static_cast<int>(aim)]) + ")");
    }
    const Node& b = drafts_[node].node;
    const uint32_t index = read(*f, Int{0, kMaxRunwaysPerBase - 1});
    if (index >= b.runway_count) {
      fail(*f, "runway " + std::to_string(index) + " is out of range: " + nodes_.name(node) +
                   " has " + plural(b.runway_count, "runway") + " (allowed: 0.." +
                   std::to_string(b.runway_count - 1) + ")");
    }
    return index;
  }

  // The launch sites a raid of `missile` may fire from: those present, or all of them for
  // a raid that is absent anyway.
  std::vector<uint32_t> raid_sites(uint32_t missile, bool present_only) const {
    std::vector<uint32_t> sites;
    for (const uint32_t site : missile_sites_[missile]) {
      if (!present_only || sites_.present(site)) sites.push_back(site);
    }
    return sites;
  }

  // The nearest launch site within range sets the flight time; none in range means the raid
  // cannot happen, which is a scenario error (docs/scenario-format.md, Validation rules).
  double flight_hours(const Field& target, uint32_t node, uint32_t missile,
                      bool present_only) const {
    const GeoPoint& at = node_at_[node];
    const std::vector<uint32_t> sites = raid_sites(missile, present_only);
    double nearest_km = INFINITY;
    uint32_t nearest = 0;
    std::vector<std::string> names;
    for (const uint32_t site : sites) {
      names.push_back(sites_.name(site));
      const double km = great_circle_km(site_at_[site], at);
      if (km < nearest_km) {
        nearest_km = km;
        nearest = site;
      }
    }
    if (nearest_km > range_km_[missile]) {
      fail(target, "no launch site of missile " + in_quotes(missiles_.name(missile)) +
                       " is within " + number_text(range_km_[missile]) + " km of " +
                       nodes_.name(node) + " (nearest: " + sites_.name(nearest) + " at " +
                       formatted("%.1f", nearest_km) + " km) (allowed: targets within " +
                       number_text(range_km_[missile]) + " km of " + join_names(names) + ")");
    }
    return nearest_km / speed_kmps_[missile] / 3600.0;
  }

  const std::string& file_;
  const Posture& posture_;
  Scenario s_;
  Entities sites_{"launch site", "launch_sites"};
  Entities missiles_{"missile", "missiles"};
  Entities interceptors_{"interceptor", "interceptors"};
  Entities items_{"item", "munitions"};
  IdTable strips_{"strip class", "strips"};
  Entities types_{"aircraft type", "aircraft_types"};
  Entities nodes_{"node", "nodes"};
  Entities ship_classes_{"ship class", "ship_classes"};
  // Needed only while loading, by key (present or not).
  std::vector<GeoPoint> site_at_;
  std::vector<double> range_km_;
  std::vector<double> speed_kmps_;
  std::vector<std::vector<uint32_t>> missile_sites_;
  std::vector<std::vector<double>> pk_rows_;
  std::vector<uint32_t> interceptor_item_;
  std::optional<uint32_t> fuel_key_;
  std::vector<NodeDraft> drafts_;
  std::vector<GeoPoint> node_at_;
  std::vector<uint32_t> ship_home_;
  std::vector<double> ship_speed_kmpd_;
  std::vector<Field> ship_speed_field_;
  uint64_t ships_ = 0;
  std::vector<uint64_t> theatre_stock_;  // per item key: stocks and factory output, all postures
  uint64_t interceptors_held_ = 0;       // in all batteries, all postures
  uint64_t missiles_a_day_ = 0;          // asked for by all raids, all postures
  std::vector<BillEntry> bill_;          // every factory's inputs
};

YAML::Node parse_document(const std::string& text, const std::string& label) {
  const std::vector<YAML::Node> docs = load_documents(text, label);
  const std::string expected = "a mapping with launch_sites, missiles, raids, nodes and strips";
  if (docs.empty())
    throw ScenarioError(label, 1, 1, "scenario", "is empty (allowed: " + expected + ")");
  if (docs.size() > 1) {
    throw ScenarioError(label, docs[1].Mark(), "yaml",
                        "the file holds " + std::to_string(docs.size()) +
                            " YAML documents (allowed: exactly one scenario document)");
  }
  return docs[0];
}

// The scenario text as stored for provenance: as read, and when the posture came from a
// posture file, that file's text after it as comments, so that the results record every
// input of the run and the file still loads as the same scenario.
std::string provenance_text(const std::string& text, const Posture& posture) {
  if (posture.file.empty()) return text;
  std::string out = text;
  if (!out.empty() && out.back() != '\n') out += '\n';
  out += "# ---- posture file " + posture.file + " (applied to this scenario) ----\n";
  std::istringstream lines(posture.file_text);
  for (std::string line; std::getline(lines, line);)
    out += line.empty() ? "#\n" : "# " + line + "\n";
  return out;
}

Scenario load(const std::string& text, const std::string& label, const std::string& name,
              const std::string& posture) {
  YAML::Node root = parse_document(text, label);
  // A posture file's lines are numbered past the scenario's (posture.hpp), so that an error
  // in a value it sets is reported in the posture file.
  const int line_offset = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  try {
    const Posture applied = apply_posture(root, label, posture, line_offset);
    Scenario s = ScenarioBuilder(label, name, applied).build(root);
    s.posture = applied.id;
    s.source_path = label;
    s.source_text = provenance_text(text, applied);
    return s;
  } catch (const ScenarioError& e) {
    throw in_posture_file(e, posture, line_offset);
  }
}

std::string read_scenario_file(const std::string& path) {
  return read_input_file(path, "scenario file");
}

}  // namespace

Scenario load_scenario_file(const std::string& path, const std::string& posture) {
  return load(read_scenario_file(path), path, std::filesystem::path(path).stem().string(), posture);
}

Scenario load_scenario_text(const std::string& text, const std::string& label,
                            const std::string& posture) {
  return load(text, label, "scenario", posture);
}

std::vector<std::string> posture_ids(const std::string& path) {
  return posture_ids_text(read_scenario_file(path), path);
}

std::vector<std::string> posture_ids_text(const std::string& text, const std::string& label) {
  return list_postures(parse_document(text, label), label);
}

}  // namespace contested
