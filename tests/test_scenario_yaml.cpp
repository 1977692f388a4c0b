// The scenario loader: a good file compiles into the right flat arrays, and each kind of
// mistake is reported at the right file, line, column and key with a useful message.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>
#include <vector>

#include "scenario/scenario_check.hpp"
#include "scenario/scenario_yaml.hpp"

namespace contested {
namespace {

// Line numbers below refer to this text: keep its layout when editing it.
const std::string kGood = R"yaml(name: test_theatre
days: 30
launch_sites:
  - {id: fujian, lat: 26.07, lon: 119.30}
  - {id: zhejiang, lat: 28.0, lon: 120.7}
missiles:
  - id: srbm
    range_km: 1000
    speed_kmps: 2.0
    reliability: 0.92
    cep_m: 50
    warhead: unitary
    lethal_radius_m: {hardened: 8, soft: 40}
    crater_radius_m: 8
    defense_pk_scale: 1.0
    inventory: 600
    launchers: 100
    salvos_per_day: 2
    launch_sites: [fujian]
  - id: cluster
    range_km: 3000
    speed_kmps: 3.0
    reliability: 0.9
    cep_m: 20
    warhead: submunition
    crater_radius_m: 2
    submunition_radius_m: 137
    submunition_pk: 0.8
    craters_per_missile: 6
    inventory: 200
    launchers: 30
    launch_sites: [fujian, zhejiang]
  - id: glide
    range_km: 2000
    speed_kmps: 5
    reliability: 0.95
    cep_m: 10
    lethal_radius_m: {hardened: 12, soft: 50}
    defense_pk_scale: 0.4
    inventory: 50
    launchers: 10
    launch_sites: [zhejiang]
interceptors:
  - {id: pac3, pk: {default: 0.7, glide: 0.3}}
  - {id: sm6, pk: {srbm: 0.6}}
strips:
  fighter: {length_m: 1525, width_m: 15}
  tanker: {length_m: 2450, width_m: 45}
aircraft_types:
  - {id: f35a, strip: fighter, sortie_rate: 2.0, mc_rate: 0.6, fix_rate: 0.35}
  - {id: kc135, strip: tanker, sortie_rate: 1.0, mc_rate: 0.75, fix_rate: 0.3}
nodes:
  - id: kadena
    kind: airbase
    lat: 26.3556
    lon: 127.7675
    runways:
      - {length_m: 3688, width_m: 91}
      - {length_m: 3688, width_m: 61}
    shelters: 15
    ramp: {length_m: 1500, width_m: 300}
    fuel_tanks: 12
    munition_igloos: 20
    repair: {teams: 3, hours_per_crater: 3.0, sigma: 0.4, hours_per_day: 20}
    airborne_fraction: 0.1
    aircraft:
      - {type: f35a, count: 3}
      - {type: kc135, count: 2}
    defenses:
      - {interceptor: pac3, inventory: 64, shots_per_target: 2, policy: barrage, channels: 16}
      - {interceptor: sm6, inventory: 32, policy: shoot_look_shoot, channels: 8}
  - id: andersen
    kind: airbase
    lat: 13.584
    lon: 144.93
    runways:
      - {length_m: 3200, width_m: 60}
    shelters: 4
    repair: {teams: 2, hours_per_crater: 4.0, sigma: 0.5}
    aircraft: [{type: kc135, count: 1}, {type: f35a, count: 2}]
    defenses:
      - {interceptor: sm6, inventory: 10, channels: 4}
  - id: depot_site
    kind: airbase
    lat: 24.5
    lon: 124.0
    runways: []
    fuel_tanks: 4
raids:
  - {days: [1, 1], target: kadena, aim: runway, missile: srbm, count: 24}
  - {days: [1, 2], target: kadena, aim: shelters, missile: srbm, count: 16}
  - {days: [2, 30], target: kadena, aim: runway, missile: srbm, count: 8, when: runway_open, runway: 1}
  - {days: [3, 5], target: andersen, aim: runway, missile: cluster, count: 4, when: aircraft_present}
  - {days: [4, 4], target: depot_site, aim: fuel, missile: glide, count: 2}
)yaml";

double haversine_km(double lat1, double lon1, double lat2, double lon2) {
  const double rad = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
  const double h = std::pow(std::sin(dlat / 2), 2) +
                   std::cos(lat1 * rad) * std::cos(lat2 * rad) * std::pow(std::sin(dlon / 2), 2);
  return 2 * 6371.0 * std::asin(std::sqrt(h));
}

TEST(ScenarioYaml, GoodScenarioCompilesToFlatArrays) {
  const Scenario s = load_scenario_text(kGood, "good.yaml");
  EXPECT_EQ(s.name, "test_theatre");
  EXPECT_EQ(s.source_path, "good.yaml");
  EXPECT_EQ(s.source_text, kGood);
  EXPECT_EQ(s.days, 30u);

  EXPECT_EQ(s.launch_site_ids, (std::vector<std::string>{"fujian", "zhejiang"}));
  ASSERT_EQ(s.launch_sites.size(), 2u);
  EXPECT_DOUBLE_EQ(s.launch_sites[1].lat_deg, 28.0);
  EXPECT_DOUBLE_EQ(s.launch_sites[1].lon_deg, 120.7);

  EXPECT_EQ(s.missile_ids, (std::vector<std::string>{"srbm", "cluster", "glide"}));
  ASSERT_EQ(s.missiles.size(), 3u);
  const MissileClass& srbm = s.missiles[0];
  EXPECT_EQ(srbm.warhead, Warhead::unitary);
  EXPECT_DOUBLE_EQ(srbm.reliability, 0.92);
  EXPECT_DOUBLE_EQ(srbm.cep_m, 50);
  EXPECT_DOUBLE_EQ(srbm.lethal_radius_hard_m, 8);
  EXPECT_DOUBLE_EQ(srbm.lethal_radius_soft_m, 40);
  EXPECT_DOUBLE_EQ(srbm.crater_radius_m, 8);
  EXPECT_DOUBLE_EQ(srbm.submunition_radius_m, 0);
  EXPECT_EQ(srbm.craters_per_missile, 0u);
  EXPECT_EQ(srbm.inventory, 600u);
  EXPECT_EQ(srbm.launches_per_day, 200u);  // 100 launchers * 2 salvos
  const MissileClass& cluster = s.missiles[1];
  EXPECT_EQ(cluster.warhead, Warhead::submunition);
  EXPECT_DOUBLE_EQ(cluster.submunition_radius_m, 137);
  EXPECT_DOUBLE_EQ(cluster.submunition_pk, 0.8);
  EXPECT_EQ(cluster.craters_per_missile, 6u);
  EXPECT_DOUBLE_EQ(cluster.lethal_radius_hard_m, 0);  // optional for submunitions
  EXPECT_DOUBLE_EQ(cluster.defense_pk_scale, 1.0);    // default
  EXPECT_EQ(cluster.launches_per_day, 30u);           // salvos_per_day defaults to 1
  const MissileClass& glide = s.missiles[2];
  EXPECT_EQ(glide.warhead, Warhead::unitary);  // default
  EXPECT_DOUBLE_EQ(glide.defense_pk_scale, 0.4);
  EXPECT_DOUBLE_EQ(glide.crater_radius_m, 0);  // default

  // pk rows: pac3 = default 0.7 with glide 0.3; sm6 = no default (0) with srbm 0.6.
  EXPECT_EQ(s.interceptor_ids, (std::vector<std::string>{"pac3", "sm6"}));
  EXPECT_EQ(s.interceptor_pk, (std::vector<double>{0.7, 0.7, 0.3, 0.6, 0.0, 0.0}));

  EXPECT_EQ(s.strip_ids, (std::vector<std::string>{"fighter", "tanker"}));
  ASSERT_EQ(s.strips.size(), 2u);
  EXPECT_DOUBLE_EQ(s.strips[1].length_m, 2450);
  EXPECT_DOUBLE_EQ(s.strips[1].width_m, 45);
  EXPECT_EQ(s.aircraft_type_ids, (std::vector<std::string>{"f35a", "kc135"}));
  ASSERT_EQ(s.aircraft_types.size(), 2u);
  EXPECT_EQ(s.aircraft_types[0].strip, 0u);
  EXPECT_EQ(s.aircraft_types[1].strip, 1u);
  EXPECT_DOUBLE_EQ(s.aircraft_types[1].mc_rate, 0.75);

  EXPECT_EQ(s.node_ids, (std::vector<std::string>{"kadena", "andersen", "depot_site"}));
  ASSERT_EQ(s.nodes.size(), 3u);
  ASSERT_EQ(s.node_locations.size(), 3u);
  EXPECT_DOUBLE_EQ(s.node_locations[0].lat_deg, 26.3556);
  const Node& kadena = s.nodes[0];
  const Node& andersen = s.nodes[1];
  const Node& depot = s.nodes[2];
  EXPECT_EQ(kadena.key, 0u);
  EXPECT_EQ(depot.key, 2u);
  // Runways grouped by base.
  EXPECT_EQ(kadena.runway_begin, 0u);
  EXPECT_EQ(kadena.runway_count, 2u);
  EXPECT_EQ(andersen.runway_begin, 2u);
  EXPECT_EQ(andersen.runway_count, 1u);
  EXPECT_EQ(depot.runway_begin, 3u);
  EXPECT_EQ(depot.runway_count, 0u);
  ASSERT_EQ(s.runways.size(), 3u);
  EXPECT_DOUBLE_EQ(s.runways[1].width_m, 61);
  EXPECT_DOUBLE_EQ(s.runways[2].length_m, 3200);
  EXPECT_GT(s.runways[0].crater_capacity, 0u);  // sized after loading
  // Facilities, repair and parking.
  EXPECT_EQ(kadena.shelters, 15u);
  EXPECT_DOUBLE_EQ(kadena.ramp_length_m, 1500);
  EXPECT_DOUBLE_EQ(kadena.ramp_width_m, 300);
  EXPECT_EQ(kadena.fuel_tanks, 12u);
  EXPECT_EQ(kadena.munition_igloos, 20u);
  EXPECT_EQ(kadena.repair.teams, 3u);
  EXPECT_DOUBLE_EQ(kadena.repair.hours_per_crater, 3.0);
  EXPECT_DOUBLE_EQ(kadena.repair.sigma, 0.4);
  EXPECT_DOUBLE_EQ(kadena.repair.hours_per_day, 20);
  EXPECT_DOUBLE_EQ(andersen.repair.hours_per_day, 24);  // default
  EXPECT_DOUBLE_EQ(kadena.airborne_fraction, 0.1);
  EXPECT_DOUBLE_EQ(andersen.ramp_length_m, 0);
  EXPECT_EQ(depot.fuel_tanks, 4u);
  // Aircraft slots: one per aircraft, grouped by base, in listing order.
  EXPECT_EQ(s.aircraft_type_of, (std::vector<uint32_t>{0, 0, 0, 1, 1, 1, 0, 0}));
  EXPECT_EQ(kadena.aircraft_begin, 0u);
  EXPECT_EQ(kadena.aircraft_count, 5u);
  EXPECT_EQ(andersen.aircraft_begin, 5u);
  EXPECT_EQ(andersen.aircraft_count, 3u);
  EXPECT_EQ(depot.aircraft_begin, 8u);
  EXPECT_EQ(depot.aircraft_count, 0u);
  // Batteries grouped by base, in listed order.
  ASSERT_EQ(s.batteries.size(), 3u);
  EXPECT_EQ(kadena.battery_begin, 0u);
  EXPECT_EQ(kadena.battery_count, 2u);
  EXPECT_EQ(andersen.battery_begin, 2u);
  EXPECT_EQ(andersen.battery_count, 1u);
  EXPECT_EQ(depot.battery_begin, 3u);
  EXPECT_EQ(depot.battery_count, 0u);
  EXPECT_EQ(s.batteries[0].interceptor, 0u);
  EXPECT_EQ(s.batteries[0].shots_per_target, 2u);
  EXPECT_EQ(s.batteries[0].channels, 16u);
  EXPECT_EQ(s.batteries[0].policy, FirePolicy::barrage);
  EXPECT_EQ(s.batteries[1].interceptor, 1u);
  EXPECT_EQ(s.batteries[1].shots_per_target, 1u);  // default
  EXPECT_EQ(s.batteries[1].policy, FirePolicy::shoot_look_shoot);
  EXPECT_EQ(s.batteries[2].node, 1u);
  EXPECT_EQ(s.batteries[2].inventory, 10u);
}

TEST(ScenarioYaml, RaidsKeepFileOrderAndResolveIndices) {
  const Scenario s = load_scenario_text(kGood);
  ASSERT_EQ(s.raids.size(), 5u);
  for (uint32_t i = 0; i < s.raids.size(); ++i)
    EXPECT_EQ(s.raids[i].key, i);
  const Raid& r2 = s.raids[2];
  EXPECT_EQ(r2.first_day, 2u);
  EXPECT_EQ(r2.last_day, 30u);
  EXPECT_EQ(r2.target, 0u);
  EXPECT_EQ(r2.missile, 0u);
  EXPECT_EQ(r2.count, 8u);
  EXPECT_EQ(r2.aim, Aim::runway);
  EXPECT_EQ(r2.when, When::runway_open);
  EXPECT_EQ(r2.runway, 1u);
  EXPECT_EQ(s.raids[0].runway, kAllRunways);
  EXPECT_EQ(s.raids[0].when, When::always);
  EXPECT_EQ(s.raids[1].aim, Aim::shelters);
  EXPECT_EQ(s.raids[3].target, 1u);
  EXPECT_EQ(s.raids[3].missile, 1u);
  EXPECT_EQ(s.raids[3].when, When::aircraft_present);
  EXPECT_EQ(s.raids[4].aim, Aim::fuel);
  EXPECT_EQ(s.raids[4].target, 2u);
}

TEST(ScenarioYaml, RaidFlightHoursComeFromTheNearestSiteInRange) {
  const Scenario s = load_scenario_text(kGood);
  ASSERT_EQ(s.raid_flight_hours.size(), 5u);
  const double fujian_kadena = haversine_km(26.07, 119.30, 26.3556, 127.7675);
  EXPECT_NEAR(s.raid_flight_hours[0], fujian_kadena / 2.0 / 3600, 1e-12);
  // cluster flies from fujian (3010 km, beyond its 3000 km) or zhejiang (2975 km).
  const double zhejiang_andersen = haversine_km(28.0, 120.7, 13.584, 144.93);
  EXPECT_NEAR(s.raid_flight_hours[3], zhejiang_andersen / 3.0 / 3600, 1e-12);
  const double zhejiang_depot = haversine_km(28.0, 120.7, 24.5, 124.0);
  EXPECT_NEAR(s.raid_flight_hours[4], zhejiang_depot / 5.0 / 3600, 1e-12);
}

TEST(ScenarioYaml, NameDefaultsToScenarioForText) {
  std::string text = kGood;
  text.erase(0, text.find('\n') + 1);  // drop the `name:` line
  EXPECT_EQ(load_scenario_text(text).name, "scenario");
  EXPECT_EQ(load_scenario_text(text).source_path, "<string>");
}

TEST(ScenarioYaml, FileLoadsVerbatimAndNameDefaultsToStem) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  const std::filesystem::path path = dir / "contested_test_pacific.yaml";
  std::string text = kGood;
  text.erase(0, text.find('\n') + 1);
  std::ofstream(path) << text;
  const Scenario s = load_scenario_file(path.string());
  std::filesystem::remove(path);
  EXPECT_EQ(s.name, "contested_test_pacific");
  EXPECT_EQ(s.source_path, path.string());
  EXPECT_EQ(s.source_text, text);
}

