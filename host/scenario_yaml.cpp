// Scenario YAML → flat Scenario: the schema of MODEL.md 4-7, one line per field where
// possible, written with the strict reader of yaml_reader.hpp, so that every problem is a
// ScenarioError at the offending line.
#include "host/scenario_yaml.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "host/yaml_reader.hpp"

namespace contested {
namespace {

// The schema below is written in the reader's vocabulary (Mapping, Field, read, Int, …).
using namespace yaml;

// ====================================================================================
// The schema (MODEL.md sections 4-7)
// ====================================================================================

// Sizes beyond these are mistakes, not scenarios, and would blow up per-trial state.
constexpr size_t kMaxLaunchSites = 10000;
constexpr size_t kMaxMissiles = 1000;
constexpr size_t kMaxInterceptors = 1000;
constexpr size_t kMaxStrips = kMaxStripClasses;
constexpr size_t kMaxAircraftTypes = 1000;
constexpr size_t kMaxNodes = 10000;
constexpr size_t kMaxRunwaysPerBase = 64;
constexpr size_t kMaxBatteriesPerBase = 64;
constexpr size_t kMaxRaids = 100000;
constexpr uint32_t kMaxAircraftPerBase = 10000;
constexpr uint64_t kMaxAircraftTheatre = 1000000;
constexpr uint32_t kMaxDays = 3650;
constexpr uint64_t kMaxLaunchesPerDay = 1000000000;
constexpr double kEarthRadiusKm = 6371.0;

const Choices<Warhead> kWarheads{
    {{"unitary", Warhead::unitary}, {"submunition", Warhead::submunition}}};
const Choices<When> kWhens{{{"always", When::always},
                            {"runway_open", When::runway_open},
                            {"aircraft_present", When::aircraft_present}}};
const Choices<FirePolicy> kPolicies{
    {{"barrage", FirePolicy::barrage}, {"shoot_look_shoot", FirePolicy::shoot_look_shoot}}};
const Choices<Aim> kAims{{{"runway", Aim::runway},
                          {"shelters", Aim::shelters},
                          {"ramp", Aim::ramp},
                          {"fuel", Aim::fuel},
                          {"munitions", Aim::munitions}}};
// In the model (MODEL.md 4, 8) but not in this engine version: refused with a reason.
const std::vector<std::string> kLaterAims{"docks", "piers", "factory"};
const std::vector<std::string> kLaterKinds{"naval_base", "port", "depot", "repair_yard", "factory"};

double great_circle_km(const GeoPoint& a, const GeoPoint& b) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  const double dlat = (b.lat_deg - a.lat_deg) * kRad;
  const double dlon = (b.lon_deg - a.lon_deg) * kRad;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(a.lat_deg * kRad) * std::cos(b.lat_deg * kRad) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

class ScenarioBuilder {
 public:
  ScenarioBuilder(const std::string& file, const std::string& default_name) : file_(file) {
    s_.name = default_name;
  }

  Scenario build(const YAML::Node& root) {
    const Mapping top(Field{root, root.Mark(), "", &file_},
                      {"name", "days", "launch_sites", "missiles", "raids", "interceptors", "nodes",
                       "aircraft_types", "strips"});
    if (const auto name = top.find("name")) s_.name = read_text(*name, "a non-empty name");
    s_.days = top.get("days", Int{1, kMaxDays}, s_.days);
    for (const Field& f : list(top, "launch_sites", {1, kMaxLaunchSites, "launch site"})) {
      read_launch_site(f);
    }
    for (const Field& f : list(top, "missiles", {1, kMaxMissiles, "missile class"})) {
      read_missile(f);
    }
    read_interceptors(top);
    read_strips(top.at("strips", "a mapping of strip class → {length_m, width_m}"));
    if (const auto types = top.find("aircraft_types")) {
      for (const Field& f : read_list(*types, {0, kMaxAircraftTypes, "aircraft type"})) {
        read_aircraft_type(f);
      }
    }
    read_nodes(top.at("nodes", "a list of 1.." + std::to_string(kMaxNodes) + " nodes"));
    const auto raids = list(top, "raids", {1, kMaxRaids, "raid"});
    for (size_t i = 0; i < raids.size(); ++i)
      read_raid(raids[i], static_cast<uint32_t>(i));
    finalize(top);
    return std::move(s_);
  }

