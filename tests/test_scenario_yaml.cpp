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

#include "host/scenario_yaml.hpp"

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

  EXPECT_EQ(s.base_ids, (std::vector<std::string>{"kadena", "andersen", "depot_site"}));
  ASSERT_EQ(s.bases.size(), 3u);
  ASSERT_EQ(s.base_locations.size(), 3u);
  EXPECT_DOUBLE_EQ(s.base_locations[0].lat_deg, 26.3556);
  const Base& kadena = s.bases[0];
  const Base& andersen = s.bases[1];
  const Base& depot = s.bases[2];
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
  EXPECT_EQ(s.batteries[2].base, 1u);
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
  EXPECT_EQ(r2.base, 0u);
  EXPECT_EQ(r2.missile, 0u);
  EXPECT_EQ(r2.count, 8u);
  EXPECT_EQ(r2.aim, Aim::runway);
  EXPECT_EQ(r2.when, When::runway_open);
  EXPECT_EQ(r2.runway, 1u);
  EXPECT_EQ(s.raids[0].runway, kAllRunways);
  EXPECT_EQ(s.raids[0].when, When::always);
  EXPECT_EQ(s.raids[1].aim, Aim::shelters);
  EXPECT_EQ(s.raids[3].base, 1u);
  EXPECT_EQ(s.raids[3].missile, 1u);
  EXPECT_EQ(s.raids[3].when, When::aircraft_present);
  EXPECT_EQ(s.raids[4].aim, Aim::fuel);
  EXPECT_EQ(s.raids[4].base, 2u);
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

class BadScenario : public testing::TestWithParam<BadCase> {};

TEST_P(BadScenario, IsReportedAtTheRightPlace) {
  const BadCase& c = GetParam();
  const size_t from = kGood.find(c.from);
  ASSERT_NE(from, std::string::npos) << c.from;
  ASSERT_EQ(kGood.find(c.from, from + 1), std::string::npos) << "ambiguous: " << c.from;
  std::string text = kGood;
  text.replace(from, c.from.size(), c.to);
  expect_error_at(text, c.at, c.key, c.fragment);
  // Every message but a syntax error says what would have been accepted.
  if (c.key != "yaml") {
    EXPECT_NE(std::string(expect_error(text).what()).find("(allowed: "), std::string::npos);
  }
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
     "unknown kind 'airbsae', did you mean 'airbase'? (allowed: airbase)"},
    {"UnsupportedNodeKind", "    kind: airbase\n    lat: 24.5",
     "    kind: port\n    docks: {ddg: 2}\n    lat: 24.5", "port", "nodes.depot_site.kind",
     "kind 'port' is not supported by this engine version (allowed: airbase)"},
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
     "aim 'docks' needs a node with docks; this engine version models air bases only"},
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