TEST(ScenarioYaml, MissingFileIsReportedAtLineZero) {
  try {
    load_scenario_file("/nonexistent/dir/theatre.yaml");
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.line(), 0);
    EXPECT_EQ(e.column(), 0);
    EXPECT_EQ(e.file(), "/nonexistent/dir/theatre.yaml");
    EXPECT_EQ(std::string(e.what()).rfind("/nonexistent/dir/theatre.yaml:0:0: file: ", 0), 0u)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("No such file"), std::string::npos) << e.what();
  }
}

// ---- one mistake at a time ------------------------------------------------------------

struct BadCase {
  std::string name;
  std::string from;      // must occur exactly once in kGood
  std::string to;        // its replacement
  std::string at;        // the error points at the start of this text (unique once edited)
  std::string key;       // key path in the message
  std::string fragment;  // must appear in the message
};

std::ostream& operator<<(std::ostream& os, const BadCase& c) {
  return os << c.name;
}

// Loads `text` expecting a ScenarioError; returns it (fails the test if none is thrown).
ScenarioError expect_error(const std::string& text) {
  try {
    load_scenario_text(text, "bad.yaml");
  } catch (const ScenarioError& e) {
    return e;
  }
  ADD_FAILURE() << "no ScenarioError for:\n" << text;
  return ScenarioError("", 0, 0, "", "");
}

