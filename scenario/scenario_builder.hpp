// Internal to the scenario room (scenario/): ScenarioBuilder, the one object that reads a
// parsed scenario document, under its posture, into a flat Scenario. Callers load scenarios
// through scenario_yaml.hpp; only the builder's own files include this header.
//
// The schema is docs/scenario-format.md, one line per field where possible, written with the
// strict reader of yaml_reader.hpp, so that every problem is a ScenarioError at the offending
// line. The builder is declared here and defined by entity group, in files named after what
// they read:
//   scenario_yaml.cpp     the build order (build), the checks on the whole (finalize), the
//                         document and the load functions
//   read_adversary.cpp    launch sites, missiles, raids (hours, aims, patterns, strips)
//   read_items.cpp        interceptors, items (munitions, supplies, fuel), strips, aircraft types
//   read_nodes.cpp        nodes (runways, ramp, repair, aircraft, defenses, docks, restore),
//                         groups
//   read_sustainment.cpp  ship classes and their transit, stocks, consumption, factories and
//                         the bill of materials, routes, disruptions, coordinated
//                         campaigns, expenditures (what ground units and ship classes spend)
//   read_depot_lines.cpp  aircraft depot lines, and which line each base's damaged
//                         aircraft go to
//   read_operations.cpp   objectives, how far each aircraft type flies, and from them the
//                         sorties a day from each base and the offload they need
// The constants and helpers below are those several readers share; each reader's own are in
// its file.
//
// The builder goes on after an error wherever the rest of the file can still be read, so that
// one pass finds every error it can (up to ErrorLog::kMaxFound): the file is read in parts,
// each entry of a list or mapping (a node, a raid, a stock cell) and each section and check
// on the whole being one, and an error ends its part, not the reading. build() then throws
// them all as one ScenarioError, in file order. An entry with an error is dropped: its
// entities stay absent, and they are "unreadable" (Entities::mark_unreadable), so that what
// refers to them is not checked against what they would have held, and a section that cannot
// be read at all leaves its references unchecked (UnreadableEntity): one mistake makes one
// error, not one per reference. Only errors that leave nothing to read on with (YAML syntax,
// the postures, the top-level mapping) end the reading at once.
//
// Postures (posture.hpp) are applied to the document first. Then every entity is read and
// checked whether it exists under the posture or not, so that a file is valid or not
// whatever posture it is loaded under; only the entities present reach the Scenario's
// arrays. Keys are positions in the file's lists, indices positions in those arrays.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "scenario/posture.hpp"
#include "scenario/scenario.hpp"
#include "scenario/yaml_reader.hpp"

