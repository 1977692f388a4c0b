// Postures (docs/scenario-format.md, Postures): `requires:` keeps or removes entities, references
// to removed entities remove what points at them, `set:` overrides values through the normal
// validation, and keys stay the file positions whatever the posture, so that common random numbers
// line up across postures.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "results/results.hpp"
#include "results/results_h5.hpp"
#include "scenario/posture.hpp"
#include "scenario/scenario_yaml.hpp"

namespace contested {
namespace {

const std::string kPostured = R"yaml(name: postured
days: 10
launch_sites:
  - {id: coast, lat: 26.07, lon: 119.30}
  - {id: forward, lat: 27.0, lon: 121.0, requires: [forward_sites]}
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
  - id: glide
    range_km: 2000
    speed_kmps: 5
    reliability: 0.95
    cep_m: 10
    lethal_radius_m: {hardened: 12, soft: 50}
    inventory: 50
    launchers: 10
    launch_sites: [forward]
interceptors:
  - {id: pac3, pk: {default: 0.7}}
munitions: [{id: aim120}, {id: jassm, requires: [coproduction_japan]}]
strips:
  fighter: {length_m: 1525, width_m: 15}
aircraft_types:
  - {id: f35a, strip: fighter, sortie_rate: 2.0, mc_rate: 0.6, fix_rate: 0.35}
  - {id: f15j, strip: fighter, sortie_rate: 1.5, mc_rate: 0.7, fix_rate: 0.3, requires: [jasdf]}
nodes:
  - id: kadena
    kind: airbase
    lat: 26.3556
    lon: 127.7675
    runways:
      - {length_m: 3688, width_m: 91}
    shelters: 15
    ramp: {length_m: 1500, width_m: 300}
    repair: {teams: 3, hours_per_crater: 3.0, sigma: 0.4}
    aircraft:
      - {type: f35a, count: 4}
      - {type: f15j, count: 6}
    defenses:
      - {interceptor: pac3, inventory: 16, channels: 8}
      - {interceptor: pac3, inventory: 32, channels: 8, requires: [surge_defense]}
  - id: yokosuka
    kind: naval_base
    lat: 35.29
    lon: 139.67
    piers: 6
    docks: {ddg: 1}
  - id: jmu_yokohama
    kind: repair_yard
    lat: 35.47
    lon: 139.64
    docks: {ddg: 2, lcs: {count: 1, requires: [lcs_yard]}}
    requires: [rsf_japan]
  - id: mhi_komaki
    kind: factory
    lat: 35.25
    lon: 136.92
    buildings: 4
    requires: [coproduction_japan]
  - id: andersen
    kind: airbase
    lat: 13.584
    lon: 144.93
    munition_igloos: 10
ship_classes:
  - {id: ddg, count: 12, home: yokosuka, hit_prob_per_day: 0.01, sink_given_hit: 0.3,
     in_maintenance_at_start: 0.2, repair_days: 60, repair_sigma: 0.5, speed_kmpd: 800}
  - {id: lcs, count: 4, home: yokosuka, hit_prob_per_day: 0.02, sink_given_hit: 0.5,
     in_maintenance_at_start: 0.1, repair_days: 30, repair_sigma: 0.4, speed_kmpd: 600}
stocks:
  kadena: {aim120: 400, jassm: 50}
factories:
  - {node: mhi_komaki, product: pac3, per_day: 1.5}
  - {node: mhi_komaki, product: jassm, per_day: 1}
routes:
  - {from: mhi_komaki, to: kadena, item: pac3, mode: sea, transit_days: 3, every_days: 2,
     capacity: 40, loss_prob: 0.02}
  - {from: yokosuka, to: kadena, item: aim120, mode: sea, transit_days: 2, every_days: 1,
     capacity: 100, loss_prob: 0.01}
disruptions:
  - {target: mhi_komaki, kind: sabotage, prob_per_day: 0.005, outage_days: 14}
  - {target: kadena, kind: cyber, prob_per_day: 0.01, outage_days: 2}
raids:
  - {days: [1, 1], target: kadena, aim: runway, missile: srbm, count: 12}
  - {days: [2, 2], target: jmu_yokohama, aim: docks, missile: srbm, count: 4}
  - {days: [2, 2], target: kadena, aim: shelters, missile: srbm, count: 2, requires: [escalation]}
  - {days: [3, 3], target: mhi_komaki, aim: factory, missile: srbm, count: 6}
  - {days: [4, 4], target: kadena, aim: ramp, missile: glide, count: 2}
  - {days: [5, 5], target: yokosuka, aim: piers, missile: srbm, count: 3}
postures:
  - {id: baseline, flags: []}
  - {id: federated, flags: [rsf_japan, coproduction_japan, lcs_yard]}
  - {id: rsf_only, flags: [rsf_japan]}
  - id: hardened
    set: {"nodes.kadena.shelters": 60, "raids[5].count": 12, "missiles.srbm.inventory": 100}
  - id: everything
    flags: [rsf_japan, coproduction_japan, lcs_yard, forward_sites, jasdf, surge_defense,
            escalation]
)yaml";

std::vector<uint32_t> raid_keys(const Scenario& s) {
  std::vector<uint32_t> keys;
  for (const Raid& r : s.raids)
    keys.push_back(r.key);
  return keys;
}

std::vector<uint32_t> node_keys(const Scenario& s) {
  std::vector<uint32_t> keys;
  for (const Node& n : s.nodes)
    keys.push_back(n.key);
  return keys;
}

// Loads `text` under `posture` expecting a ScenarioError; returns it.
ScenarioError expect_error(const std::string& text, const std::string& posture = "") {
  try {
    load_scenario_text(text, "p.yaml", posture);
  } catch (const ScenarioError& e) {
    return e;
  }
  ADD_FAILURE() << "no ScenarioError under posture '" << posture << "'";
  return ScenarioError("", 0, 0, "", "");
}

// "p.yaml:LINE:COL: KEY: " for the first character of `at`, which occurs once in `text`.
std::string prefix_at(const std::string& text, const std::string& at, const std::string& key) {
  const size_t offset = text.find(at);
  EXPECT_NE(offset, std::string::npos) << at;
  EXPECT_EQ(text.find(at, offset + 1), std::string::npos) << "ambiguous: " << at;
  const size_t line_start = offset == 0 ? 0 : text.rfind('\n', offset - 1) + 1;
  const auto line = std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n') + 1;
  return "p.yaml:" + std::to_string(line) + ":" + std::to_string(offset - line_start + 1) + ": " +
         key + ": ";
}

void expect_error_at(const std::string& text, const std::string& posture, const std::string& at,
                     const std::string& key, const std::string& fragment) {
  const ScenarioError e = expect_error(text, posture);
  const std::string what = e.what();
  const std::string prefix = prefix_at(text, at, key);
  EXPECT_EQ(what.rfind(prefix, 0), 0u) << "expected prefix: " << prefix << "\n     got: " << what;
  EXPECT_NE(what.find(fragment), std::string::npos)
      << "expected: " << fragment << "\n     got: " << what;
  EXPECT_NE(what.find("(allowed: "), std::string::npos) << what;
}

// kPostured with `from` (which occurs once) replaced by `to`.
std::string edited(const std::string& from, const std::string& to) {
  std::string text = kPostured;
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << "ambiguous: " << from;
  return text.replace(at, from.size(), to);
}

// ---- requires -------------------------------------------------------------------------

TEST(Posture, BaselineLeavesOutEntitiesWithoutTheirFlags) {
  const Scenario s = load_scenario_text(kPostured);
  EXPECT_EQ(s.posture, "baseline");
  EXPECT_EQ(s.node_ids, (std::vector<std::string>{"kadena", "yokosuka", "andersen"}));
  EXPECT_EQ(node_keys(s), (std::vector<uint32_t>{0, 1, 4}));
  EXPECT_EQ(s.launch_site_ids, (std::vector<std::string>{"coast"}));
  EXPECT_EQ(s.aircraft_type_ids, (std::vector<std::string>{"f35a"}));
  // kadena: the f15j entry goes with its type, the surge battery with its own flag.
  EXPECT_EQ(s.nodes[0].aircraft_count, 4u);
  EXPECT_EQ(s.aircraft_type_of, (std::vector<uint32_t>{0, 0, 0, 0}));
  ASSERT_EQ(s.batteries.size(), 1u);
  EXPECT_EQ(s.batteries[0].inventory, 16u);
  // jassm requires coproduction_japan; pac3 is an item as an interceptor.
  EXPECT_EQ(s.item_ids, (std::vector<std::string>{"aim120", "pac3"}));
  EXPECT_EQ(s.battery_item, (std::vector<uint32_t>{1}));
  // The raid that requires escalation is absent; the others keep their file keys.
  EXPECT_EQ(raid_keys(s), (std::vector<uint32_t>{0, 5}));
  EXPECT_EQ(s.raids[1].target, 1u);  // yokosuka's index among the nodes present
  EXPECT_EQ(s.raid_flight_hours.size(), 2u);
}

TEST(Posture, ReferencesToAbsentEntitiesCascade) {
  const Scenario s = load_scenario_text(kPostured);
  // glide's only launch site requires forward_sites, so the class and its raid are absent.
  EXPECT_EQ(s.missile_ids, (std::vector<std::string>{"srbm"}));
  // Raids 1 and 3 target the absent yard and factory.
  EXPECT_EQ(raid_keys(s), (std::vector<uint32_t>{0, 5}));
  // The factories stand on the absent factory node, the first route starts there, and so
  // does the first disruption.
  EXPECT_TRUE(s.factories.empty());
  ASSERT_EQ(s.routes.size(), 1u);
  EXPECT_EQ(s.routes[0].key, 1u);
  EXPECT_EQ(s.routes[0].from, 1u);
  ASSERT_EQ(s.disruptions.size(), 1u);
  EXPECT_EQ(s.disruptions[0].key, 1u);
  EXPECT_EQ(s.disruptions[0].node, 0u);
  // The yard's docks go with it.
  ASSERT_EQ(s.docks.size(), 1u);
  EXPECT_EQ(s.docks[0].node, 1u);
  // Stock cells of absent items are skipped.
  ASSERT_EQ(s.stock_initial.size(), 3u * 2u);
  EXPECT_EQ(s.stock_initial[0], 400u);
}

TEST(Posture, FlagsBringEntitiesIn) {
  const Scenario s = load_scenario_text(kPostured, "p.yaml", "federated");
  EXPECT_EQ(s.posture, "federated");
  EXPECT_EQ(node_keys(s), (std::vector<uint32_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(s.item_ids, (std::vector<std::string>{"aim120", "jassm", "pac3"}));
  EXPECT_EQ(raid_keys(s), (std::vector<uint32_t>{0, 1, 3, 5}));
  EXPECT_EQ(s.raids[1].target, 2u);
  EXPECT_EQ(s.raids[3].target, 1u);
  ASSERT_EQ(s.factories.size(), 2u);
  EXPECT_EQ(s.factories[1].key, 1u);
  EXPECT_EQ(s.factories[1].product, 1u);  // jassm
  EXPECT_EQ(s.routes.size(), 2u);
  EXPECT_EQ(s.disruptions.size(), 2u);
  // The yard with its lcs dock (lcs_yard is on).
  ASSERT_EQ(s.docks.size(), 4u);
  EXPECT_EQ(s.nodes[2].dock_count, 3u);
  EXPECT_EQ(s.docks[3].ship_class, 1u);
  EXPECT_EQ(s.stock_initial[0 * 3 + 1], 50u);  // kadena jassm
}

TEST(Posture, DockEntriesCarryTheirOwnRequires) {
  const Scenario s = load_scenario_text(kPostured, "p.yaml", "rsf_only");
  EXPECT_EQ(s.node_ids[2], "jmu_yokohama");
  EXPECT_EQ(s.nodes[2].dock_count, 2u);
  ASSERT_EQ(s.docks.size(), 3u);
  for (const Dock& d : s.docks)
    EXPECT_EQ(d.ship_class, 0u);
  // A class with no dock for it is fine: lcs transits nowhere.
  EXPECT_EQ(s.ship_transit_days[1 * s.nodes.size() + 2], 0u);
  EXPECT_EQ(s.ship_transit_days[0 * s.nodes.size() + 2], 1u);
}

TEST(Posture, EveryFlagOnKeepsEverything) {
  const Scenario s = load_scenario_text(kPostured, "p.yaml", "everything");
  EXPECT_EQ(raid_keys(s), (std::vector<uint32_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(s.missile_ids, (std::vector<std::string>{"srbm", "glide"}));
  EXPECT_EQ(s.launch_site_ids, (std::vector<std::string>{"coast", "forward"}));
  EXPECT_EQ(s.nodes[0].aircraft_count, 10u);
  EXPECT_EQ(s.batteries.size(), 2u);
  EXPECT_EQ(s.raids[4].missile, 1u);
}

TEST(Posture, KeysAreStableAcrossPostures) {
  const Scenario base = load_scenario_text(kPostured);
  const Scenario all = load_scenario_text(kPostured, "p.yaml", "everything");
  // The last raid is raid 5 of the file under both, though its index differs.
  EXPECT_EQ(base.raids.back().key, 5u);
  EXPECT_EQ(all.raids.back().key, 5u);
  EXPECT_EQ(base.raids.size(), 2u);
  EXPECT_EQ(all.raids.size(), 6u);
  // andersen is node 4 of the file: index 2 in baseline, 4 with everything.
  EXPECT_EQ(base.nodes[2].key, 4u);
  EXPECT_EQ(all.nodes[4].key, 4u);
  EXPECT_EQ(base.routes[0].key, all.routes[1].key);
  EXPECT_EQ(base.disruptions[0].key, all.disruptions[1].key);
  EXPECT_EQ(base.ship_classes[1].key, all.ship_classes[1].key);
}

TEST(Posture, ABaselineWithFlagsIsTheDefault) {
  const std::string text =
      edited("  - {id: baseline, flags: []}", "  - {id: baseline, flags: [rsf_japan]}");
  const Scenario s = load_scenario_text(text);
  EXPECT_EQ(s.posture, "baseline");
  EXPECT_EQ(s.node_ids[2], "jmu_yokohama");
}

TEST(Posture, WithoutPosturesTheBaselineHasNoFlags) {
  std::string text = kPostured;
  text.erase(text.find("postures:\n"));
  const Scenario s = load_scenario_text(text);
  EXPECT_EQ(s.posture, "baseline");
  EXPECT_EQ(raid_keys(s), (std::vector<uint32_t>{0, 5}));
  EXPECT_EQ(load_scenario_text(text, "p.yaml", "baseline").raids.size(), 2u);
  EXPECT_EQ(posture_ids_text(text), (std::vector<std::string>{"baseline"}));
  const ScenarioError e = expect_error(text, "federated");
  EXPECT_STREQ(e.what(), "p.yaml:0:0: posture: unknown posture 'federated' (allowed: baseline)");
}

TEST(Posture, AbsentEntitiesAreStillChecked) {
  // The yard is absent under baseline, but a typo in it is an error under any posture.
  const std::string text = edited("docks: {ddg: 2, lcs:", "docks: {ddg: 2, lsc:");
  expect_error_at(text, "", "lsc:", "nodes.jmu_yokohama.docks.lsc",
                  "unknown ship class 'lsc', did you mean 'lcs'?");
  const std::string raid =
      edited("target: mhi_komaki, aim: factory", "target: mhi_komaki, aim: docks");
  expect_error_at(raid, "", "docks, missile: srbm, count: 6", "raids[3].aim",
                  "aim 'docks' needs docks, but mhi_komaki has none (allowed: factory at "
                  "mhi_komaki)");
}

TEST(Posture, RequiresMustBeAListOfIds) {
  const std::string text = edited("requires: [escalation]", "requires: escalation");
  expect_error_at(text, "", "escalation}", "raids[2].requires",
                  "expected a list of flags, got 'escalation'");
}

// ---- set: --------------------------------------------------------------------------------

TEST(Posture, SetOverridesValues) {
  const Scenario base = load_scenario_text(kPostured);
  const Scenario hard = load_scenario_text(kPostured, "p.yaml", "hardened");
  EXPECT_EQ(hard.posture, "hardened");
  EXPECT_EQ(base.nodes[0].shelters, 15u);
  EXPECT_EQ(hard.nodes[0].shelters, 60u);
  EXPECT_EQ(base.raids[1].count, 3u);
  EXPECT_EQ(hard.raids[1].count, 12u);  // raids[5] of the file
  EXPECT_EQ(base.missiles[0].inventory, 500u);
  EXPECT_EQ(hard.missiles[0].inventory, 100u);
  // The text stored for provenance is the file as read.
  EXPECT_EQ(hard.source_text, kPostured);
}

TEST(Posture, SetReachesIntoListsAndAddsKeys) {
  const std::string text =
      edited(R"("missiles.srbm.inventory": 100})",
             R"("missiles.srbm.inventory": 100, "nodes.kadena.runways[0].length_m": 2000,)"
             "\n          \"nodes.andersen.fuel_tanks\": 4, \"nodes[1].piers\": 2,"
             "\n          \"strips.fighter\": {length_m: 1000, width_m: 20}}");
  const Scenario s = load_scenario_text(text, "p.yaml", "hardened");
  EXPECT_DOUBLE_EQ(s.runways[0].length_m, 2000);
  EXPECT_EQ(s.nodes[2].fuel_tanks, 4u);  // a key andersen did not have
  EXPECT_EQ(s.nodes[1].piers, 2u);
  EXPECT_DOUBLE_EQ(s.strips[0].length_m, 1000);
  EXPECT_DOUBLE_EQ(s.strips[0].width_m, 20);
}

TEST(Posture, SetAppliesBeforeRequires) {
  const std::string text = edited(R"("raids[5].count": 12,)",
                                  R"("raids[5].count": 12, "nodes.jmu_yokohama.requires": [],)");
  const Scenario s = load_scenario_text(text, "p.yaml", "hardened");
  EXPECT_EQ(s.node_ids[2], "jmu_yokohama");
  EXPECT_EQ(raid_keys(s), (std::vector<uint32_t>{0, 1, 5}));
}

TEST(Posture, SetValuesAreCheckedAtTheirOwnLine) {
  const std::string text =
      edited(R"("nodes.kadena.shelters": 60)", R"("nodes.kadena.shelters": -5)");
  expect_error_at(text, "hardened", "-5", "nodes.kadena.shelters",
                  "-5 is out of range (allowed: integer 0..10000)");
  // Other postures do not apply it.
  EXPECT_EQ(load_scenario_text(text).nodes[0].shelters, 15u);
  const std::string ramp =
      edited(R"("nodes.kadena.shelters": 60)", R"("nodes.kadena.ramp": {length_m: 0, width_m: 9})");
  expect_error_at(ramp, "hardened", "0, width_m: 9", "nodes.kadena.ramp.length_m",
                  "0 is out of range (allowed: 0 < length_m <= 20000)");
}

TEST(Posture, SetOfAnUnknownKeyIsRefusedByTheSchema) {
  const std::string text =
      edited(R"("nodes.kadena.shelters": 60)", R"("nodes.kadena.shelterz": 60)");
  expect_error_at(text, "hardened", R"("nodes.kadena.shelterz")", "nodes.kadena.shelterz",
                  "unknown key 'shelterz', did you mean 'shelters'?");
}

TEST(Posture, UnknownPathsAreErrorsAtThePath) {
  struct Case {
    std::string path;
    std::string fragment;
  };
  const std::vector<Case> cases{
      {"nodes.kadina.shelters",
       "no entry with id 'kadina' in 'nodes', did you mean 'kadena'? (allowed: kadena, yokosuka, "
       "jmu_yokohama, mhi_komaki, andersen, or [N])"},
      {"nodez.kadena.shelters", "unknown key 'nodez' in the scenario, did you mean 'nodes'?"},
      {"raids[9].count", "'raids' has 6 entries, so [9] is out of range (allowed: [0..5])"},
      {"raids.first.count", "no entry with id 'first' in 'raids' (allowed: [0..6))"},
      {"nodes.kadena.shelters.count", "'nodes.kadena.shelters' is '15', not a mapping or a list"},
      {"nodes.kadena.repair.crews.count", "unknown key 'crews' in 'nodes.kadena.repair'"},
      {"raids[x].count", "bad path 'raids[x].count': a list position is a whole number"},
      {"nodes..kadena", "bad path 'nodes..kadena': every part needs a key or id"},
      {"postures[0].flags", "a posture cannot change the postures"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.path);
    const std::string text = edited(R"("nodes.kadena.shelters": 60)", "\"" + c.path + "\": 60");
    // Every posture's paths are checked, whichever is loaded.
    expect_error_at(text, "", "\"" + c.path + "\"", "postures.hardened.set." + c.path, c.fragment);
  }
}

// ---- flags and posture ids ----------------------------------------------------------------

TEST(Posture, UnknownFlagIsAnError) {
  const std::string text = edited("flags: [rsf_japan]}", "flags: [rsf_japn]}");
  expect_error_at(text, "", "rsf_japn", "postures.rsf_only.flags[0]",
                  "unknown flag 'rsf_japn': no `requires:` in the file mentions it, did you mean "
                  "'rsf_japan'?");
}

TEST(Posture, FlagListedTwice) {
  const std::string text = edited("flags: [rsf_japan]}", "flags: [rsf_japan, rsf_japan]}");
  expect_error_at(text, "", "rsf_japan]}", "postures.rsf_only.flags[1]",
                  "flag 'rsf_japan' is listed twice");
}

TEST(Posture, UnknownPostureListsTheDefinedOnes) {
  expect_error_at(kPostured, "federatd", "postures:", "posture",
                  "unknown posture 'federatd', did you mean 'federated'? (allowed: baseline, "
                  "federated, rsf_only, hardened, everything)");
}

TEST(Posture, PosturesTakeNoRequires) {
  const std::string text = edited("{id: rsf_only, flags: [rsf_japan]}",
                                  "{id: rsf_only, flags: [rsf_japan], requires: [jasdf]}");
  expect_error_at(text, "", "requires: [jasdf]}\n  - id: hardened", "postures.rsf_only.requires",
                  "unknown key 'requires' (allowed: id, flags, set, uncertain)");
}

TEST(Posture, DuplicatePostureId) {
  const std::string text = edited("{id: rsf_only,", "{id: federated,");
  expect_error_at(text, "", "federated, flags: [rsf_japan]}", "postures.federated.id",
                  "duplicate posture id 'federated'");
}

TEST(Posture, PostureIdsInFileOrder) {
  EXPECT_EQ(
      posture_ids_text(kPostured),
      (std::vector<std::string>{"baseline", "federated", "rsf_only", "hardened", "everything"}));
  // Without a baseline of its own, the file still has one, first.
  const std::string text = edited("  - {id: baseline, flags: []}\n", "");
  EXPECT_EQ(posture_ids_text(text), (std::vector<std::string>{"baseline", "federated", "rsf_only",
                                                              "hardened", "everything"}));
  EXPECT_EQ(load_scenario_text(text).raids.size(), 2u);
}

TEST(Posture, FileApiTakesAPosture) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / "contested_test_postured.yaml";
  std::ofstream(path) << kPostured;
  const Scenario s = load_scenario_file(path.string(), "federated");
  const std::vector<std::string> ids = posture_ids(path.string());
  std::filesystem::remove(path);
  EXPECT_EQ(s.posture, "federated");
  EXPECT_EQ(s.name, "postured");
  EXPECT_EQ(ids.size(), 5u);
}

// ---- posture files -----------------------------------------------------------------------
//
// `--posture PATH.yaml` (and load_scenario_*(…, posture) with a path): one mapping shaped like
// an entry of `postures:`, read and checked by the same code against the scenario; errors name
// the posture file and its line.

// 1-based line of the first occurrence of `at` in kPostured.
int line_of(const std::string& at) {
  const size_t offset = kPostured.find(at);
  EXPECT_NE(offset, std::string::npos) << at;
  return static_cast<int>(
             std::count(kPostured.begin(), kPostured.begin() + static_cast<long>(offset), '\n')) +
         1;
}

class PostureFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("contested_posture_files_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    scenario_ = (dir_ / "theatre.yaml").string();
    std::ofstream(scenario_) << kPostured;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes `text` as a posture file named `name` and returns its path.
  std::string posture(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }

  // Loads the scenario file under `posture_path`, expecting a ScenarioError.
  ScenarioError error_with(const std::string& posture_path) {
    try {
      load_scenario_file(scenario_, posture_path);
    } catch (const ScenarioError& e) {
      return e;
    }
    ADD_FAILURE() << "no ScenarioError under " << posture_path;
    return ScenarioError("", 0, 0, "", "");
  }

  std::filesystem::path dir_;
  std::string scenario_;
};

TEST_F(PostureFile, AppliesFlagsAndSetsLikeAnInlinePosture) {
  const std::string path = posture("filed.yaml",
                                   "# allied yard and more shelters\n"
                                   "id: filed\n"
                                   "description: >-\n"
                                   "  The rsf_only posture with 40 shelters at Kadena.\n"
                                   "flags: [rsf_japan]\n"
                                   "set:\n"
                                   "  nodes.kadena.shelters: 40\n");
  const Scenario s = load_scenario_file(scenario_, path);
  const Scenario inline_posture = load_scenario_file(scenario_, "rsf_only");
  EXPECT_EQ(s.posture, "filed");
  EXPECT_EQ(s.nodes[0].shelters, 40u);
  EXPECT_EQ(inline_posture.nodes[0].shelters, 15u);
  // Everything else is what the inline posture with the same flag gives.
  EXPECT_EQ(s.node_ids, inline_posture.node_ids);
  EXPECT_EQ(raid_keys(s), raid_keys(inline_posture));
  EXPECT_EQ(s.docks.size(), inline_posture.docks.size());
  // Text in memory takes a posture file too.
  EXPECT_EQ(load_scenario_text(kPostured, "p.yaml", path).nodes[0].shelters, 40u);
}

TEST_F(PostureFile, ABaselineFileIsAllowedWhenTheScenarioDefinesNone) {
  std::string text = kPostured;
  text.erase(text.find("postures:\n"));
  std::ofstream(scenario_) << text;
  const Scenario s =
      load_scenario_file(scenario_, posture("base.yaml", "id: baseline\nflags: []\n"));
  EXPECT_EQ(s.posture, "baseline");
  EXPECT_EQ(raid_keys(s), (std::vector<uint32_t>{0, 5}));
}

TEST_F(PostureFile, ProvenanceRecordsThePostureFile) {
  const std::string path = posture("hard.yaml", "id: hard\nset:\n  nodes.kadena.shelters: 30\n");
  const Scenario s = load_scenario_file(scenario_, path);
  // The scenario as read, then the posture file as comments: the stored text still loads as
  // the same scenario, and its hash covers both files.
  ASSERT_EQ(s.source_text.rfind(kPostured, 0), 0u);
  const std::string appended = s.source_text.substr(kPostured.size());
  EXPECT_EQ(appended, "# ---- posture file " + path +
                          " (applied to this scenario) ----\n# id: hard\n# set:\n#   "
                          "nodes.kadena.shelters: 30\n");
  EXPECT_EQ(load_scenario_text(s.source_text).nodes[0].shelters, 15u);
  // An inline posture stores the file as read.
  EXPECT_EQ(load_scenario_file(scenario_, "hardened").source_text, kPostured);
}

TEST_F(PostureFile, ValueErrorsAreReportedInThePostureFile) {
  const std::string path =
      posture("bad_value.yaml", "id: bad\nset:\n  nodes.kadena.shelters: -5\n");
  const ScenarioError e = error_with(path);
  EXPECT_EQ(e.file(), path);
  EXPECT_EQ(e.line(), 3);
  EXPECT_EQ(e.column(), 26);
  EXPECT_EQ(e.key(), "nodes.kadena.shelters");
  EXPECT_STREQ(e.what(), (path + ":3:26: nodes.kadena.shelters: -5 is out of range (allowed: "
                                 "integer 0..10000)")
                             .c_str());
  // A mapping value is checked where it stands, its duplicate keys quoted by their own line.
  const std::string dup = posture(
      "dup.yaml", "id: dup\nset:\n  nodes.kadena.ramp:\n    length_m: 100\n    length_m: 200\n");
  const ScenarioError d = error_with(dup);
  EXPECT_EQ(d.file(), dup);
  EXPECT_EQ(d.line(), 5);
  EXPECT_NE(std::string(d.what()).find("duplicate key 'length_m': first at line 4"),
            std::string::npos)
      << d.what();
}

TEST_F(PostureFile, FlagsPathsAndKeysAreCheckedAgainstTheScenario) {
  struct Case {
    std::string text;
    int line;
    std::string key;
    std::string fragment;
  };
  const std::vector<Case> cases{
      {"id: x\nflags: [rsf_japn]\n", 2, "postures.x.flags[0]",
       "unknown flag 'rsf_japn': no `requires:` in the scenario mentions it, did you mean "
       "'rsf_japan'?"},
      {"id: x\nflags: [rsf_japan, rsf_japan]\n", 2, "postures.x.flags[1]",
       "flag 'rsf_japan' is listed twice"},
      {"id: x\nset:\n  nodes.kadina.shelters: 3\n", 3, "postures.x.set.nodes.kadina.shelters",
       "no entry with id 'kadina' in 'nodes', did you mean 'kadena'?"},
      {"id: x\nset:\n  postures[0].flags: []\n", 3, "postures.x.set.postures[0].flags",
       "a posture cannot change the postures"},
      {"id: x\nflagz: [rsf_japan]\n", 2, "postures.x.flagz",
       "unknown key 'flagz', did you mean 'flags'? (allowed: id, flags, set, uncertain, "
       "description)"},
      {"id: x\nrequires: [rsf_japan]\n", 2, "postures.x.requires", "unknown key 'requires'"},
      {"flags: [rsf_japan]\n", 1, "id", "required key is missing"},
      {"id: Hard Posture\n", 1, "id", "is not a valid id"},
      {"id: federated\n", 1, "postures.federated.id",
       "posture id 'federated' is also defined by the scenario's postures: (line " +
           std::to_string(line_of("{id: federated")) + ")"},
      {"- id: x\n", 1, "scenario", "expected a mapping"},
      {"id: [x\n", 2, "yaml", "(YAML syntax error)"},
      {"id: x\n---\nid: y\n", 3, "yaml", "the file holds 2 YAML documents"},
      {"# only a comment\n", 1, "posture", "is empty"},
  };
  int n = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const std::string path = posture("case" + std::to_string(n++) + ".yaml", c.text);
    const ScenarioError e = error_with(path);
    EXPECT_EQ(e.file(), path) << e.what();
    EXPECT_EQ(e.line(), c.line) << e.what();
    EXPECT_EQ(e.key(), c.key) << e.what();
    EXPECT_NE(e.problem().find(c.fragment), std::string::npos) << e.what();
  }
}

TEST_F(PostureFile, OnItsOwnAFileIsCheckedForItsShape) {
  const std::string path = posture("shape.yaml",
                                   "id: shape\ndescription: any text\nflags: [anything, else]\n"
                                   "set:\n  nodes.nowhere.shelters: 3\n  raids[2].count: 1\n");
  EXPECT_TRUE(is_posture_document(path));
  EXPECT_FALSE(is_posture_document(scenario_));
  const PostureFileSummary summary = check_posture_file(path);
  EXPECT_EQ(summary.id, "shape");
  EXPECT_EQ(summary.flags, 2u);
  EXPECT_EQ(summary.overrides, 2u);
  // What needs no scenario is still refused: a bad path, a flag that is not an id.
  const std::string bad_path = posture("shape_path.yaml", "id: s\nset:\n  raids[x].count: 1\n");
  EXPECT_THROW(check_posture_file(bad_path), ScenarioError);
  const std::string bad_flag = posture("shape_flag.yaml", "id: s\nflags: [Not An Id]\n");
  try {
    check_posture_file(bad_flag);
    ADD_FAILURE() << "no error";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.file(), bad_flag);
    EXPECT_EQ(e.line(), 2);
    EXPECT_NE(e.problem().find("is not a valid id"), std::string::npos) << e.what();
  }
}

TEST_F(PostureFile, AMissingFileIsAnError) {
  const std::string path = (dir_ / "nowhere.yaml").string();
  const ScenarioError e = error_with(path);
  EXPECT_EQ(e.file(), path);
  EXPECT_EQ(e.line(), 0);
  EXPECT_EQ(e.key(), "file");
  EXPECT_NE(e.problem().find("cannot read the posture file"), std::string::npos);
}

TEST_F(PostureFile, ScenarioErrorsStillNameTheScenario) {
  std::ofstream(scenario_) << edited("cep_m: 30", "cep_m: -30");
  const ScenarioError e = error_with(posture("ok.yaml", "id: ok\n"));
  EXPECT_EQ(e.file(), scenario_);
  EXPECT_EQ(e.line(), line_of("cep_m: 30"));
  EXPECT_EQ(e.key(), "missiles.srbm.cep_m");
}

TEST_F(PostureFile, DescriptionIsForPostureFilesOnly) {
  // Inline postures keep their documented keys; a file may describe itself.
  const std::string text = edited("{id: rsf_only, flags: [rsf_japan]}",
                                  "{id: rsf_only, flags: [rsf_japan], description: x}");
  expect_error_at(text, "", "description: x}", "postures.rsf_only.description",
                  "unknown key 'description' (allowed: id, flags, set, uncertain)");
}

// The command line takes the posture file as --posture and records the posture's id.
TEST_F(PostureFile, CommandLineRunsAPostureFile) {
  const std::string path = posture("cli.yaml", "id: cli_posture\nflags: [rsf_japan]\n");
  const std::string out = (dir_ / "cli.h5").string();
  const auto shell = [](const std::string& args) {
    const std::string cmd = std::string(CONTESTED_CLI) + " " + args + " 2>&1";
    FILE* pipe = popen(cmd.c_str(), "r");
    std::string text;
    std::array<char, 4096> buf{};
    while (size_t k = fread(buf.data(), 1, buf.size(), pipe))
      text.append(buf.data(), k);
    const int status = pclose(pipe);
    return std::make_pair(WIFEXITED(status) ? WEXITSTATUS(status) : -1, text);
  };
  const auto [status, text] = shell("run " + scenario_ + " --posture " + path +
                                    " --trials 20 --backend cpu --quiet --out " + out);
  ASSERT_EQ(status, 0) << text;
  const Results r = read_results(out);
  EXPECT_EQ(r.provenance.posture, "cli_posture");
  EXPECT_NE(r.provenance.scenario_text.find("# ---- posture file"), std::string::npos);
  // A posture file given alone is checked for its shape.
  const auto [alone, alone_text] = shell("validate " + path);
  EXPECT_EQ(alone, 0) << alone_text;
  EXPECT_NE(
      alone_text.find(
          path + ": posture file ok (id cli_posture, 1 flag, 0 overrides, 0 uncertain inputs)"),
      std::string::npos)
      << alone_text;
  const std::string typo = posture("cli_typo.yaml", "id: t\nflagz: [rsf_japan]\n");
  const auto [typo_status, typo_text] = shell("validate " + typo);
  EXPECT_EQ(typo_status, 2);
  EXPECT_NE(typo_text.find(typo + ":2:1: postures.t.flagz: unknown key 'flagz'"), std::string::npos)
      << typo_text;
  // validate --posture checks posture files against each scenario; errors exit 2.
  const auto [ok, ok_text] = shell("validate " + scenario_ + " --posture " + path);
  EXPECT_EQ(ok, 0) << ok_text;
  const std::string bad = posture("cli_bad.yaml", "id: b\nset:\n  nodes.kadena.shelters: -1\n");
  const auto [fail, fail_text] = shell("validate " + scenario_ + " --posture " + bad);
  EXPECT_EQ(fail, 2);
  EXPECT_NE(fail_text.find(bad + ":3:26: nodes.kadena.shelters: -1 is out of range"),
            std::string::npos)
      << fail_text;
}

}  // namespace
}  // namespace contested