// "bad.yaml:LINE:COL: KEY: " for the first character of `at` in `text`.
std::string prefix_at(const std::string& text, const std::string& at, const std::string& key) {
  const size_t offset = text.find(at);
  EXPECT_NE(offset, std::string::npos) << at;
  EXPECT_EQ(text.find(at, offset + 1), std::string::npos) << "ambiguous: " << at;
  const size_t line_start = offset == 0 ? 0 : text.rfind('\n', offset - 1) + 1;
  const auto line = std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n') + 1;
  const size_t column = offset - line_start + 1;
  return "bad.yaml:" + std::to_string(line) + ":" + std::to_string(column) + ": " + key + ": ";
}

void expect_error_at(const std::string& text, const std::string& at, const std::string& key,
                     const std::string& fragment) {
  const ScenarioError e = expect_error(text);
  const std::string what = e.what();
  const std::string prefix = prefix_at(text, at, key);
  EXPECT_EQ(what.rfind(prefix, 0), 0u) << "expected prefix: " << prefix << "\n     got: " << what;
  EXPECT_NE(what.find(fragment), std::string::npos)
      << "expected: " << fragment << "\n     got: " << what;
  EXPECT_EQ(e.key(), key);
  EXPECT_EQ(e.file(), "bad.yaml");
}

// Applies one BadCase to `base` and checks the error.
void check_bad_case(const std::string& base, const BadCase& c) {
  const size_t from = base.find(c.from);
  ASSERT_NE(from, std::string::npos) << c.from;
  ASSERT_EQ(base.find(c.from, from + 1), std::string::npos) << "ambiguous: " << c.from;
  std::string text = base;
  text.replace(from, c.from.size(), c.to);
  expect_error_at(text, c.at, c.key, c.fragment);
  // Every message but a syntax error says what would have been accepted.
  if (c.key != "yaml") {
    EXPECT_NE(std::string(expect_error(text).what()).find("(allowed: "), std::string::npos);
  }
}

class BadScenario : public testing::TestWithParam<BadCase> {};

TEST_P(BadScenario, IsReportedAtTheRightPlace) {
  check_bad_case(kGood, GetParam());
}

const BadCase kBadCases[] = {
    {"SyntaxError", "    cep_m: 50\n", "    cep_m: 50: 3\n", ": 3\n", "yaml",
     "illegal map value (YAML syntax error)"},
    {"StringForNumber", "    cep_m: 50\n", "    cep_m: fifty\n", "fifty", "missiles.srbm.cep_m",
     "expected a number, got 'fifty' (allowed: 0 < cep_m <= 100000)"},
    {"QuotedNumber", "reliability: 0.92", "reliability: \"0.92\"", "\"0.92\"",
     "missiles.srbm.reliability", "got the quoted string \"0.92\"; remove the quotes"},
    {"ListForMapping", "lethal_radius_m: {hardened: 8, soft: 40}", "lethal_radius_m: [8, 40]",
     "lethal_radius_m: [8, 40]", "missiles.srbm.lethal_radius_m",
     "expected a mapping, got a list (allowed: a mapping with keys hardened, soft)"},
    {"ScalarForList", "launch_sites: [zhejiang]", "launch_sites: zhejiang",
     "zhejiang\ninterceptors", "missiles.glide.launch_sites",
     "expected a list of launch sites, got 'zhejiang'"},
    {"RunwayWidthZero", "{length_m: 3688, width_m: 61}", "{length_m: 3688, width_m: 0}",
     "0}\n    shelters: 15", "nodes.kadena.runways[1].width_m",
     "0 is out of range (allowed: 0 < width_m <= 1000)"},
    {"Negative", "shelters: 15", "shelters: -3", "-3", "nodes.kadena.shelters",
     "-3 is out of range (allowed: integer 0..10000)"},
    {"NaN", "cep_m: 20", "cep_m: .nan", ".nan", "missiles.cluster.cep_m",
     ".nan is not a finite number"},
    {"Infinity", "speed_kmps: 5\n", "speed_kmps: .inf\n", ".inf", "missiles.glide.speed_kmps",
     ".inf is not a finite number (allowed: 0 < speed_kmps <= 30)"},
    {"ProbabilityAboveOne", "reliability: 0.9\n", "reliability: 1.5\n", "1.5",
     "missiles.cluster.reliability", "1.5 is out of range (allowed: 0 <= reliability <= 1)"},
    {"FractionalCount", "count: 24}", "count: 2.5}", "2.5", "raids[0].count",
     "expected an integer, got '2.5'"},
    {"ExponentCount", "inventory: 600", "inventory: 6e2", "6e2", "missiles.srbm.inventory",
     "write whole numbers without a decimal point or exponent"},
    {"UnknownKeyDidYouMean", "    cep_m: 50\n", "    cep: 50\n", "cep: 50", "missiles.srbm.cep",
     "unknown key 'cep', did you mean 'cep_m'? (allowed: id, range_km,"},
    {"UnknownTopLevelKey", "strips:\n", "strip:\n", "strip:\n", "strip",
     "unknown key 'strip', did you mean 'strips'?"},
    {"UnknownMissile", "missile: cluster", "missile: clustr", "clustr", "raids[3].missile",
     "unknown missile 'clustr', did you mean 'cluster'? (allowed: srbm, cluster, glide)"},
    {"UnknownNode", "target: andersen", "target: anderson", "anderson", "raids[3].target",
     "unknown node 'anderson', did you mean 'andersen'? (allowed: kadena, andersen, depot_site)"},
    {"UnknownInterceptor", "{interceptor: sm6, inventory: 10", "{interceptor: sm7, inventory: 10",
     "sm7", "nodes.andersen.defenses[0].interceptor",
     "unknown interceptor 'sm7', did you mean 'sm6'? (allowed: pac3, sm6)"},
    {"UnknownAircraftType", "{type: kc135, count: 1}", "{type: kc153, count: 1}", "kc153",
     "nodes.andersen.aircraft[0].type", "unknown aircraft type 'kc153', did you mean 'kc135'?"},
    {"UnknownStrip", "strip: tanker", "strip: tankr", "tankr", "aircraft_types.kc135.strip",
     "unknown strip class 'tankr', did you mean 'tanker'? (allowed: fighter, tanker)"},
    {"UnknownLaunchSite", "launch_sites: [zhejiang]", "launch_sites: [zhejang]", "zhejang",
     "missiles.glide.launch_sites[0]", "unknown launch site 'zhejang', did you mean 'zhejiang'?"},
    {"UnknownMissileInPkTable", "glide: 0.3", "glyde: 0.3", "glyde", "interceptors.pac3.pk.glyde",
     "unknown missile 'glyde', did you mean 'glide'?"},
    {"UnknownNodeKind", "    kind: airbase\n    lat: 24.5", "    kind: airbsae\n    lat: 24.5",
     "airbsae", "nodes.depot_site.kind",
     "unknown kind 'airbsae', did you mean 'airbase'? (allowed: airbase, naval_base, port, depot, "
     "repair_yard, factory)"},
    {"KindIsCheckedBeforeKeys", "    kind: airbase\n    lat: 24.5",
     "    kind: harbour\n    docks: {ddg: 2}\n    lat: 24.5", "harbour", "nodes.depot_site.kind",
     "unknown kind 'harbour'"},
    {"AirbaseKeyOnPort", "    kind: airbase\n    lat: 24.5", "    kind: port\n    lat: 24.5",
     "runways: []", "nodes.depot_site.runways",
     "runways applies only to nodes of kind airbase, not to a port (allowed: id, kind, lat, lon, "
     "piers, fuel_tanks, munition_igloos, defenses, restore, requires for a port)"},
    {"DuplicateMissileId", "  - id: glide\n", "  - id: srbm\n", "srbm\n    range_km: 2000",
     "missiles.srbm.id",
     "duplicate missile id 'srbm': first defined at line 7 (allowed: each id once)"},
    {"DuplicateNodeId", "  - id: andersen\n", "  - id: kadena\n",
     "kadena\n    kind: airbase\n    lat: 13.584", "nodes.kadena.id",
     "duplicate node id 'kadena': first defined at line 53 (allowed: each id once)"},
    {"DuplicateStripKey", "  tanker: {length_m: 2450", "  fighter: {length_m: 2450",
     "fighter: {length_m: 2450", "strips.fighter",
     "duplicate key 'fighter': first at line 47 (allowed: each key once)"},
    {"BadId", "  - id: kadena\n", "  - id: Kadena AB\n", "Kadena AB", "nodes[0].id",
     "'Kadena AB' is not a valid id; ids use only lowercase letters, digits and underscores, "
     "e.g. 'kadena_ab'"},
    {"RaidOutOfRange", "range_km: 1000", "range_km: 800",
     "kadena, aim: runway, missile: srbm, count: 24", "raids[0].target",
     "no launch site of missile 'srbm' is within 800 km of kadena (nearest: fujian at 845.2 km)"},
    {"DaysOutOfOrder", "days: [3, 5]", "days: [5, 3]", "days: [5, 3]", "raids[3].days",
     "days [5, 3] are out of order (allowed: [first, last] with first <= last)"},
    {"DayBeyondScenario", "days: [2, 30]", "days: [2, 31]", "31]", "raids[2].days[1]",
     "31 is out of range (allowed: integer 1..30, within the scenario's 30 days)"},
    {"DayZero", "days: [1, 1]", "days: [0, 1]", "0, 1]", "raids[0].days[0]", "0 is out of range"},
    {"RunwayIndexOutOfRange", "runway: 1}", "runway: 2}", "2}\n  - {days: [3, 5]",
     "raids[2].runway", "runway 2 is out of range: kadena has 2 runways (allowed: 0..1)"},
    {"RunwayIndexWithOtherAim", "aim: shelters, missile: srbm, count: 16}",
     "aim: shelters, missile: srbm, count: 16, runway: 0}", "0}\n  - {days: [2, 30]",
     "raids[1].runway", "applies only to aim: runway"},
    {"AimNeedsShelters", "aim: fuel", "aim: shelters", "shelters, missile: glide", "raids[4].aim",
     "aim 'shelters' needs shelters, but depot_site has none (allowed: fuel at depot_site)"},
    {"AimNeedsRunway", "aim: fuel", "aim: runway", "runway, missile: glide", "raids[4].aim",
     "aim 'runway' needs a runway, but depot_site has none"},
    {"AimDocks", "aim: fuel", "aim: docks", "docks", "raids[4].aim",
     "aim 'docks' needs docks, but depot_site has none (allowed: fuel at depot_site)"},
    {"UnknownEnum", "policy: barrage", "policy: barage", "barage",
     "nodes.kadena.defenses[0].policy",
     "unknown policy 'barage', did you mean 'barrage'? (allowed: barrage, shoot_look_shoot)"},
    {"WarheadTypo", "warhead: submunition", "warhead: submunitions", "submunitions",
     "missiles.cluster.warhead", "unknown warhead 'submunitions', did you mean 'submunition'?"},
    {"AbsurdCount", "count: 16}", "count: 5000000}", "5000000", "raids[1].count",
     "5000000 is out of range (allowed: integer 1..1000000)"},
    {"AbsurdDays", "days: 30\n", "days: 100000\n", "100000", "days",
     "100000 is out of range (allowed: integer 1..3650)"},
    {"AbsurdSortieRate", "sortie_rate: 1.0", "sortie_rate: 30", "30, mc_rate",
     "aircraft_types.kc135.sortie_rate", "30 is out of range (allowed: 0 <= sortie_rate <= 24)"},
    {"TooManyAircraftAtOneBase", "{type: f35a, count: 3}", "{type: f35a, count: 9999}",
     "aircraft:\n      - {type: f35a, count: 9999}", "nodes.kadena.aircraft",
     "10001 aircraft or more at one base (allowed: at most 10000 per base)"},
    {"TooManyCratersForOneRunway", "craters_per_missile: 6", "craters_per_missile: 10000",
     "raids:", "raids", "craters on one runway"},
    {"NoParking", "shelters: 4\n", "shelters: 2\n", "aircraft: [{type: kc135",
     "nodes.andersen.aircraft", "3 aircraft but only 2 shelters and no ramp to park the rest"},
    {"BreakProbabilityAboveOne", "mc_rate: 0.6, fix_rate: 0.35", "mc_rate: 0.2, fix_rate: 0.35",
     "0.35", "aircraft_types.f35a.fix_rate",
     "fix_rate * (1 - mc_rate) / mc_rate = 1.4 is the daily break probability of a "
     "mission-capable aircraft and must not exceed 1 (allowed: fix_rate <= mc_rate / (1 - "
     "mc_rate) = 0.25)"},
    {"SubmunitionFieldOnUnitary", "    crater_radius_m: 8\n",
     "    crater_radius_m: 8\n    submunition_radius_m: 100\n", "100\n    defense_pk_scale",
     "missiles.srbm.submunition_radius_m", "applies only to warhead: submunition"},
    {"MissingRequiredKey", "    cep_m: 20\n", "", "id: cluster", "missiles.cluster.cep_m",
     "required key is missing (allowed: 0 < cep_m <= 100000)"},
    {"MissingRepairForRunways", "    repair: {teams: 2, hours_per_crater: 4.0, sigma: 0.5}\n", "",
     "id: andersen", "nodes.andersen.repair", "required key is missing"},
    {"EmptyLaunchSiteList", "launch_sites: [fujian]", "launch_sites: []", "launch_sites: []",
     "missiles.srbm.launch_sites", "is empty (allowed: 1..10000 launch sites)"},
    {"LaunchSiteListedTwice", "launch_sites: [fujian, zhejiang]",
     "launch_sites: [fujian, zhejiang, fujian]", "fujian]\n  - id: glide",
     "missiles.cluster.launch_sites[2]", "launch site 'fujian' is listed twice"},
};

