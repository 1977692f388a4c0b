// Expenditure and demand (kernels/expenditure.hpp, kernels/demand.hpp; docs/expenditure.md)
// against hand-computed schedules: a ground unit's fractional rate carried day to day, its
// days, the first day short theatre-wide and at its node; ship classes spending per ship
// available, from home or from the node that supplies them; sorties served before ships and
// units; postures; demand = met + unmet trial by trial and day by day on the theatres; and
// the same results whatever the threads and chunks.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "engine/runner.hpp"
#include "kernels/record.hpp"
#include "kernels/stocks.hpp"
#include "results/results.hpp"
#include "scenario/scenario.hpp"
#include "scenario/scenario_yaml.hpp"
#include "tests/campaign_testing.hpp"

namespace contested {
namespace {

using testing::expect_constant;
using testing::expect_days;
using testing::metric;
using testing::outcome;
using testing::trial_record;

// A theatre of depots with one harmless raid, and the consumers under test in `sections`.
std::string theatre(uint32_t days, const std::string& nodes, const std::string& sections) {
  return testing::decoy_theatre("spend", days, nodes, sections);
}

Results simulate(const std::string& text, uint64_t trials = 20, uint64_t seed = 11,
                 const std::string& posture = "") {
  return testing::run_cpu(text, trials, seed, posture, "<spend>");
}

const std::string kDepot = "  - {id: depot, kind: depot, lat: 0.0, lon: 0.0}\n";

// ---- ground units ----------------------------------------------------------------------

// 2.5 rounds a day from 20: the carry makes 2, 3, 2, 3, ... (2.5 a day exactly over two
// days). Cumulative demand 2, 5, 7, 10, 12, 15, 17, 20: the stock lasts to the end of day 8,
// so the stock is first 0 on day 8 and demand first goes unmet on day 9 (2), then day 10 (3).
TEST(ExpenditureUnits, FractionalRateFromAStockHandComputed) {
  const Results r = simulate(theatre(10, kDepot,
                                     "munitions: [{id: shell}]\n"
                                     "stocks: {depot: {shell: 20}}\n"
                                     "units:\n"
                                     "  - {id: guns, node: depot, item: shell, per_day: 2.5}\n"));
  expect_days(metric(r, "demand_shell"), {0, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3});
  expect_days(metric(r, "demand_met_shell"), {0, 2, 3, 2, 3, 2, 3, 2, 3, 0, 0});
  expect_days(metric(r, "demand_unmet_shell"), {0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3});
  expect_days(metric(r, "munitions_shell", "depot"), {20, 18, 15, 13, 10, 8, 5, 3, 0, 0, 0});
  expect_constant(outcome(r, "day_munition_exhausted_shell"), 0, 8);
  expect_constant(outcome(r, "day_exhausted_shell"), 0, 9);
  const Distribution& at_depot = outcome(r, "day_exhausted_shell_depot");
  EXPECT_EQ(at_depot.node, "depot");
  EXPECT_TRUE(at_depot.zero_is_never);
  expect_constant(at_depot, 0, 9);
}

// 0.7 a day adds up to exactly 7 in 10 days (0, 1, 1, 0, 1, 1, 0, 1, 1, 1); 1.5 a day on
// days 3-5 only is 1, 2, 1. A node that stocks nothing of the item tracks it from 0, so a
// unit there goes short from its first day. A rate of 0 wants nothing, and is still reported.
TEST(ExpenditureUnits, CarryDaysAndEmptyNodesHandComputed) {
  const Results r = simulate(theatre(10,
                                     kDepot + "  - {id: fob, kind: depot, lat: 0.5, lon: 0.0}\n"
                                              "  - {id: bare, kind: depot, lat: 0.0, lon: 0.5}\n",
                                     "munitions: [{id: shell}, {id: rocket}]\n"
                                     "stocks: {depot: {shell: 100}, fob: {shell: 100}}\n"
                                     "units:\n"
                                     "  - {id: a, node: depot, item: shell, per_day: 0.7}\n"
                                     "  - {id: b, node: fob, item: shell, per_day: 1.5, "
                                     "days: [3, 5]}\n"
                                     "  - {id: c, node: bare, item: rocket, per_day: 1}\n"
                                     "  - {id: idle, node: depot, item: rocket, per_day: 0}\n"));
  expect_days(metric(r, "demand_shell"), {0, 0, 1, 2, 2, 2, 1, 0, 1, 1, 1});
  expect_days(metric(r, "demand_unmet_shell"), std::vector<uint64_t>(11, 0));
  expect_days(metric(r, "munitions_shell", "depot"),
              {100, 100, 99, 98, 98, 97, 96, 96, 95, 94, 93});
  expect_days(metric(r, "munitions_shell", "fob"), {100, 100, 100, 99, 97, 96, 96, 96, 96, 96, 96});
  expect_constant(outcome(r, "day_exhausted_shell"), 0, 0);  // never
  expect_constant(outcome(r, "day_exhausted_shell_fob"), 0, 0);
  expect_days(metric(r, "munitions_rocket", "bare"), std::vector<uint64_t>(11, 0));
  expect_days(metric(r, "demand_unmet_rocket"), {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
  expect_constant(outcome(r, "day_exhausted_rocket_bare"), 0, 1);
  expect_constant(outcome(r, "day_exhausted_rocket_depot"), 0, 0);
}

// A unit naming `fuel` makes the fuel item exist, as stocks and routes do; a node that lists
// none starts from 0.
TEST(ExpenditureUnits, FuelNamedByAUnitExists) {
  const Results r = simulate(
      theatre(3, kDepot, "units:\n  - {id: generators, node: depot, item: fuel, per_day: 2}\n"));
  expect_days(metric(r, "demand_fuel"), {0, 2, 2, 2});
  expect_days(metric(r, "demand_unmet_fuel"), {0, 2, 2, 2});
  expect_days(metric(r, "fuel", "depot"), {0, 0, 0, 0});
  expect_constant(outcome(r, "day_exhausted_fuel"), 0, 1);
}

// ---- ships ---------------------------------------------------------------------------------

const std::string kHarbour =
    "  - {id: harbour, kind: naval_base, lat: 0.0, lon: 0.0}\n"
    "  - {id: arsenal, kind: depot, lat: 0.5, lon: 0.5}\n";

std::string ship_class(const std::string& id, uint32_t count, double hit, double sink,
                       const std::string& extra) {
  return "  - {id: " + id + ", count: " + std::to_string(count) +
         ", home: harbour, hit_prob_per_day: " + std::to_string(hit) +
         ", sink_given_hit: " + std::to_string(sink) +
         ", in_maintenance_at_start: 0, repair_days: 10, repair_sigma: 0, speed_kmpd: 800" + extra +
         "}\n";
}

// Ten ships never hit spend 0.25 SM-6 each a day: 2.5 a day from the home's 20, the unit's
// schedule above. Four ships supplied from the arsenal spend 0.5 SM-6 and 1 Tomahawk each on
// day 1 and are all sunk that day (hit and sink certain): nothing after.
TEST(ExpenditureShips, PerShipAvailableHandComputed) {
  const Results r = simulate(theatre(10, kHarbour,
                                     "munitions: [{id: sm6}, {id: tlam}]\n"
                                     "stocks: {harbour: {sm6: 20}, arsenal: {sm6: 100, "
                                     "tlam: 100}}\n"
                                     "ship_classes:\n" +
                                         ship_class("ddg", 10, 0, 0, ", expends: {sm6: 0.25}") +
                                         ship_class("doomed", 4, 1, 1,
                                                    ", expends: {sm6: 0.5, tlam: 1}, "
                                                    "supplied_from: arsenal")));
  expect_days(metric(r, "ships_available"), {14, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10});
  expect_days(metric(r, "demand_sm6"), {0, 4, 3, 2, 3, 2, 3, 2, 3, 2, 3});
  expect_days(metric(r, "demand_unmet_sm6"), {0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3});
  expect_days(metric(r, "munitions_sm6", "harbour"), {20, 18, 15, 13, 10, 8, 5, 3, 0, 0, 0});
  expect_days(metric(r, "munitions_sm6", "arsenal"),
              std::vector<uint64_t>{100, 98, 98, 98, 98, 98, 98, 98, 98, 98, 98});
  expect_days(metric(r, "demand_tlam"), {0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  expect_constant(outcome(r, "day_exhausted_sm6"), 0, 9);
  expect_constant(outcome(r, "day_exhausted_sm6_harbour"), 0, 9);
  expect_constant(outcome(r, "day_exhausted_sm6_arsenal"), 0, 0);
  expect_constant(outcome(r, "day_exhausted_tlam"), 0, 0);
}

// Ships hit, repaired and in maintenance at random: trial by trial, a day's demand is the rate
// times the ships available at the end of the day before (what the operations phase sees),
// with the carry, and stock to spare meets it all.
TEST(ExpenditureShips, DemandFollowsShipsAvailableTrialByTrial) {
  const Scenario s = load_scenario_text(
      theatre(40,
              kHarbour + "  - {id: yard, kind: repair_yard, lat: 1.0, lon: 1.0, docks: {ddg: 1}}\n",
              "munitions: [{id: sm6}]\n"
              "stocks: {harbour: {sm6: 100000}}\n"
              "ship_classes:\n"
              "  - {id: ddg, count: 12, home: harbour, hit_prob_per_day: 0.05, sink_given_hit: "
              "0.3, in_maintenance_at_start: 0.4, maintenance_days: 8, repair_days: 4, "
              "repair_sigma: 0.5, speed_kmpd: 800, expends: {sm6: 0.35}}\n"),
      "<spend>");
  const RecordLayout rl = record_layout(s.view());
  uint64_t varied = 0;
  for (uint32_t trial = 0; trial < 20; ++trial) {
    const std::vector<uint32_t> rec = trial_record(s, 5, trial);
    uint64_t carry = 0;
    for (uint32_t day = 1; day <= s.days; ++day) {
      const uint64_t available = rec[rl.row(rl.theatre(kTheatreShipsAvailable), day - 1)];
      const uint64_t due = carry + 350000 * available;
      carry = due % kMicroUnits;
      EXPECT_EQ(rec[rl.row(rl.theatre_demand(0), day)], due / kMicroUnits)
          << "trial " << trial << " day " << day;
      EXPECT_EQ(rec[rl.row(rl.theatre_demand_met(0), day)], due / kMicroUnits);
      EXPECT_EQ(rec[rl.row(rl.theatre_demand_unmet(0), day)], 0u);
      varied += available < 12 ? 1 : 0;
    }
  }
  EXPECT_GT(varied, 100u);  // not vacuous: ships were away
}

// An open field with ten always-ready jets flying one sortie a day each, and the `round`
// item: the sorties of the consumer tests below.
const std::string kField =
    "  - id: field\n"
    "    kind: airbase\n"
    "    lat: 0.5\n"
    "    lon: 0.0\n"
    "    runways: [{length_m: 3000, width_m: 60}]\n"
    "    repair: {teams: 1, hours_per_crater: 1, sigma: 0}\n"
    "    shelters: 10\n"
    "    aircraft: [{type: jet, count: 10}]\n";
const std::string kJets =
    "aircraft_types:\n"
    "  - {id: jet, strip: fighter, sortie_rate: 1.0, mc_rate: 1.0, fix_rate: 0.0}\n"
    "munitions: [{id: round}]\n";

// ---- the order of consumers ------------------------------------------------------------------

// Ten always-ready jets fly 10 sorties a day, one round each; four ships want 4 and a unit 3
// of the same 30 rounds at the base. Day 1: 10 + 4 + 3 leave 13. Day 2: the sorties take 10
// first, the ships the last 3 (1 short), the unit none (3 short). Had ships or units come
// first, day 2's sorties would have been 6.
TEST(ExpenditureOrder, SortiesThenShipsThenUnits) {
  const Results r =
      simulate(theatre(3, "  - {id: harbour, kind: naval_base, lat: 0.0, lon: 0.0}\n" + kField,
                       kJets +
                           "stocks: {field: {round: 30}}\n"
                           "consumption: {jet: {round: 1}}\n"
                           "ship_classes:\n" +
                           ship_class("ddg", 4, 0, 0,
                                      ", expends: {round: 1}, "
                                      "supplied_from: field") +
                           "units:\n"
                           "  - {id: guns, node: field, item: round, per_day: 3}\n"));
  expect_days(metric(r, "sorties", "field"), {10, 10, 10, 0});
  expect_days(metric(r, "munitions_round", "field"), {30, 13, 0, 0});
  // The sorties' 10 rounds are demand too: day 3 wants 10 + 4 + 3 and gets none.
  expect_days(metric(r, "demand_round"), {0, 17, 17, 17});
  expect_days(metric(r, "demand_met_round"), {0, 17, 13, 0});
  expect_days(metric(r, "demand_unmet_round"), {0, 0, 4, 17});
  expect_constant(outcome(r, "day_exhausted_round"), 0, 2);
  expect_constant(outcome(r, "day_exhausted_round_field"), 0, 2);
}

// Ten always-ready jets want 10 sorties a day, each a fuel load and a round; the field holds
// 25 fuel and 100 rounds. Day 1 and 2 fly 10; day 3 the 5 fuel left fly 5, and the rounds
// for the other 5 were there: fuel goes short, rounds do not (a sortie grounded by fuel does
// not go without its round). Day 4 wants 10 of each, gets 0 fuel and 10 rounds' worth.
TEST(ExpenditureSorties, EachItemMeetsWhatItsOwnStockCould) {
  const Results r = simulate(theatre(4, kField,
                                     kJets + "stocks: {field: {round: 100, fuel: 25}}\n"
                                             "consumption: {jet: {round: 1, fuel: 1}}\n"));
  expect_days(metric(r, "sorties", "field"), {10, 10, 10, 5, 0});
  expect_days(metric(r, "demand_fuel"), {0, 10, 10, 10, 10});
  expect_days(metric(r, "demand_met_fuel"), {0, 10, 10, 5, 0});
  expect_days(metric(r, "demand_unmet_fuel"), {0, 0, 0, 5, 10});
  expect_days(metric(r, "demand_round"), {0, 10, 10, 10, 10});
  expect_days(metric(r, "demand_unmet_round"), {0, 0, 0, 0, 0});
  expect_days(metric(r, "munitions_round", "field"), {100, 90, 80, 75, 75});
  expect_constant(outcome(r, "day_exhausted_fuel"), 0, 3);
  expect_constant(outcome(r, "day_exhausted_fuel_field"), 0, 3);
  expect_constant(outcome(r, "day_exhausted_round"), 0, 0);
}

// ---- postures --------------------------------------------------------------------------------

// A unit that needs a flag exists only under it; set: changes a unit's rate and a class's.
TEST(ExpenditurePostures, RequiresAndSetChangeDemand) {
  const std::string text = theatre(
      4, kHarbour,
      "munitions: [{id: sm6}, {id: shell}]\n"
      "stocks: {harbour: {sm6: 100}, arsenal: {shell: 100}}\n"
      "ship_classes:\n" +
          ship_class("ddg", 2, 0, 0, ", expends: {sm6: 1}") +
          "units:\n"
          "  - {id: guns, node: arsenal, item: shell, per_day: 2}\n"
          "  - {id: more_guns, node: arsenal, item: shell, per_day: 5, requires: [surge]}\n"
          "postures:\n"
          "  - {id: surged, flags: [surge]}\n"
          "  - {id: heavier, set: {\"units.guns.per_day\": 4, \"ship_classes.ddg.expends.sm6\": "
          "3}}\n");
  const Results base = simulate(text);
  expect_days(metric(base, "demand_shell"), {0, 2, 2, 2, 2});
  expect_days(metric(base, "demand_sm6"), {0, 2, 2, 2, 2});
  expect_days(metric(simulate(text, 20, 11, "surged"), "demand_shell"), {0, 7, 7, 7, 7});
  const Results heavier = simulate(text, 20, 11, "heavier");
  expect_days(metric(heavier, "demand_shell"), {0, 4, 4, 4, 4});
  expect_days(metric(heavier, "demand_sm6"), {0, 6, 6, 6, 6});
}

// ---- demand = met + unmet on the theatres ------------------------------------------------------

// Trial by trial, every item and day: met + unmet = demand with neither above it, nothing on
// day 0, the first day short theatre-wide where the series first shows unmet demand, and the
// earliest of the nodes' first days short.
TEST(ExpenditureLedger, MetPlusUnmetIsDemandEveryDayOnTheTheatres) {
  uint64_t wanted = 0, short_days = 0;
  for (const std::string file : {CONTESTED_SOURCE_DIR "/configs/indo_pacific.yaml",
                                 CONTESTED_SOURCE_DIR "/configs/examples/sustainment.yaml"}) {
    for (const std::string& posture : posture_ids(file)) {
      const Scenario s = load_scenario_file(file, posture);
      const RecordLayout rl = record_layout(s.view());
      for (uint32_t trial = 0; trial < 4; ++trial) {
        const std::vector<uint32_t> rec = trial_record(s, 2024, trial);
        for (uint32_t i = 0; i < s.item_ids.size(); ++i) {
          const std::string where =
              file + " [" + posture + "] trial " + std::to_string(trial) + " " + s.item_ids[i];
          EXPECT_EQ(rec[rl.row(rl.theatre_demand(i), 0)], 0u) << where;
          uint32_t first_short = 0;
          for (uint32_t day = 0; day <= s.days; ++day) {
            const uint32_t demand = rec[rl.row(rl.theatre_demand(i), day)];
            const uint32_t met = rec[rl.row(rl.theatre_demand_met(i), day)];
            const uint32_t unmet = rec[rl.row(rl.theatre_demand_unmet(i), day)];
            ASSERT_LE(met, demand) << where << " day " << day;
            ASSERT_LE(unmet, demand) << where << " day " << day;
            EXPECT_EQ(uint64_t{met} + unmet, demand) << where << " day " << day;
            if (unmet > 0 && first_short == 0) first_short = day;
            wanted += demand;
            short_days += unmet > 0 ? 1 : 0;
          }
          EXPECT_EQ(rec[rl.demand_exhausted_row(i)], first_short) << where;
          uint32_t earliest = 0;
          for (uint32_t b = 0; b < s.nodes.size(); ++b) {
            const uint32_t day = rec[rl.node_demand_exhausted_row(b, i)];
            if (day > 0 && (earliest == 0 || day < earliest)) earliest = day;
          }
          EXPECT_EQ(earliest, first_short) << where;
        }
      }
    }
  }
  EXPECT_GT(wanted, 0u);      // not vacuous: the theatres spend
  EXPECT_GT(short_days, 0u);  // and go short
}

// ---- determinism -------------------------------------------------------------------------------

TEST(ExpenditureDeterminism, SameResultsWhateverThreadsAndChunks) {
  const Scenario s = load_scenario_text(
      theatre(20, kHarbour,
              "munitions: [{id: sm6}, {id: shell}]\n"
              "stocks: {harbour: {sm6: 40}, arsenal: {shell: 30}}\n"
              "ship_classes:\n"
              "  - {id: ddg, count: 8, home: harbour, hit_prob_per_day: 0.05, sink_given_hit: "
              "0.5, in_maintenance_at_start: 0.3, maintenance_days: 6, repair_days: 5, "
              "repair_sigma: 0.5, speed_kmpd: 800, expends: {sm6: 0.4}}\n"
              "units:\n"
              "  - {id: guns, node: arsenal, item: shell, per_day: 1.7}\n"),
      "<spend>");
  const Results reference = testing::expect_same_whatever_threads_and_chunks(s, 300, 99);
  // Not vacuous: some trials, not all, run short of SM-6.
  const Distribution& day = outcome(reference, "day_exhausted_sm6");
  EXPECT_GT(day.never(0), 0u);
  EXPECT_LT(day.never(0), 300u);
}

}  // namespace
}  // namespace contested