namespace contested::scenario_schema {

// The schema is written in the reader's vocabulary (Mapping, Field, read, Int, …); the
// directive stays within this namespace, which only the builder's files enter.
using namespace yaml;

// Sizes beyond these are mistakes, not scenarios, and would blow up per-trial state.
inline constexpr size_t kMaxLaunchSites = 10000;
inline constexpr size_t kMaxObjectives = 10000;
inline constexpr size_t kMaxAircraftTypes = 1000;
inline constexpr size_t kMaxNodes = 10000;
inline constexpr size_t kMaxRunwaysPerBase = 64;
// Per-trial counts are 32-bit words (kernels/trial_state.hpp, kernels/record.hpp), so theatre
// totals (an item's stock, interceptors, missiles asked for a day) must fit one.
inline constexpr uint64_t kMaxTheatreCount = 0xffffffffu;
inline constexpr double kEarthRadiusKm = 6371.0;
inline constexpr double kRad = 3.14159265358979323846 / 180.0;  // radians a degree

inline double great_circle_km(const GeoPoint& a, const GeoPoint& b) {
  const double dlat = (b.lat_deg - a.lat_deg) * kRad;
  const double dlon = (b.lon_deg - a.lon_deg) * kRad;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(a.lat_deg * kRad) * std::cos(b.lat_deg * kRad) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

// A sea area's shape (docs/ships.md): a circle, or a polygon of (lat, lon) vertices.
struct SeaShape {
  GeoPoint centre{};
  double radius_km = 0;
  std::vector<GeoPoint> polygon;  // empty: a circle
  bool contains(const GeoPoint& p) const;
  double km_from(const GeoPoint& p) const;
};

// How far an aircraft type flies (docs/operations.md); without an objective, as far as
// needed at its sortie_rate.
struct Reach {
  std::optional<uint32_t> objective;  // key
  double cruise_kmh = 0;
  double turnaround_h = 0;
  double flying_day_h = 24;
  double combat_radius_km = 0;  // 0: no need of offload
  double burn_kg_per_km = 0;
  double offload_t = 0;  // a tanker's per sortie
};

// ---- a node while it is read: its own arrays, appended to the scenario's if present ----

struct DockEntry {
  Field ship_class;  // the key naming the class
  uint32_t count;
  std::optional<Start> listed;  // its own `requires:` holds, from this day
};

struct NodeDraft {
  Node node{};
  Start start;  // its flags' (docs/lead-times.md): its factories, routes and docks wait for it
  std::vector<Runway> runways;
  std::vector<ParkingSpot> spots;          // in the ramp frame
  std::vector<uint32_t> aircraft_type_of;  // present aircraft, type index
  std::vector<uint32_t> aircraft_key;      // present aircraft: (entry in the listing << 16) | k
  std::optional<Field> aircraft_field;
  std::vector<Battery> batteries;       // present batteries
  std::vector<uint32_t> battery_item;   // their item index
  std::vector<DockEntry> dock_entries;  // as listed; resolved once ship classes are read
  std::vector<uint32_t> dock_classes;   // present docks, ship class index each
  std::vector<uint32_t> dock_from_day;  // present docks, the first day each takes ships
  std::optional<Field> kit_field;       // `repair.kit`, checked against the stocks
  std::vector<std::pair<uint32_t, uint32_t>> objectives;  // (type index, objective key)
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

  // The scenario, or a ScenarioError holding every error found.
  Scenario build(const YAML::Node& root);

 private:
  // ---- going on after an error (scenario_yaml.cpp) ---------------------------------------
  // Reads one part; false if it raised an error (recorded) or met an unreadable group, or
  // if the log is full and it was not read.
  template <class Read>
  bool attempt(Read&& read);
  // One entry `f` of a list that defines entities of `group`. After an error, the entities
  // it added, or the valid id it holds if it got no further, are unreadable; with no valid
  // id, or with the error at its id, the group has lost an id (Entities::lose_id()).
  template <class Read>
  void entry(Entities& group, const Field& f, Read&& read);
  // A whole section defining `group`: if it cannot be read, neither can the group.
  template <class Read>
  void section(Entities& group, Read&& read);
  // Records an error without ending the part, for checks that go on over the whole.
  void report(const Field& f, const std::string& problem) { errors_.add(error_at(f, problem)); }
  void register_id(Entities& group, const Field& f);
  void keep_keys_aligned();

  // ---- the whole document, and helpers every reader uses (scenario_yaml.cpp) -----------
  static std::vector<Field> list(const Mapping& m, std::string_view key, const Size& size);
  static std::vector<Field> optional_list(const Mapping& m, std::string_view key, const Size& size);
  // Whether the entity read as `m` exists under the posture, for kinds that are in force
  // from day 0 or not at all: one whose flags take effect later is refused, `kind` naming
  // it in the message (docs/lead-times.md).
  bool exists(const Mapping& m, std::string_view kind) const;
  // For kinds that can start late (factories, routes, docks, nodes): when the entity takes
  // effect, if it exists.
  std::optional<Start> exists_from(const Mapping& m) const;
  // "flag 'F' of posture 'P' takes effect from day D", for the refusals.
  std::string takes_effect(const Start& start) const;
  // Refuses what node `key` holds that cannot start late (`what`, at `f`), when the node
  // itself takes effect after day 0.
  void refuse_at_late_node(const Field& f, uint32_t key, const std::string& what) const;
  uint32_t item_count() const { return static_cast<uint32_t>(s_.item_ids.size()); }
  void finalize(const Mapping& top);
  static void check_name_ends(const Field& f, const Mapping& top);
  static GeoPoint read_location(const Mapping& m);
  std::pair<uint32_t, uint32_t> read_days(const Field& f) const;

  // ---- the adversary: launch sites, missiles, raids (read_adversary.cpp) ---------------
  void read_launch_site(const Field& f);
  void read_missile(const Field& f);
  static void read_lethal_radii(const Mapping& m, MissileClass& c);
  static void read_submunition(const Mapping& m, MissileClass& c);
  template <class Spec>
  static void refuse_for_unitary(const Mapping& m, std::string_view key, const Spec& spec);
  static uint32_t read_launch_rate(const Mapping& m);
  void read_missile_sites(const Mapping& m);
  void read_raid(const Field& f, uint32_t key);
  static std::vector<uint32_t> read_raid_hours(const Mapping& m);
  static RunwayPattern read_raid_pattern(const Mapping& m, Aim aim);
  static RampPick read_raid_pick(const Mapping& m, Aim aim);
  uint32_t read_raid_strip(const Mapping& m, uint32_t node, const Raid& r) const;
  const std::vector<std::string>& strip_names() const { return strips_.names(); }
  std::string held_names(uint32_t held) const;
  void order_raids_by_hour();
  static bool offers(const Node& b, Aim aim);
  void check_aim_fits(const Field& f, uint32_t node, Aim aim) const;
  uint32_t read_raid_runway(const Mapping& m, uint32_t node, Aim aim) const;
  std::vector<uint32_t> raid_sites(uint32_t missile, bool present_only) const;
  double flight_hours(const Field& target, uint32_t node, uint32_t missile,
                      bool present_only) const;

  // ---- interceptors, items, strips and aircraft types (read_items.cpp) -----------------
  void read_interceptors(const Mapping& top);
  void read_interceptor(const Field& f);
  std::vector<double> read_pk_row(const Mapping& pk) const;
  void read_items(const Mapping& top);
  bool read_munition(const Field& f);
  bool read_supply(const Field& f);
  void read_strips(const Field& f);
  void read_aircraft_type(const Field& f);
  static BattleDamage read_battle_damage(const Mapping& m);

  // ---- objectives and how far aircraft fly (read_operations.cpp) -----------------------
  void read_objective(const Field& f);
  Reach read_reach(const Mapping& m) const;
  std::optional<uint32_t> read_entry_objective(const Mapping& a, uint32_t type) const;
  void compute_sortie_rates();

  // ---- nodes and groups (read_nodes.cpp) ------------------------------------------------
  void read_nodes(const Field& f);
  static void check_node_keys(const Mapping& m, NodeKind kind);
  void read_node(const Field& f);
  static void read_runways(const Mapping& m, NodeDraft& d);
  static void read_ramp(const Mapping& m, Node& b);
  void read_parking(const Mapping& m, NodeDraft& d) const;
  void check_spot(const Field& f, const ParkingSpot& spot, const std::string& at) const;
  std::vector<ParkingSpot> read_parking_file(const Field& f, const GeoPoint& base) const;
  void read_repair(const Mapping& m, NodeDraft& d) const;
  void check_repair_kits();
  void read_aircraft(const Mapping& m, NodeDraft& d);
  static void check_parking(const Field& f, const Node& b);
  void read_defenses(const Mapping& m, NodeDraft& d);
  void read_dock_entries(const Mapping& m, NodeDraft& d) const;
  void resolve_docks();
  void add_nodes();
  std::string nodes_of_kind(std::initializer_list<NodeKind> kinds) const;
  uint32_t resolve_node_of_kind(const Field& f, std::initializer_list<NodeKind> kinds,
                                const std::string& what) const;
  void read_groups(const Mapping& top);
  void read_group(const Field& f, IdTable& ids);

  // ---- sea areas (read_sea_areas.cpp) ---------------------------------------------------
  void read_sea_area(const Field& f);
  static void read_polygon(const Field& f, SeaShape& shape);
  void check_sea_reach(const Field& f, const SeaShape& shape, uint32_t missile) const;
  uint32_t areas_crossed(const GeoPoint& home, const GeoPoint& station) const;

  // ---- sustainment: ships, stocks, factories, routes, disruptions (read_sustainment.cpp) --
  void read_ship_class(const Field& f);
  void read_ship_exposure(const Mapping& m, uint32_t home, ShipClass& c) const;
  void read_route_hulls(const Mapping& m, Route& r, std::optional<uint32_t>& hulls) const;
  std::vector<std::pair<uint32_t, double>> read_ship_expends(const Mapping& m) const;
  void compute_ship_transit();
  void read_stocks(const Mapping& top);
  void read_stock(uint32_t node, const Mapping::Entry& cell);
  void read_consumption(const Mapping& top);
  void read_per_sortie(uint32_t type, const Mapping::Entry& cell);
  void read_factory(const Field& f, uint32_t key);
  static void read_surge(const Mapping& m, Factory& factory);
  void add_to_theatre_stock(uint32_t item, uint64_t amount, const Field& f);
  void check_bill_of_materials() const;
  enum class Visit : uint8_t { unseen, on_path, done };
  void visit_inputs(uint32_t item, const std::vector<std::vector<const BillEntry*>>& made_from,
                    std::vector<Visit>& state, std::vector<const BillEntry*>& path) const;
  [[noreturn]] void fail_circular(const std::vector<const BillEntry*>& path, uint32_t item) const;
  void read_routes(const Mapping& top);
  void read_route(const Field& f, uint32_t key, std::vector<std::pair<uint32_t, Route>>& routes);
  static void read_reorder(const Mapping& m, Route& r);
  void read_disruption(const Field& f, uint32_t key);
  void read_unit(const Field& f);
  void read_campaign(const Field& f);

  // ---- aircraft depot lines (read_depot_lines.cpp) -------------------------------------
  void read_depot_line(const Field& f, std::vector<std::vector<uint32_t>>& types);
  void assign_depot_lines(const std::vector<std::vector<uint32_t>>& types);

  const std::string& file_;
  const Posture& posture_;
  Scenario s_;
  Entities sites_{"launch site", "launch_sites"};
  Entities missiles_{"missile", "missiles"};
  Entities interceptors_{"interceptor", "interceptors"};
  Entities items_{"item", "munitions"};
  Entities strips_{"strip class", "strips"};  // all in the scenario: key = index; never include()d
  Entities objectives_{"objective", "objectives"};
  Entities types_{"aircraft type", "aircraft_types"};
  Entities nodes_{"node", "nodes"};
  Entities sea_areas_{"sea area", "sea_areas"};
  Entities ship_classes_{"ship class", "ship_classes"};
  Entities units_{"unit", "units"};
  Entities campaigns_{"campaign", "campaigns"};
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
  std::vector<GeoPoint> objective_at_;  // by key
  std::vector<Reach> reach_;            // per aircraft type present, by index
  std::vector<SeaShape> sea_shapes_;    // by key
  std::vector<uint32_t> ship_home_;
  std::vector<bool> ship_sealift_;
  std::vector<double> ship_speed_kmpd_;
  std::vector<Field> ship_speed_field_;
  uint64_t ships_ = 0;
  std::vector<uint64_t> theatre_stock_;  // per item key: stocks and factory output, all postures
  uint64_t interceptors_held_ = 0;       // in all batteries, all postures
  uint64_t missiles_a_day_ = 0;          // asked for by all raids, all postures
  std::vector<BillEntry> bill_;          // every factory's inputs
  bool days_read_ = true;                // false: `days:` has an error
  ErrorLog errors_;
};

template <class Read>
bool ScenarioBuilder::attempt(Read&& read) {
  if (errors_.full()) return false;
  bool read_all = false;
  try {
    read();
    read_all = true;
  } catch (const ScenarioError& e) {
    errors_.add(e);
  } catch (const UnreadableEntity&) {
    // The reason is reported where the group is defined.
  }
  if (!read_all) keep_keys_aligned();
  return read_all;
}

template <class Read>
void ScenarioBuilder::entry(Entities& group, const Field& f, Read&& read) {
  const size_t before = group.size();
  const size_t found = errors_.found().size();
  if (attempt(read)) return;
  if (group.size() == before) {
    register_id(group, f);
  } else if (errors_.found().size() > found && errors_.found()[found].key().ends_with(".id")) {
    group.lose_id();  // added, but under an id refused: the one meant is not known
  }
  for (size_t key = before; key < group.size(); ++key)
    group.mark_unreadable(static_cast<uint32_t>(key));
  keep_keys_aligned();
}

template <class Read>
void ScenarioBuilder::section(Entities& group, Read&& read) {
  if (!attempt(read)) group.mark_unreadable();
}

}  // namespace contested::scenario_schema