INSTANTIATE_TEST_SUITE_P(ScenarioYaml, BadScenario, testing::ValuesIn(kBadCases),
                         [](const auto& test) { return test.param.name; });

// ---- sustainment: node kinds, items, stocks, factories, routes, ships (docs/scenario-format.md)

// Line numbers below refer to this text: keep its layout when editing it.
const std::string kSustainment = R"yaml(name: sustainment
days: 20
launch_sites:
  - {id: coast, lat: 26.07, lon: 119.30}
missiles:
  - id: srbm
    range_km: 3000
    speed_kmps: 2.0
    reliability: 0.9
    cep_m: 30
    lethal_radius_m: {hardened: 8, soft: 40}
    inventory: 500
    launchers: 50
    launch_sites: [coast]
interceptors:
  - {id: pac3, pk: {default: 0.7}}
  - {id: sm6, pk: {default: 0.5}}
munitions: [{id: aim120}, {id: pac3}, {id: jassm}]
strips:
  fighter: {length_m: 1525, width_m: 15}
aircraft_types:
  - {id: f35a, strip: fighter, sortie_rate: 2.0, mc_rate: 0.6, fix_rate: 0.35}
  - {id: kc135, strip: fighter, sortie_rate: 1.0, mc_rate: 0.75, fix_rate: 0.3}
nodes:
  - id: kadena
    kind: airbase
    lat: 26.3556
    lon: 127.7675
    runways:
      - {length_m: 3688, width_m: 91}
    ramp: {length_m: 1500, width_m: 300}
    repair: {teams: 3, hours_per_crater: 3.0, sigma: 0.4}
    aircraft:
      - {type: f35a, count: 4}
    defenses:
      - {interceptor: sm6, inventory: 8, channels: 4}
      - {interceptor: pac3, inventory: 16, channels: 8}
  - id: yokosuka
    kind: naval_base
    lat: 35.29
    lon: 139.67
    piers: 6
    docks: {ddg: 1}
    fuel_tanks: 3
  - id: jmu_yokohama
    kind: repair_yard
    lat: 35.47
    lon: 139.64
    docks: {lcs: 1, ddg: 2}
    restore: {days: 45, sigma: 0.3}
  - id: mhi_komaki
    kind: factory
    lat: 35.25
    lon: 136.92
    buildings: 4
  - id: naha_port
    kind: port
    lat: 26.21
    lon: 127.67
    piers: 3
  - id: depot_guam
    kind: depot
    lat: 13.44
    lon: 144.79
    munition_igloos: 10
    defenses:
      - {interceptor: pac3, inventory: 24, channels: 8}
ship_classes:
  - {id: ddg, count: 12, home: yokosuka, hit_prob_per_day: 0.01, sink_given_hit: 0.3,
     in_maintenance_at_start: 0.2, repair_days: 60, repair_sigma: 0.5, speed_kmpd: 800}
  - {id: lcs, count: 4, home: naha_port, hit_prob_per_day: 0.02, sink_given_hit: 0.5,
     in_maintenance_at_start: 0.1, repair_days: 30, repair_sigma: 0.4, speed_kmpd: 600,
     maintenance_days: 20}
stocks:
  kadena: {aim120: 400, fuel: 900, pac3: 32}
  depot_guam: {jassm: 120, pac3: 0}
