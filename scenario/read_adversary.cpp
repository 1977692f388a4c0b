// The adversary (docs/scenario-format.md): the launch sites, the missile classes (warheads,
// launch rates, the sites they fire from) and the raids (days, hours and their waves, aims,
// runway patterns and strips), each raid checked against its target and timed from the
// nearest launch site in range; then the raids put in the order they fire.
#include "scenario/scenario_builder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "kernels/limits.hpp"
#include "kernels/scenario.hpp"
#include "scenario/yaml_reader.hpp"

namespace contested::scenario_schema {
namespace {

// Sizes beyond these are mistakes, not scenarios, and would blow up per-trial state.
constexpr uint64_t kMaxLaunchesPerDay = 1000000000;

const Choices<Warhead> kWarheads{
    {{"unitary", Warhead::unitary}, {"submunition", Warhead::submunition}}};
const Choices<When> kWhens{{{"always", When::always},
                            {"runway_open", When::runway_open},
                            {"strip_open", When::strip_open},
                            {"aircraft_present", When::aircraft_present}}};
const Choices<RunwayPattern> kPatterns{{{"centreline", RunwayPattern::centreline},
                                        {"cut", RunwayPattern::cut},
                                        {"cut_across", RunwayPattern::cut_across}}};
const Choices<Aim> kAims{{{"runway", Aim::runway},
                          {"shelters", Aim::shelters},
                          {"ramp", Aim::ramp},
                          {"fuel", Aim::fuel},
                          {"munitions", Aim::munitions},
                          {"docks", Aim::docks},
                          {"piers", Aim::piers},
                          {"factory", Aim::factory},
                          {"ships", Aim::ships},
                          // Parked aircraft: the ramp's grid, or a `pick:` rule.
                          {"aircraft", Aim::ramp}}};
const Choices<RampPick> kPicks{
    {{"grid", RampPick::grid}, {"random", RampPick::random}, {"densest", RampPick::densest}}};

}  // namespace

// ---- launch sites and missiles ------------------------------------------------------------

void ScenarioBuilder::read_launch_site(const Field& f) {
  const Mapping m(f, {"id", "lat", "lon", "requires"}, "launch_sites");
  const uint32_t key = sites_.add(m.at("id", "an id"));
  site_at_.push_back(read_location(m));
  if (!exists(m, "launch_sites")) return;
  sites_.include(key);
  s_.launch_site_ids.push_back(sites_.name(key));
  s_.launch_sites.push_back(site_at_[key]);
}

void ScenarioBuilder::read_missile(const Field& f) {
  const Mapping m(f,
                  {"id", "range_km", "speed_kmps", "reliability", "cep_m", "warhead",
                   "lethal_radius_m", "crater_radius_m", "submunition_radius_m", "submunition_pk",
                   "craters_per_missile", "submunitions", "defense_pk_scale", "aircraft_pk",
                   "inventory", "launchers", "salvos_per_day", "launch_sites", "requires"},
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
  // A pattern's bomblets kill with submunition_pk; a unitary warhead with aircraft_pk.
  c.aircraft_pk = 1.0;
  if (c.warhead == Warhead::unitary) {
    c.aircraft_pk = m.get("aircraft_pk", closed(0, 1), 1.0);
  } else if (const std::optional<Field> pk = m.find("aircraft_pk")) {
    fail(*pk,
         "applies only to unitary warheads; a pattern kills parked aircraft with "
         "submunition_pk (allowed: absent for warhead: submunition)");
  }
  c.defense_pk_scale = m.get("defense_pk_scale", closed(0, 10), 1.0);
  c.inventory = m.get("inventory", Int{0, 1000000000});
  c.launches_per_day = read_launch_rate(m);
  read_missile_sites(m);
  // A class exists if it is required and one of its launch sites exists.
  const std::vector<uint32_t>& sites = missile_sites_.back();
  const bool can_launch = std::any_of(sites.begin(), sites.end(),
                                      [this](uint32_t site) { return sites_.present(site); });
  if (!exists(m, "missiles") || !can_launch) return;
  missiles_.include(key);
  s_.missiles.push_back(c);
  s_.missile_ids.push_back(missiles_.name(key));
}

void ScenarioBuilder::read_lethal_radii(const Mapping& m, MissileClass& c) {
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

void ScenarioBuilder::read_submunition(const Mapping& m, MissileClass& c) {
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
void ScenarioBuilder::refuse_for_unitary(const Mapping& m, std::string_view key, const Spec& spec) {
  const std::optional<Field> f = m.find(key);
  if (f && read(*f, spec) != 0) {
    fail(*f,
         "applies only to warhead: submunition, but this missile is unitary (allowed: 0 or "
         "absent for unitary warheads)");
  }
}

uint32_t ScenarioBuilder::read_launch_rate(const Mapping& m) {
  const uint64_t launchers = m.get("launchers", Int{1, 1000000});
  const uint64_t salvos = m.get("salvos_per_day", Int{1, 1000}, 1u);
  if (launchers * salvos > kMaxLaunchesPerDay) {
    fail(m.at("salvos_per_day", ""),
         "launchers * salvos_per_day = " + std::to_string(launchers * salvos) +
             " launches a day (allowed: at most " + std::to_string(kMaxLaunchesPerDay) + ")");
  }
  return static_cast<uint32_t>(launchers * salvos);
}

void ScenarioBuilder::read_missile_sites(const Mapping& m) {
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

// ---- raids ----------------------------------------------------------------------

void ScenarioBuilder::read_raid(const Field& f, uint32_t key) {
  const Mapping m(f, {"days", "hour", "target", "aim", "missile", "count", "when", "strip",
                      "pattern", "runway", "pick", "requires"});
  Raid r{};
  r.key = key;
  const Field target = m.at("target", "a node id");
  const uint32_t node = nodes_.resolve(target);
  const uint32_t missile = missiles_.resolve(m.at("missile", "a missile id"));
  r.aim = m.get("aim", kAims);
  r.count = m.get("count", Int{1, 1000000});
  const std::vector<uint32_t> hours = read_raid_hours(m);
  const uint64_t before = missiles_a_day_;
  missiles_a_day_ += uint64_t{r.count} * hours.size();
  if (missiles_a_day_ > kMaxTheatreCount && before <= kMaxTheatreCount) {
    fail(m.at("count", ""), "the raids ask for " + std::to_string(missiles_a_day_) +
                                " missiles a day so far (allowed: at most " +
                                std::to_string(kMaxTheatreCount) +
                                " in all, whatever the posture: per-trial counts are 32-bit)");
  }
  r.when = m.get("when", kWhens, When::always);
  std::tie(r.first_day, r.last_day) = read_days(m.at("days", "[first, last]"));
  // The rest checks the raid against its target and missile, which cannot be done when their
  // own entries had errors (the raid is absent then anyway).
  if (!nodes_.readable(node) || !missiles_.readable(missile)) return;
  check_aim_fits(m.at("aim", ""), node, r.aim);
  r.runway = read_raid_runway(m, node, r.aim);
  r.pattern = read_raid_pattern(m, r.aim);
  r.pick = read_raid_pick(m, r.aim);
  r.strip = read_raid_strip(m, node, r);
  const bool present = exists(m, "raids") && nodes_.present(node) && missiles_.present(missile);
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
std::vector<uint32_t> ScenarioBuilder::read_raid_hours(const Mapping& m) {
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

RunwayPattern ScenarioBuilder::read_raid_pattern(const Mapping& m, Aim aim) {
  const std::optional<Field> f = m.find("pattern");
  if (!f) return RunwayPattern::centreline;
  if (aim != Aim::runway) {
    fail(*f, "applies only to aim: runway (allowed: absent for aim " +
                 in_quotes(kAims.names()[static_cast<int>(aim)]) + ")");
  }
  return read(*f, kPatterns);
}

// `pick:` (docs/parking.md): how a raid on parked aircraft aims; grid when absent.
RampPick ScenarioBuilder::read_raid_pick(const Mapping& m, Aim aim) {
  const std::optional<Field> f = m.find("pick");
  if (!f) return RampPick::grid;
  if (aim != Aim::ramp) {
    fail(*f, "applies only to aim: aircraft (allowed: absent for aim " +
                 in_quotes(m.at("aim", "").node.Scalar()) + ")");
  }
  return read(*f, kPicks);
}

// The strip class a raid tests (`when: strip_open`) or denies (cut patterns): required by
// those, refused otherwise, and one the target's undamaged runways can hold.
uint32_t ScenarioBuilder::read_raid_strip(const Mapping& m, uint32_t node, const Raid& r) const {
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
  if (!strips_.readable(strip)) return strip;
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

std::string ScenarioBuilder::held_names(uint32_t held) const {
  std::vector<std::string> names;
  for (uint32_t c = 0; c < s_.strips.size(); ++c) {
    if ((held >> c) & 1u) names.push_back(strip_names()[c]);
  }
  return names.empty() ? "none" : join_names(names);
}

// Raids fire in hour order, in list order within an hour (the priority).
void ScenarioBuilder::order_raids_by_hour() {
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

// What each aim needs at the target, and the aims the target does offer.
bool ScenarioBuilder::offers(const Node& b, Aim aim) {
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
    case Aim::ships:
      // Where ships lie in port: a home port or a yard's docks.
      return b.kind == NodeKind::naval_base || b.kind == NodeKind::port ||
             b.kind == NodeKind::repair_yard;
  }
  return false;
}

void ScenarioBuilder::check_aim_fits(const Field& f, uint32_t node, Aim aim) const {
  const Node& b = drafts_[node].node;
  if (offers(b, aim)) return;
  static const char* const kNeeds[] = {
      "a runway",   "shelters",        "a ramp",
      "fuel_tanks", "munition_igloos", "docks",
      "piers",      "buildings",       "berths (a naval_base, port or repair_yard)"};
  std::vector<std::string> available;
  for (const auto& [name, offered] : kAims.options) {
    if (offers(b, offered)) available.push_back(name);
  }
  const std::string& id = nodes_.name(node);
  fail(f, "aim " + in_quotes(f.node.Scalar()) + " needs " + kNeeds[static_cast<int>(aim)] +
              ", but " + id + " has none (allowed: " +
              (available.empty() ? "nothing" : join_names(available)) + " at " + id + ")");
}

uint32_t ScenarioBuilder::read_raid_runway(const Mapping& m, uint32_t node, Aim aim) const {
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
// a raid that is absent anyway (but those whose entries had errors, with no location).
std::vector<uint32_t> ScenarioBuilder::raid_sites(uint32_t missile, bool present_only) const {
  std::vector<uint32_t> sites;
  for (const uint32_t site : missile_sites_[missile]) {
    if (present_only ? sites_.present(site) : sites_.readable(site)) sites.push_back(site);
  }
  return sites;
}

// The nearest launch site within range sets the flight time; none in range means the raid
// cannot happen, which is a scenario error (docs/scenario-format.md, Validation rules).
double ScenarioBuilder::flight_hours(const Field& target, uint32_t node, uint32_t missile,
                                     bool present_only) const {
  const GeoPoint& at = node_at_[node];
  const std::vector<uint32_t> sites = raid_sites(missile, present_only);
  if (sites.empty()) return 0;  // only sites with errors of their own: nothing to check
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
    fail(target, "no launch site of missile " + in_quotes(missiles_.name(missile)) + " is within " +
                     number_text(range_km_[missile]) + " km of " + nodes_.name(node) +
                     " (nearest: " + sites_.name(nearest) + " at " + formatted("%.1f", nearest_km) +
                     " km) (allowed: targets within " + number_text(range_km_[missile]) +
                     " km of " + join_names(names) + ")");
  }
  return nearest_km / speed_kmps_[missile] / 3600.0;
}

}  // namespace contested::scenario_schema