 private:
  static std::vector<Field> list(const Mapping& m, std::string_view key, const Size& size) {
    return read_list(m.at(key, "a list of " + std::to_string(size.lo) + ".." +
                                   std::to_string(size.hi) + " " + plural_of(size.noun)),
                     size);
  }

  // The raid plan can ask for more craters per runway than per-trial state can hold;
  // Scenario::finalize() finds out, and the user hears it as a problem of the raids.
  void finalize(const Mapping& top) {
    try {
      s_.finalize();
    } catch (const std::length_error& e) {
      fail(top.at("raids", ""), e.what() + std::string(" (allowed: at most ") +
                                    std::to_string(kMaxCratersPerRunway) + " craters per runway)");
    }
  }

  static GeoPoint read_location(const Mapping& m) {
    return {m.get("lat", closed(-90, 90)), m.get("lon", closed(-180, 180))};
  }

  // ---- the adversary --------------------------------------------------------------

  void read_launch_site(const Field& f) {
    const Mapping m(f, {"id", "lat", "lon"}, "launch_sites");
    sites_.add(m.at("id", "an id"));
    s_.launch_site_ids.push_back(sites_.names().back());
    s_.launch_sites.push_back(read_location(m));
  }

  void read_missile(const Field& f) {
    const Mapping m(
        f,
        {"id", "range_km", "speed_kmps", "reliability", "cep_m", "warhead", "lethal_radius_m",
         "crater_radius_m", "submunition_radius_m", "submunition_pk", "craters_per_missile",
         "defense_pk_scale", "inventory", "launchers", "salvos_per_day", "launch_sites"},
        "missiles");
    missiles_.add(m.at("id", "an id"));
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
    s_.missiles.push_back(c);
    s_.missile_ids.push_back(missiles_.names().back());
    read_missile_sites(m);
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
      return;
    }
    // A unitary class with a bomblet pattern is a contradiction the user should resolve.
    refuse_for_unitary(m, "submunition_radius_m", closed(0, 10000));
    refuse_for_unitary(m, "submunition_pk", closed(0, 1));
    refuse_for_unitary(m, "craters_per_missile", Int{0, 10000});
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
        fail(f, "launch site " + in_quotes(sites_.names()[site]) +
                    " is listed twice (allowed: each site once)");
      }
      sites.push_back(site);
    }
    missile_sites_.push_back(std::move(sites));
  }

  // ---- interceptors, strips and aircraft types -------------------------------------

  void read_interceptors(const Mapping& top) {
    const std::optional<Field> list_field = top.find("interceptors");
    if (!list_field) return;
    for (const Field& f : read_list(*list_field, {0, kMaxInterceptors, "interceptor"})) {
      const Mapping m(f, {"id", "pk"}, "interceptors");
      interceptors_.add(m.at("id", "an id"));
      s_.interceptor_ids.push_back(interceptors_.names().back());
      const std::string shape = "a mapping of missile id (or default) → probability";
      read_pk_row(Mapping::open(m.at("pk", shape), shape));
    }
  }

  // One interceptor's pk against each missile class: `default`, overridden per missile id.
  void read_pk_row(const Mapping& pk) {
    const Real range = closed(0, 1);
    const double fallback = pk.get("default", range, 0.0);
    const size_t row = s_.interceptor_pk.size();
    s_.interceptor_pk.resize(row + missiles_.size(), fallback);
    for (const Mapping::Entry& e : pk.entries()) {
      if (e.key == "default") continue;
      s_.interceptor_pk[row + missiles_.resolve(e.key_field)] = read(e.value, range);
    }
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
    const Mapping m(f, {"id", "strip", "sortie_rate", "mc_rate", "fix_rate"}, "aircraft_types");
    types_.add(m.at("id", "an id"));
    AircraftType t{};
    t.strip = strips_.resolve(m.at("strip", "a strip class"));
    t.sortie_rate = m.get("sortie_rate", closed(0, 24));
    t.mc_rate = m.get("mc_rate", above(0, 1));
    t.fix_rate = m.get("fix_rate", closed(0, 1));
    // MODEL.md 7: the MC → NMC probability that keeps the MC share at mc_rate.
    const double breaks = t.fix_rate * (1 - t.mc_rate) / t.mc_rate;
    if (breaks > 1) {
      fail(m.at("fix_rate", ""),
           "fix_rate * (1 - mc_rate) / mc_rate = " + formatted("%.4g", breaks) +
               " is the daily break probability of a mission-capable aircraft and must not "
               "exceed 1 (allowed: fix_rate <= mc_rate / (1 - mc_rate) = " +
               formatted("%.4g", t.mc_rate / (1 - t.mc_rate)) + ")");
    }
    s_.aircraft_types.push_back(t);
    s_.aircraft_type_ids.push_back(types_.names().back());
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

  static void check_kind(const Field& f) {
    const std::string kind = read_text(f, "a node kind");
    if (std::find(kLaterKinds.begin(), kLaterKinds.end(), kind) != kLaterKinds.end()) {
      fail(f, "kind " + in_quotes(kind) +
                  " is not supported by this engine version (allowed: airbase)");
    }
    if (kind != "airbase") {
      fail(f, "unknown kind " + in_quotes(kind) + did_you_mean(kind, {"airbase"}) +
                  " (allowed: airbase)");
    }
  }

  void read_node(const Field& f) {
    const std::vector<std::string> keys{"id",
                                        "kind",
                                        "lat",
                                        "lon",
                                        "runways",
                                        "shelters",
                                        "ramp",
                                        "fuel_tanks",
                                        "munition_igloos",
                                        "repair",
                                        "airborne_fraction",
                                        "aircraft",
                                        "defenses"};
    // The kind before the keys: other kinds bring keys of their own, and the kind is the
    // real problem then.
    const Mapping any = Mapping::open(f, "a mapping with keys " + join_names(keys), "nodes");
    check_kind(any.at("kind", "airbase"));
    const Mapping m(f, keys, "nodes");
    const uint32_t index = nodes_.add(m.at("id", "an id"));
    Base b{};
    b.key = index;
    s_.base_ids.push_back(nodes_.names().back());
    s_.base_locations.push_back(read_location(m));
    read_runways(m, b);
    b.shelters = m.get("shelters", Int{0, 10000}, 0u);
    read_ramp(m, b);
    b.fuel_tanks = m.get("fuel_tanks", Int{0, 10000}, 0u);
    b.munition_igloos = m.get("munition_igloos", Int{0, 10000}, 0u);
    read_repair(m, b);
    b.airborne_fraction = m.get("airborne_fraction", closed(0, 1), 0.0);
    read_aircraft(m, b);
    read_defenses(m, b);
    s_.bases.push_back(b);
  }

  void read_runways(const Mapping& m, Base& b) {
    b.runway_begin = static_cast<uint32_t>(s_.runways.size());
    const std::optional<Field> f = m.find("runways");
    if (!f) return;
    for (const Field& item : read_list(*f, {0, kMaxRunwaysPerBase, "runway"})) {
      const Mapping r(item, {"length_m", "width_m"});
      Runway runway{};
      runway.length_m = r.get("length_m", above(0, 10000));
      runway.width_m = r.get("width_m", above(0, 1000));
      s_.runways.push_back(runway);
      ++b.runway_count;
    }
  }

  static void read_ramp(const Mapping& m, Base& b) {
    const std::optional<Field> f = m.find("ramp");
    if (!f) return;
    const Mapping r(*f, {"length_m", "width_m"});
    b.ramp_length_m = r.get("length_m", above(0, 20000));
    b.ramp_width_m = r.get("width_m", above(0, 20000));
  }

  static void read_repair(const Mapping& m, Base& b) {
    b.repair = Repair{0, 1.0, 0.0, 24.0};  // no runways, nothing to repair
    const std::string what =
        "{teams, hours_per_crater, sigma, hours_per_day}; runways need crews to repair craters";
    const std::optional<Field> f =
        b.runway_count > 0 ? std::optional(m.at("repair", what)) : m.find("repair");
    if (!f) return;
    const Mapping r(*f, {"teams", "hours_per_crater", "sigma", "hours_per_day"});
    b.repair.teams = r.get("teams", Int{0, 1000});
    b.repair.hours_per_crater = r.get("hours_per_crater", above(0, 1000));
    b.repair.sigma = r.get("sigma", closed(0, 3));
    b.repair.hours_per_day = r.get("hours_per_day", above(0, 24), 24.0);
  }

  void read_aircraft(const Mapping& m, Base& b) {
    b.aircraft_begin = static_cast<uint32_t>(s_.aircraft_type_of.size());
    const std::optional<Field> f = m.find("aircraft");
    if (!f) return;
    std::vector<uint32_t> seen;
    for (const Field& item : read_list(*f, {0, kMaxAircraftTypes, "aircraft entry"})) {
      const Mapping a(item, {"type", "count"});
      const Field type_field = a.at("type", "an aircraft type id");
      const uint32_t type = types_.resolve(type_field);
      if (std::find(seen.begin(), seen.end(), type) != seen.end()) {
        fail(type_field, "aircraft type " + in_quotes(types_.names()[type]) +
                             " is listed twice at this base; merge the counts (allowed: each "
                             "type once per base)");
      }
      seen.push_back(type);
      const uint32_t count = a.get("count", Int{0, kMaxAircraftPerBase});
      b.aircraft_count += count;
      if (b.aircraft_count > kMaxAircraftPerBase) {
        fail(*f, std::to_string(b.aircraft_count) +
                     " aircraft or more at one base (allowed: at most " +
                     std::to_string(kMaxAircraftPerBase) + " per base)");
      }
      s_.aircraft_type_of.insert(s_.aircraft_type_of.end(), count, type);
    }
    check_parking(*f, b);
    if (s_.aircraft_type_of.size() > kMaxAircraftTheatre) {
      fail(*f, std::to_string(s_.aircraft_type_of.size()) +
                   " aircraft in the theatre so far (allowed: at most " +
                   std::to_string(kMaxAircraftTheatre) + ")");
    }
  }

  // MODEL.md 6: aircraft fill shelters first, then the ramp; with neither they have nowhere to be.
  static void check_parking(const Field& f, const Base& b) {
    if (b.aircraft_count <= b.shelters || b.ramp_length_m > 0) return;
    fail(f, std::to_string(b.aircraft_count) + " aircraft but only " + std::to_string(b.shelters) +
                " shelters and no ramp to park the rest (allowed: at most " +
                std::to_string(b.shelters) + " aircraft, or add a ramp)");
  }

  void read_defenses(const Mapping& m, Base& b) {
    b.battery_begin = static_cast<uint32_t>(s_.batteries.size());
    const std::optional<Field> f = m.find("defenses");
    if (!f) return;
    for (const Field& item : read_list(*f, {0, kMaxBatteriesPerBase, "battery"})) {
      const Mapping d(item, {"interceptor", "inventory", "shots_per_target", "policy", "channels"});
      Battery battery{};
      battery.base = b.key;
      battery.interceptor = interceptors_.resolve(d.at("interceptor", "an interceptor id"));
      battery.inventory = d.get("inventory", Int{0, 1000000000});
      battery.shots_per_target = d.get("shots_per_target", Int{1, 16}, 1u);
      battery.policy = d.get("policy", kPolicies, FirePolicy::barrage);
      battery.channels = d.get("channels", Int{1, 10000});
      s_.batteries.push_back(battery);
      ++b.battery_count;
    }
  }

  // ---- raids ----------------------------------------------------------------------

  void read_raid(const Field& f, uint32_t index) {
    const Mapping m(f, {"days", "target", "aim", "missile", "count", "when", "runway"});
    Raid r{};
    r.key = index;
    const Field target = m.at("target", "a node id");
    r.base = nodes_.resolve(target);
    r.missile = missiles_.resolve(m.at("missile", "a missile id"));
    r.aim = read_aim(m.at("aim", join_names(kAims.names())));
    r.count = m.get("count", Int{1, 1000000});
    r.when = m.get("when", kWhens, When::always);
    read_raid_days(m.at("days", "[first, last]"), r);
    check_aim_fits(m.at("aim", ""), r);
    r.runway = read_raid_runway(m, r);
    s_.raid_flight_hours.push_back(flight_hours(target, r));
    s_.raids.push_back(r);
  }

  static Aim read_aim(const Field& f) {
    const std::string aim = read_text(f, "an aim");
    if (std::find(kLaterAims.begin(), kLaterAims.end(), aim) != kLaterAims.end()) {
      fail(f, "aim " + in_quotes(aim) + " needs a node with " + aim +
                  "; this engine version models air bases only (allowed: " +
                  join_names(kAims.names()) + ")");
    }
    return read(f, kAims);
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
  static bool offers(const Base& b, Aim aim) {
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
    }
    return false;
  }

  void check_aim_fits(const Field& f, const Raid& r) const {
    const Base& b = s_.bases[r.base];
    if (offers(b, r.aim)) return;
    static const char* const kNeeds[] = {"a runway", "shelters", "a ramp", "fuel_tanks",
                                         "munition_igloos"};
    std::vector<std::string> available;
    for (const auto& [name, aim] : kAims.options) {
      if (offers(b, aim)) available.push_back(name);
    }
    fail(f, "aim " + in_quotes(f.node.Scalar()) + " needs " + kNeeds[static_cast<int>(r.aim)] +
                ", but " + s_.base_ids[r.base] +
                " has none (allowed: " + (available.empty() ? "nothing" : join_names(available)) +
                " at " + s_.base_ids[r.base] + ")");
  }

  uint32_t read_raid_runway(const Mapping& m, const Raid& r) const {
    const std::optional<Field> f = m.find("runway");
    if (!f) return kAllRunways;
    if (r.aim != Aim::runway) {
      fail(*f, "applies only to aim: runway (allowed: absent for aim " +
                   in_quotes(kAims.names()[static_cast<int>(r.aim)]) + ")");
    }
    const Base& b = s_.bases[r.base];
    const uint32_t index = read(*f, Int{0, kMaxRunwaysPerBase - 1});
    if (index >= b.runway_count) {
      fail(*f, "runway " + std::to_string(index) + " is out of range: " + s_.base_ids[r.base] +
                   " has " + plural(b.runway_count, "runway") + " (allowed: 0.." +
                   std::to_string(b.runway_count - 1) + ")");
    }
    return index;
  }

  std::string site_names(uint32_t missile) const {
    std::vector<std::string> names;
    for (const uint32_t site : missile_sites_[missile])
      names.push_back(sites_.names()[site]);
    return join_names(names);
  }

  // MODEL.md 4: the nearest launch site within range sets the flight time; none in range
  // means the raid cannot happen, which is a scenario error.
  double flight_hours(const Field& target, const Raid& r) const {
    const GeoPoint& at = s_.base_locations[r.base];
    double nearest_km = INFINITY;
    uint32_t nearest = 0;
    for (const uint32_t site : missile_sites_[r.missile]) {
      const double km = great_circle_km(s_.launch_sites[site], at);
      if (km < nearest_km) {
        nearest_km = km;
        nearest = site;
      }
    }
    if (nearest_km > range_km_[r.missile]) {
      fail(target, "no launch site of missile " + in_quotes(s_.missile_ids[r.missile]) +
                       " is within " + number_text(range_km_[r.missile]) + " km of " +
                       s_.base_ids[r.base] + " (nearest: " + sites_.names()[nearest] + " at " +
                       formatted("%.1f", nearest_km) + " km) (allowed: targets within " +
                       number_text(range_km_[r.missile]) + " km of " + site_names(r.missile) + ")");
    }
    return nearest_km / speed_kmps_[r.missile] / 3600.0;
  }

  const std::string& file_;
  Scenario s_;
  IdTable sites_{"launch site", "launch_sites"};
  IdTable missiles_{"missile", "missiles"};
  IdTable interceptors_{"interceptor", "interceptors"};
  IdTable strips_{"strip class", "strips"};
  IdTable types_{"aircraft type", "aircraft_types"};
  IdTable nodes_{"node", "nodes"};
  // Needed only while loading: reach and flight time of raids.
  std::vector<double> range_km_;
  std::vector<double> speed_kmps_;
  std::vector<std::vector<uint32_t>> missile_sites_;
};

YAML::Node parse_document(const std::string& text, const std::string& label) {
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    throw ScenarioError(label, e.mark, "yaml", e.msg + " (YAML syntax error)");
  }
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

Scenario load(const std::string& text, const std::string& label, const std::string& name) {
  const YAML::Node root = parse_document(text, label);
  Scenario s = ScenarioBuilder(label, name).build(root);
  s.source_path = label;
  s.source_text = text;
  return s;
}

}  // namespace

Scenario load_scenario_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  const bool directory = std::filesystem::is_directory(path, ec);
  if (!in || directory) {
    const std::string why = directory ? "it is a directory" : std::strerror(errno);
    throw ScenarioError(
        path, 0, 0, "file",
        "cannot read the scenario file: " + why + " (allowed: a readable YAML file)");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load(text.str(), path, std::filesystem::path(path).stem().string());
}

Scenario load_scenario_text(const std::string& text, const std::string& label) {
  return load(text, label, "scenario");
}

}  // namespace contested