consumption:
  f35a: {aim120: 2, jassm: 1}
  kc135: {fuel: 3}
factories:
  - {node: mhi_komaki, product: pac3, per_day: 1.5, ramp_days: 180, needs: {aim120: 2, jassm: 1}}
  - {node: mhi_komaki, product: aim120, per_day: 4}
routes:
  - {from: mhi_komaki, to: kadena, item: pac3, mode: sea, transit_days: 3, every_days: 2,
     capacity: 40, loss_prob: 0.02, priority: 5}
  - {from: depot_guam, to: kadena, item: jassm, mode: air, transit_days: 1, every_days: 1,
     capacity: 10, loss_prob: 0.01}
  - {from: mhi_komaki, to: depot_guam, item: aim120, mode: sea, transit_days: 7, every_days: 3,
     capacity: 100, loss_prob: 0.05, priority: 5}
  - {from: yokosuka, to: kadena, item: fuel, mode: sea, transit_days: 2, every_days: 1,
     capacity: 300, loss_prob: 0}
disruptions:
  - {target: mhi_komaki, kind: sabotage, prob_per_day: 0.005, outage_days: 14}
  - {target: jmu_yokohama, kind: cyber, prob_per_day: 0.01, outage_days: 3, sigma: 0.8}
raids:
  - {days: [1, 1], target: kadena, aim: runway, missile: srbm, count: 12}
  - {days: [2, 3], target: jmu_yokohama, aim: docks, missile: srbm, count: 4}
  - {days: [2, 2], target: naha_port, aim: piers, missile: srbm, count: 2}
  - {days: [3, 3], target: mhi_komaki, aim: factory, missile: srbm, count: 6}
)yaml";

TEST(ScenarioYaml, NodeKindsAndTheirFacilities) {
  const Scenario s = load_scenario_text(kSustainment);
  EXPECT_EQ(s.node_ids, (std::vector<std::string>{"kadena", "yokosuka", "jmu_yokohama",
                                                  "mhi_komaki", "naha_port", "depot_guam"}));
  ASSERT_EQ(s.nodes.size(), 6u);
  const std::vector<NodeKind> kinds{NodeKind::airbase, NodeKind::naval_base, NodeKind::repair_yard,
                                    NodeKind::factory, NodeKind::port,       NodeKind::depot};
  for (size_t i = 0; i < kinds.size(); ++i) {
    EXPECT_EQ(s.nodes[i].kind, kinds[i]) << i;
    EXPECT_EQ(s.nodes[i].key, i);
  }
  EXPECT_EQ(s.nodes[1].piers, 6u);
  EXPECT_EQ(s.nodes[4].piers, 3u);
  EXPECT_EQ(s.nodes[0].piers, 0u);
  EXPECT_EQ(s.nodes[3].buildings, 4u);
  EXPECT_EQ(s.nodes[1].fuel_tanks, 3u);
  EXPECT_EQ(s.nodes[5].munition_igloos, 10u);
  // Slots in the per-trial state (finalize()).
  EXPECT_EQ(s.nodes[2].pier_begin, 6u);
  EXPECT_EQ(s.nodes[5].pier_begin, 9u);
  EXPECT_EQ(s.nodes[3].building_begin, 0u);
  EXPECT_EQ(s.nodes[4].building_begin, 4u);
  // Restore: stated at the yard, the documented default elsewhere.
  EXPECT_DOUBLE_EQ(s.nodes[2].restore.median_days, 45);
  EXPECT_DOUBLE_EQ(s.nodes[2].restore.sigma, 0.3);
  EXPECT_DOUBLE_EQ(s.nodes[3].restore.median_days, 30);
  EXPECT_DOUBLE_EQ(s.nodes[3].restore.sigma, 0.5);
  // Non-air-base nodes have no runways, aircraft or crews.
  EXPECT_EQ(s.nodes[4].runway_count, 0u);
  EXPECT_EQ(s.nodes[4].aircraft_count, 0u);
  EXPECT_EQ(s.nodes[4].repair.teams, 0u);
  // Raids at docks, piers and factory buildings.
  ASSERT_EQ(s.raids.size(), 4u);
  EXPECT_EQ(s.raids[1].aim, Aim::docks);
  EXPECT_EQ(s.raids[1].target, 2u);
  EXPECT_EQ(s.raids[2].aim, Aim::piers);
  EXPECT_EQ(s.raids[3].aim, Aim::factory);
  EXPECT_EQ(s.raids[3].target, 3u);
  EXPECT_EQ(s.posture, "baseline");
}

TEST(ScenarioYaml, ItemsStocksAndConsumption) {
  const Scenario s = load_scenario_text(kSustainment);
  // Listed munitions, then interceptors not listed (sm6), then fuel (named in stocks).
  EXPECT_EQ(s.item_ids, (std::vector<std::string>{"aim120", "pac3", "jassm", "sm6", "fuel"}));
  EXPECT_EQ(s.fuel_item, 4u);
  // Batteries: kadena sm6, kadena pac3, depot_guam pac3.
  EXPECT_EQ(s.battery_item, (std::vector<uint32_t>{3, 1, 1}));
  ASSERT_EQ(s.batteries.size(), 3u);
  EXPECT_EQ(s.batteries[2].node, 5u);
  // As listed; finalize() then tracks, from 0, what route ends and factories handle.
  constexpr uint32_t U = kUntracked;
  EXPECT_EQ(s.stock_initial, (std::vector<uint32_t>{
                                 400, 32, 0,   U, 900,  // kadena (jassm: route end)
                                 U,   U,  U,   U, 0,    // yokosuka (fuel: route start)
                                 U,   U,  U,   U, U,    // jmu_yokohama
                                 0,   0,  0,   U, U,    // mhi_komaki (factory)
                                 U,   U,  U,   U, U,    // naha_port
                                 0,   0,  120, U, U,    // depot_guam (aim120: route end)
                             }));
  // Per sortie: fuel is 1 unless stated.
  EXPECT_EQ(s.per_sortie, (std::vector<uint32_t>{
                              2, 0, 1, 0, 1,  // f35a
                              0, 0, 0, 0, 3,  // kc135
                          }));
}

TEST(ScenarioYaml, FactoriesAndTheirInputs) {
  const Scenario s = load_scenario_text(kSustainment);
  ASSERT_EQ(s.factories.size(), 2u);
  const Factory& pac3 = s.factories[0];
  EXPECT_EQ(pac3.node, 3u);
  EXPECT_EQ(pac3.product, 1u);
  EXPECT_DOUBLE_EQ(pac3.per_day, 1.5);
  EXPECT_DOUBLE_EQ(pac3.ramp_days, 180);
  EXPECT_EQ(pac3.input_begin, 0u);
  EXPECT_EQ(pac3.input_count, 2u);
  EXPECT_EQ(pac3.key, 0u);
  const Factory& aim120 = s.factories[1];
  EXPECT_EQ(aim120.product, 0u);
  EXPECT_DOUBLE_EQ(aim120.ramp_days, 0);  // default
  EXPECT_EQ(aim120.input_begin, 2u);
  EXPECT_EQ(aim120.input_count, 0u);
  EXPECT_EQ(aim120.key, 1u);
  ASSERT_EQ(s.factory_inputs.size(), 2u);
  EXPECT_EQ(s.factory_inputs[0].item, 0u);  // aim120
  EXPECT_EQ(s.factory_inputs[0].per_unit, 2u);
  EXPECT_EQ(s.factory_inputs[1].item, 2u);  // jassm
  EXPECT_EQ(s.factory_inputs[1].per_unit, 1u);
}

TEST(ScenarioYaml, RoutesAreHeldInPriorityOrder) {
  const Scenario s = load_scenario_text(kSustainment);
  ASSERT_EQ(s.routes.size(), 4u);
  // Priority 0 (file order), then priority 5 (file order).
  std::vector<uint32_t> keys;
  for (const Route& r : s.routes)
    keys.push_back(r.key);
  EXPECT_EQ(keys, (std::vector<uint32_t>{1, 3, 0, 2}));
  const Route& air = s.routes[0];
  EXPECT_EQ(air.from, 5u);
  EXPECT_EQ(air.to, 0u);
  EXPECT_EQ(air.item, 2u);
  EXPECT_EQ(air.mode, RouteMode::air);
  EXPECT_EQ(air.transit_days, 1u);
  EXPECT_EQ(air.every_days, 1u);
  EXPECT_EQ(air.capacity, 10u);
  EXPECT_DOUBLE_EQ(air.loss_prob, 0.01);
  EXPECT_EQ(air.order_up_to, 0u);   // no (s, S) rule: ships its capacity every time
  EXPECT_EQ(s.routes[1].item, 4u);  // fuel
  EXPECT_EQ(s.routes[2].mode, RouteMode::sea);
  // Slots: transit / every + 1 each, in held order.
  EXPECT_EQ(s.routes[0].slots, 2u);
  EXPECT_EQ(s.routes[1].slots, 3u);
  EXPECT_EQ(s.routes[2].slots, 2u);
  EXPECT_EQ(s.routes[3].slots, 3u);
  EXPECT_EQ(s.routes[3].slot_begin, 7u);
}

TEST(ScenarioYaml, ShipClassesDocksAndTransit) {
  const Scenario s = load_scenario_text(kSustainment);
  EXPECT_EQ(s.ship_class_ids, (std::vector<std::string>{"ddg", "lcs"}));
  ASSERT_EQ(s.ship_classes.size(), 2u);
  const ShipClass& ddg = s.ship_classes[0];
  EXPECT_EQ(ddg.count, 12u);
  EXPECT_EQ(ddg.home, 1u);
  EXPECT_DOUBLE_EQ(ddg.hit_prob_per_day, 0.01);
  EXPECT_DOUBLE_EQ(ddg.sink_given_hit, 0.3);
  EXPECT_DOUBLE_EQ(ddg.in_maintenance_at_start, 0.2);
  EXPECT_DOUBLE_EQ(ddg.repair_days, 60);
  EXPECT_DOUBLE_EQ(ddg.repair_sigma, 0.5);
  EXPECT_DOUBLE_EQ(ddg.maintenance_days, 60);  // defaults to repair_days
  EXPECT_EQ(ddg.ship_begin, 0u);
  EXPECT_EQ(ddg.key, 0u);
  const ShipClass& lcs = s.ship_classes[1];
  EXPECT_EQ(lcs.home, 4u);
  EXPECT_DOUBLE_EQ(lcs.maintenance_days, 20);
  EXPECT_EQ(lcs.ship_begin, 12u);
  EXPECT_EQ(lcs.key, 1u);
  // Docks grouped by node, in the order listed there; `ddg: 2` is two docks.
  ASSERT_EQ(s.docks.size(), 4u);
  const std::vector<std::pair<uint32_t, uint32_t>> docks{{1, 0}, {2, 1}, {2, 0}, {2, 0}};
  for (size_t i = 0; i < docks.size(); ++i) {
    EXPECT_EQ(s.docks[i].node, docks[i].first) << i;
    EXPECT_EQ(s.docks[i].ship_class, docks[i].second) << i;
  }
  EXPECT_EQ(s.nodes[1].dock_begin, 0u);
  EXPECT_EQ(s.nodes[1].dock_count, 1u);
  EXPECT_EQ(s.nodes[2].dock_begin, 1u);
  EXPECT_EQ(s.nodes[2].dock_count, 3u);
  EXPECT_EQ(s.nodes[0].dock_count, 0u);
  // Transit home → yard, rounded up to whole days; 0 where the class has no dock.
  ASSERT_EQ(s.ship_transit_days.size(), 2u * 6u);
  const double naha_jmu = haversine_km(26.21, 127.67, 35.47, 139.64);
  EXPECT_EQ(s.ship_transit_days[1 * 6 + 2], static_cast<uint32_t>(std::ceil(naha_jmu / 600)));
  EXPECT_EQ(s.ship_transit_days[1 * 6 + 2], 3u);
  EXPECT_EQ(s.ship_transit_days[0 * 6 + 2], 1u);  // yokosuka → yokohama, ~20 km
  EXPECT_EQ(s.ship_transit_days[0 * 6 + 1], 0u);  // at home
  EXPECT_EQ(s.ship_transit_days[1 * 6 + 1], 0u);  // no lcs dock at yokosuka
  EXPECT_EQ(s.ship_transit_days[0 * 6 + 3], 0u);
}

TEST(ScenarioYaml, Disruptions) {
  const Scenario s = load_scenario_text(kSustainment);
  ASSERT_EQ(s.disruptions.size(), 2u);
  EXPECT_EQ(s.disruptions[0].node, 3u);
  EXPECT_DOUBLE_EQ(s.disruptions[0].prob_per_day, 0.005);
  EXPECT_DOUBLE_EQ(s.disruptions[0].outage_days, 14);
  EXPECT_DOUBLE_EQ(s.disruptions[0].sigma, 0.5);  // default
  EXPECT_EQ(s.disruptions[0].key, 0u);
  EXPECT_EQ(s.disruptions[1].node, 2u);
  EXPECT_DOUBLE_EQ(s.disruptions[1].sigma, 0.8);
  EXPECT_EQ(s.disruptions[1].key, 1u);
}

TEST(ScenarioYaml, NoFuelItemWithoutFuelAndNoFuelDefault) {
  std::string text = kSustainment;
  text.replace(text.find("fuel: 900, "), 11, "");
  text.replace(text.find("  kc135: {fuel: 3}\n"), 19, "");
  const size_t fuel_route = text.find("  - {from: yokosuka, to: kadena, item: fuel");
  text.erase(fuel_route, text.find("disruptions:") - fuel_route);
  const Scenario s = load_scenario_text(text);
  EXPECT_EQ(s.item_ids, (std::vector<std::string>{"aim120", "pac3", "jassm", "sm6"}));
  EXPECT_EQ(s.fuel_item, kNoItem);
  EXPECT_EQ(s.per_sortie, (std::vector<uint32_t>{2, 0, 1, 0, 0, 0, 0, 0}));
}

TEST(ScenarioYaml, ShipClassWithoutDocksAnywhereIsAllowed) {
  std::string text = kSustainment;
  text.replace(text.find("docks: {lcs: 1, ddg: 2}"), 23, "docks: {ddg: 2}");
  const Scenario s = load_scenario_text(text);
  EXPECT_EQ(s.ship_classes[1].count, 4u);
  EXPECT_EQ(s.ship_transit_days[1 * 6 + 2], 0u);
}

class BadSustainment : public testing::TestWithParam<BadCase> {};

TEST_P(BadSustainment, IsReportedAtTheRightPlace) {
  check_bad_case(kSustainment, GetParam());
}

const BadCase kBadSustainmentCases[] = {
    {"UnknownItemInStocks", "aim120: 400", "aim12: 400", "aim12: 400", "stocks.kadena.aim12",
     "unknown item 'aim12', did you mean 'aim120'? (allowed: aim120, pac3, jassm, sm6, fuel)"},
    {"UnknownNodeInStocks", "  depot_guam: {jassm", "  depot_gaum: {jassm", "depot_gaum",
     "stocks.depot_gaum", "unknown node 'depot_gaum', did you mean 'depot_guam'?"},
    {"StockTooLarge", "jassm: 120", "jassm: 2000000000", "2000000000", "stocks.depot_guam.jassm",
     "2000000000 is out of range (allowed: integer 0..1000000000)"},
    {"UnknownTypeInConsumption", "  kc135: {fuel: 3}", "  kc153: {fuel: 3}", "kc153: {fuel",
     "consumption.kc153", "unknown aircraft type 'kc153', did you mean 'kc135'?"},
    {"ConsumptionTooLarge", "{aim120: 2, jassm: 1}\n  kc135", "{aim120: 2000, jassm: 1}\n  kc135",
     "2000", "consumption.f35a.aim120", "2000 is out of range (allowed: integer 0..1000)"},
    {"MunitionNamedFuel", "{id: jassm}]", "{id: fuel}]", "fuel}]", "munitions.fuel.id",
     "'fuel' is the fuel item"},
    {"FactoryOnNonFactoryNode", "{node: mhi_komaki, product: aim120",
     "{node: kadena, product: aim120", "kadena, product", "factories[1].node",
     "node 'kadena' is an airbase, not a factory (allowed: mhi_komaki)"},
    {"FactoryNeedsItsOwnProduct", "needs: {aim120: 2", "needs: {pac3: 2", "pac3: 2",
     "factories[0].needs.pac3", "a factory cannot need its own product 'pac3'"},
    {"FactoryUnknownProduct", "product: aim120", "product: aim9x", "aim9x", "factories[1].product",
     "unknown item 'aim9x'"},
    {"FactoryPerDayZero", "per_day: 4}", "per_day: 0}", "0}\nroutes", "factories[1].per_day",
     "0 is out of range (allowed: 0 < per_day <= 1000000)"},
    {"RouteFromEqualsTo", "{from: depot_guam, to: kadena", "{from: depot_guam, to: depot_guam",
     "depot_guam, item: jassm", "routes[1].to",
     "the route ends where it starts, at 'depot_guam' (allowed: a node other than 'depot_guam')"},
    {"RouteBadMode", "mode: air", "mode: rail", "rail", "routes[1].mode",
     "unknown mode 'rail', did you mean 'air'? (allowed: sea, air)"},
    {"RouteUnknownItem", "item: jassm, mode: air", "item: jasm, mode: air", "jasm",
     "routes[1].item", "unknown item 'jasm', did you mean 'jassm'?"},
    {"RouteTransitTooLong", "transit_days: 7", "transit_days: 400", "400, every_days",
     "routes[2].transit_days", "400 is out of range (allowed: integer 0..365)"},
    {"RouteEveryZero", "every_days: 3", "every_days: 0", "0,\n     capacity: 100",
     "routes[2].every_days", "0 is out of range (allowed: integer 1..365)"},
    {"RouteLossAboveOne", "loss_prob: 0.05", "loss_prob: 1.5", "1.5, priority",
     "routes[2].loss_prob", "1.5 is out of range (allowed: 0 <= loss_prob <= 1)"},
    {"RouteMissingMode", "mode: air, ", "", "{from: depot_guam", "routes[1].mode",
     "required key is missing (allowed: sea, air)"},
    {"DocksOnAirbase", "    ramp: {length_m: 1500",
     "    docks: {ddg: 1}\n    ramp: {length_m: 1500", "docks: {ddg: 1}\n    ramp",
     "nodes.kadena.docks",
     "docks applies only to nodes of kind naval_base, repair_yard, not to an airbase"},
    {"PiersOnFactory", "    buildings: 4\n", "    buildings: 4\n    piers: 2\n", "piers: 2",
     "nodes.mhi_komaki.piers",
     "piers applies only to nodes of kind naval_base, port, not to a "
     "factory"},
    {"BuildingsOnPort", "    piers: 3\n", "    piers: 3\n    buildings: 1\n", "buildings: 1",
     "nodes.naha_port.buildings", "buildings applies only to nodes of kind factory, not to a port"},
    {"UnknownNodeKeyDidYouMean", "    piers: 3\n", "    pier: 3\n", "pier: 3",
     "nodes.naha_port.pier", "unknown key 'pier', did you mean 'piers'?"},
    {"UnknownShipClassInDocks", "docks: {lcs: 1, ddg: 2}", "docks: {lcs: 1, ddx: 2}", "ddx",
     "nodes.jmu_yokohama.docks.ddx", "unknown ship class 'ddx', did you mean 'ddg'?"},
    {"DocksZero", "docks: {ddg: 1}", "docks: {ddg: 0}", "0}\n    fuel_tanks",
     "nodes.yokosuka.docks.ddg", "0 is out of range (allowed: integer 1..1000"},
    {"RestoreDaysZero", "restore: {days: 45", "restore: {days: 0", "0, sigma: 0.3",
     "nodes.jmu_yokohama.restore.days", "0 is out of range (allowed: 0 < days <= 3650)"},
    {"AimDocksWithoutDocks", "target: naha_port, aim: piers", "target: naha_port, aim: docks",
     "docks, missile: srbm, count: 2", "raids[2].aim",
     "aim 'docks' needs docks, but naha_port has none (allowed: piers, ships at naha_port)"},
    {"AimPiersWithoutPiers", "target: jmu_yokohama, aim: docks", "target: jmu_yokohama, aim: piers",
     "piers, missile: srbm, count: 4", "raids[1].aim",
     "aim 'piers' needs piers, but jmu_yokohama has none (allowed: docks, ships at jmu_yokohama)"},
    {"AimFactoryWithoutBuildings", "    buildings: 4\n", "", "factory, missile", "raids[3].aim",
     "aim 'factory' needs buildings, but mhi_komaki has none (allowed: nothing at mhi_komaki)"},
    {"ShipHomeNotNaval", "home: naha_port", "home: kadena", "kadena, hit_prob",
     "ship_classes.lcs.home",
     "node 'kadena' is an airbase, not a naval_base or port (allowed: yokosuka, naha_port)"},
    {"ShipSpeedZero", "speed_kmpd: 600", "speed_kmpd: 0", "0,\n     maintenance_days",
     "ship_classes.lcs.speed_kmpd", "0 is out of range (allowed: 0 < speed_kmpd <= 20000)"},
    {"ShipTooSlowToReachItsYard", "speed_kmpd: 600", "speed_kmpd: 0.1", "0.1,\n     maintenance",
     "ship_classes.lcs.speed_kmpd",
     "ships of class 'lcs' would take 15360 days from naha_port to the dock at jmu_yokohama "
     "(1535.9 km) (allowed: at most 3650 days of transit; speed_kmpd >= 0.4208)"},
    {"DisruptionBadKind", "kind: cyber", "kind: cyborg", "cyborg", "disruptions[1].kind",
     "unknown kind 'cyborg', did you mean 'cyber'? (allowed: sabotage, cyber)"},
    {"DisruptionUnknownTarget", "{target: mhi_komaki, kind", "{target: mhi_komak, kind",
     "mhi_komak, kind", "disruptions[0].target",
     "unknown node 'mhi_komak', did you mean 'mhi_komaki'?"},
    {"InterceptorNamedFuel", "{id: sm6, pk", "{id: fuel, pk", "fuel, pk", "interceptors.fuel.id",
     "'fuel' names the fuel item"},
};

INSTANTIATE_TEST_SUITE_P(ScenarioYaml, BadSustainment, testing::ValuesIn(kBadSustainmentCases),
                         [](const auto& test) { return test.param.name; });

// ---- mistakes that need more than one edit ----------------------------------------------

TEST(ScenarioYaml, EmptyTheatre) {
  const size_t nodes = kGood.find("nodes:\n");
  const size_t raids = kGood.find("raids:\n");
  const std::string text = kGood.substr(0, nodes) + "nodes: []\n" + kGood.substr(raids);
  expect_error_at(text, "nodes: []", "nodes",
                  "the theatre is empty: at least one node is required (allowed: 1..10000 nodes)");
}

TEST(ScenarioYaml, EmptyValuePointsAtItsKey) {
  std::string text = kGood;
  text.replace(text.find("cep_m: 50"), 9, "cep_m:");
  expect_error_at(text, "cep_m:\n", "missiles.srbm.cep_m", "expected a number, got an empty value");
}

TEST(ScenarioYaml, EmptyText) {
  const ScenarioError e = expect_error("# nothing here\n");
  EXPECT_EQ(std::string(e.what()).rfind("bad.yaml:1:1: scenario: is empty (allowed: ", 0), 0u)
      << e.what();
}

TEST(ScenarioYaml, TopLevelMustBeAMapping) {
  expect_error_at("- just\n- a list\n", "- just", "scenario",
                  "expected a mapping, got a list (allowed: a mapping with keys name, days,");
}

TEST(ScenarioYaml, OneDocumentOnly) {
  const std::string text = kGood + "---\nname: second\n";
  expect_error_at(text, "name: second", "yaml", "holds 2 YAML documents");
}

TEST(ScenarioYaml, LongAllowedListsAreTruncated) {
  std::string text = kGood;
  text.replace(text.find("    cep_m: 50\n"), 14, "    xyzzy: 50\n");
  const std::string what = expect_error(text).what();
  EXPECT_NE(what.find("unknown key 'xyzzy' (allowed: id, range_km, speed_kmps,"), std::string::npos)
      << what;
  EXPECT_NE(what.find(", …)"), std::string::npos) << what;
}

TEST(ScenarioYaml, InterceptorsAreRequiredForDefenses) {
  const size_t begin = kGood.find("interceptors:\n");
  const size_t end = kGood.find("strips:\n");
  const std::string text = kGood.substr(0, begin) + kGood.substr(end);
  expect_error_at(text, "pac3, inventory: 64", "nodes.kadena.defenses[0].interceptor",
                  "unknown interceptor 'pac3' (allowed: none; define interceptors under "
                  "`interceptors:`)");
}

// ---- every error in one pass --------------------------------------------------------------

// `text` with the one occurrence of each `from` replaced by its `to`.
std::string edited(std::string text,
                   const std::vector<std::pair<std::string, std::string>>& replacements) {
  for (const auto& [from, to] : replacements) {
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    EXPECT_EQ(text.find(from, at + 1), std::string::npos) << "ambiguous: " << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
  }
  return text;
}

// The errors `e` holds are those expected, in this order: the start of `at` in `text` and
// the key, each with a fragment of its problem; the message lists them one a line.
struct Expected {
  std::string at;
  std::string key;
  std::string fragment;
};

void expect_errors(const ScenarioError& e, const std::string& text,
                   const std::vector<Expected>& expected) {
  const std::vector<ScenarioError> errors = e.errors();
  ASSERT_EQ(errors.size(), expected.size()) << e.what();
  EXPECT_EQ(e.count(), expected.size());
  EXPECT_FALSE(e.stopped());
  std::string lines;
  for (size_t i = 0; i < expected.size(); ++i) {
    const std::string what = errors[i].what();
    const std::string prefix = prefix_at(text, expected[i].at, expected[i].key);
    EXPECT_EQ(what.rfind(prefix, 0), 0u) << "expected prefix: " << prefix << "\n     got: " << what;
    EXPECT_NE(what.find(expected[i].fragment), std::string::npos) << what;
    EXPECT_EQ(errors[i].key(), expected[i].key);
    lines += (i ? "\n" : "") + what;
  }
  EXPECT_EQ(e.what(), lines);
  // The error itself is the first one.
  EXPECT_EQ(e.key(), errors.front().key());
  EXPECT_EQ(e.line(), errors.front().line());
  EXPECT_EQ(e.column(), errors.front().column());
  EXPECT_EQ(e.problem(), errors.front().problem());
}

// A bad field in one entry does not stop the others being read: a missile's, a node's and a
// raid's mistakes come out together, each at its line and key, in file order.
TEST(ScenarioYaml, ErrorsInSeveralEntriesAreReportedTogether) {
  const std::string text = edited(kGood, {{"    cep_m: 50\n", "    cep_m: fifty\n"},
                                          {"    shelters: 4\n", "    shelters: -4\n"},
                                          {"count: 4, when", "count: 4.5, when"}});
  expect_errors(expect_error(text), text,
                {{"fifty", "missiles.srbm.cep_m", "expected a number, got 'fifty'"},
                 {"-4", "nodes.andersen.shelters", "-4 is out of range"},
                 {"4.5, when", "raids[3].count", "expected an integer, got '4.5'"}});
}

// The sections are read in an order of their own (raids last); the errors are listed in the
// file's.
TEST(ScenarioYaml, ErrorsAreListedInFileOrder) {
  const size_t raids = kGood.find("raids:\n");
  const std::string moved = kGood.substr(raids) + kGood.substr(0, raids);
  const std::string text = edited(moved, {{"count: 4, when", "count: 0, when"},
                                          {"    cep_m: 50\n", "    cep_m: -50\n"},
                                          {"{length_m: 1525, width_m: 15}", "{length_m: 1525}"}});
  expect_errors(
      expect_error(text), text,
      {{"0, when", "raids[3].count", "0 is out of range"},
       {"-50", "missiles.srbm.cep_m", "-50 is out of range"},
       {"fighter: {length_m: 1525}", "strips.fighter.width_m", "required key is missing"}});
}

// An entry with an error is left out, and what refers to it is not blamed for that: the raids
// on a node with a mistake, the missiles of a launch site with one, and the references to a
// node whose id is wrong add no errors of their own.
TEST(ScenarioYaml, ReferencesToAnEntryWithAnErrorAddNone) {
  const std::string text = edited(kGood, {{"    shelters: 15\n", "    shelter: 15\n"},
                                          {"{id: fujian, lat: 26.07", "{id: fujian, lat: 126.07"},
                                          {"  - id: andersen\n", "  - id: Andersen\n"}});
  expect_errors(expect_error(text), text,
                {{"126.07", "launch_sites.fujian.lat", "126.07 is out of range"},
                 {"shelter: 15", "nodes.kadena.shelter", "unknown key 'shelter'"},
                 {"Andersen", "nodes[1].id", "'Andersen' is not a valid id"}});
}

// A section that cannot be read at all leaves what refers to it unchecked.
TEST(ScenarioYaml, ReferencesToASectionWithAnErrorAddNone) {
  const std::string text =
      edited(kGood, {{"launch_sites:\n  - {id: fujian, lat: 26.07, lon: 119.30}\n"
                      "  - {id: zhejiang, lat: 28.0, lon: 120.7}\n",
                      "launch_sites: {}\n"}});
  expect_errors(expect_error(text), text,
                {{"launch_sites: {}", "launch_sites", "expected a list of launch sites"}});
}

std::string with_bad_raids(size_t n) {
  std::string text = kGood;
  for (size_t i = 0; i < n; ++i)
    text += "  - {days: [1, 1], target: kadena, aim: runway, missile: srbm, count: 0}\n";
  return text;
}

// The message lists the first ScenarioError::kListed errors and counts the rest.
TEST(ScenarioYaml, ErrorsBeyondTheLimitAreCounted) {
  const ScenarioError e = expect_error(with_bad_raids(25));
  EXPECT_EQ(e.errors().size(), ScenarioError::kListed);
  EXPECT_EQ(e.count(), 25u);
  EXPECT_FALSE(e.stopped());
  EXPECT_EQ(e.errors().front().key(), "raids[5].count");
  EXPECT_EQ(e.errors().back().key(), "raids[24].count");
  const std::string what = e.what();
  EXPECT_EQ(std::count(what.begin(), what.end(), '\n'), 20) << what;
  EXPECT_TRUE(what.ends_with("\n... and 5 more errors")) << what;
}

// A file wrong everywhere is read until ErrorLog::kMaxFound errors are found.
TEST(ScenarioYaml, CheckingStopsAfterMaxFoundErrors) {
  const ScenarioError e = expect_error(with_bad_raids(150));
  EXPECT_EQ(e.errors().size(), ScenarioError::kListed);
  EXPECT_EQ(e.count(), ErrorLog::kMaxFound);
  EXPECT_TRUE(e.stopped());
  EXPECT_TRUE(std::string(e.what()).ends_with(
      "\n... and 80 more errors (checking stopped after 100 errors, so there may be others)"))
      << e.what();
}

// validate loads every posture: an error of the file is listed once, not once per posture,
// and an error in one posture's override is listed with it.
TEST(ScenarioYaml, ValidateListsTheErrorsOfEveryPostureOnce) {
  const std::string text = edited(kGood, {{"count: 4, when", "count: 4.5, when"}}) +
                           "postures:\n"
                           "  - {id: open, set: {}}\n"
                           "  - {id: tough, set: {nodes.kadena.shelters: -1}}\n";
  try {
    check_scenario_text(text, "bad.yaml");
    ADD_FAILURE() << "no ScenarioError";
  } catch (const ScenarioError& e) {
    expect_errors(e, text,
                  {{"4.5, when", "raids[3].count", "expected an integer"},
                   {"-1}}", "nodes.kadena.shelters", "-1 is out of range"}});
  }
}

// Several errors as one, and each as it was.
TEST(ScenarioYaml, SeveralErrorsAreOneError) {
  const ScenarioError b("a.yaml", 9, 2, "raids[1].count", "bad");
  const ScenarioError a("a.yaml", 3, 5, "days", "worse");
  const ScenarioError both({b, a, b});
  EXPECT_STREQ(both.what(), "a.yaml:3:5: days: worse\na.yaml:9:2: raids[1].count: bad");
  EXPECT_EQ(both.count(), 2u);
  EXPECT_EQ(both.line(), 3);
  const ScenarioError one({a});
  EXPECT_STREQ(one.what(), a.what());
  EXPECT_EQ(one.errors().size(), 1u);
  EXPECT_EQ(one.count(), 1u);
  const ScenarioError moved = both.map([](const ScenarioError& e) {
    return ScenarioError("b.yaml", e.line() + 1, e.column(), e.key(), e.problem());
  });
  EXPECT_STREQ(moved.what(), "b.yaml:4:5: days: worse\nb.yaml:10:2: raids[1].count: bad");
}

TEST(ScenarioYaml, ErrorFormatsLikeACompilerDiagnostic) {
  YAML::Mark mark;
  mark.line = 4;
  mark.column = 9;
  const ScenarioError e("a.yaml", mark, "nodes.kadena.shelters", "bad (allowed: 0..1)");
  EXPECT_STREQ(e.what(), "a.yaml:5:10: nodes.kadena.shelters: bad (allowed: 0..1)");
  EXPECT_EQ(e.line(), 5);
  EXPECT_EQ(e.column(), 10);
  EXPECT_EQ(e.problem(), "bad (allowed: 0..1)");
  const ScenarioError nowhere("a.yaml", YAML::Mark::null_mark(), "file", "gone");
  EXPECT_STREQ(nowhere.what(), "a.yaml:0:0: file: gone");
}

}  // namespace
}  // namespace contested
