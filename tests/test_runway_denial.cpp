// Runway denial end to end, on scenarios small enough to compute by hand: the hours a strip
// is closed (raid hours, waves, assessment delay, repair, cure), `when: strip_open`, the
// aim-point patterns, strip classes that do not apply, groups, and the sorties lost by
// cause. Missiles are certain (reliability 1, a CEP of a micrometre) and repair times fixed
// (sigma 0), so every metric below is the same in every trial.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "results/results.hpp"
#include "results/summary.hpp"
#include "tests/campaign_testing.hpp"

namespace contested {
namespace {

using testing::expect_constant;
using testing::expect_days;
using testing::metric;
using testing::outcome;
using testing::run_cpu;

// One base with a 3000 x 45 m runway; a 1500 x 15 m fighter strip; ten fighters always
// mission capable flying 2 sorties a day. `raids` and `repair` are filled in per test. A
// unitary crater of radius 25 at the runway's middle (the centreline pattern's aim point
// for a single missile) spans its width and leaves two 1475 m pieces: the strip closes.
std::string scenario(const std::string& raids, const std::string& repair,
                     const std::string& extra = "", const std::string& more_missiles = "",
                     uint32_t days = 3) {
  return "name: denial\n"
         "days: " +
         std::to_string(days) +
         "\n"
         "launch_sites: [{id: coast, lat: 26.0, lon: 120.0}]\n"
         "missiles:\n"
         "  - {id: m, range_km: 2000, speed_kmps: 2, reliability: 1, cep_m: 0.000001,\n"
         "     warhead: unitary, lethal_radius_m: {hardened: 5, soft: 5}, crater_radius_m: 25,\n"
         "     inventory: 100, launchers: 100, launch_sites: [coast]}\n" +
         more_missiles + "raids:\n" + raids +
         "nodes:\n"
         "  - id: base\n"
         "    kind: airbase\n"
         "    lat: 26.35\n"
         "    lon: 127.77\n"
         "    runways: [{length_m: 3000, width_m: 45}]\n"
         "    ramp: {length_m: 1000, width_m: 200}\n"
         "    repair: " +
         repair +
         "\n"
         "    aircraft: [{type: jet, count: 10}]\n"
         "aircraft_types:\n"
         "  - {id: jet, strip: fighter, sortie_rate: 2, mc_rate: 1, fix_rate: 0}\n"
         "strips:\n"
         "  fighter: {length_m: 1500, width_m: 15}\n" +
         extra;
}

const std::string kOneCraterAt2 =
    "  - {days: [1, 1], hour: 2, target: base, aim: runway, missile: m, count: 1}\n";
const std::string kRepair = "{teams: 1, hours_per_crater: 3, sigma: 0, delay_h: 1.5, cure_h: 2}";

TEST(RunwayDenial, OneCraterGivesTheHandComputedHoursClosed) {
  // Hit at 2, crews from 3.5, repaired at 6.5, cured at 8.5: closed 6.5 h, in 7 clock hours.
  const Results r = run_cpu(scenario(kOneCraterAt2, kRepair), 20, 1);
  expect_days(metric(r, "strip_hours_closed_fighter", "base"), {0, 7, 0, 0});
  expect_days(metric(r, "strip_usable_fighter", "base"), {1, 1, 1, 1});
  expect_constant(outcome(r, "hours_strip_closed_fighter_base"), 0, 7);
  expect_constant(outcome(r, "days_strip_denied_fighter_base"), 0, 0);
  // Sorties: round(10 * 2 * (24 - 6.5) / 24) = 15 on day 1; 5 lost to the strip.
  expect_days(metric(r, "sorties", "base"), {20, 15, 20, 20});
  expect_days(metric(r, "sortie_capacity", "base"), {20, 20, 20, 20});
  expect_days(metric(r, "sorties_lost_strip", "base"), {0, 5, 0, 0});
  expect_days(metric(r, "craters_open", "base"), {0, 0, 0, 0});
}

TEST(RunwayDenial, NoCrewsDenyEveryDayAfterTheRaid) {
  const Results r =
      run_cpu(scenario(kOneCraterAt2, "{teams: 0, hours_per_crater: 3, sigma: 0}"), 20, 1);
  expect_days(metric(r, "strip_hours_closed_fighter", "base"), {0, 22, 24, 24});
  expect_days(metric(r, "strip_usable_fighter", "base"), {1, 1, 0, 0});
  expect_constant(outcome(r, "days_strip_denied_fighter_base"), 0, 2);
  expect_constant(outcome(r, "hours_strip_closed_fighter_base"), 0, 70);
}

// A second wave at hour H, `when: strip_open`: it fires if the runway has reopened by H.
std::string two_waves(uint32_t second_hour, const std::string& when) {
  return "  - {days: [1, 1], hour: 2, target: base, aim: runway, missile: m, count: 1}\n"
         "  - {days: [1, 1], hour: " +
         std::to_string(second_hour) + ", target: base, aim: runway, missile: m, count: 1" + when +
         "}\n";
}

TEST(RunwayDenial, ASecondWaveFiresOnAReopenedRunwayOnlyWhenStripOpenSaysSo) {
  const std::string strip_open = ", when: strip_open, strip: fighter";
  // Reopened at 8.5. A wave at 12 finds it open: closed again 12 to 18.5 (delay 1.5,
  // repair 3, cure 2). 6.5 + 6.5 h closed, in clock hours 2-8 and 12-18: 14.
  const Results at12 = run_cpu(scenario(two_waves(12, strip_open), kRepair), 20, 1);
  expect_days(metric(at12, "missiles_launched"), {0, 2, 0, 0});
  expect_days(metric(at12, "strip_hours_closed_fighter", "base"), {0, 14, 0, 0});
  // A wave at 5 finds it closed and holds its fire.
  const Results at5 = run_cpu(scenario(two_waves(5, strip_open), kRepair), 20, 1);
  expect_days(metric(at5, "missiles_launched"), {0, 1, 0, 0});
  expect_days(metric(at5, "strip_hours_closed_fighter", "base"), {0, 7, 0, 0});
  // Without the condition it fires at 5 anyway. The crews worked 3.5-5 on the first
  // crater; from 6.5 they finish it (1.5 h, to 8) and repair the second, made at the same
  // place (8-11), cured at 13: closed 2-13.
  const Results always = run_cpu(scenario(two_waves(5, ""), kRepair), 20, 1);
  expect_days(metric(always, "missiles_launched"), {0, 2, 0, 0});
  expect_days(metric(always, "strip_hours_closed_fighter", "base"), {0, 11, 0, 0});
}

TEST(RunwayDenial, WavesOfOneRaidFireAtEachListedHour) {
  // hour: [2, 12] is the two raids of the strip_open case above, without the condition.
  const std::string waves =
      "  - {days: [1, 1], hour: [2, 12], target: base, aim: runway, missile: m, count: 1}\n";
  const Results r = run_cpu(scenario(waves, kRepair), 20, 1);
  expect_days(metric(r, "missiles_launched"), {0, 2, 0, 0});
  expect_days(metric(r, "strip_hours_closed_fighter", "base"), {0, 14, 0, 0});
}

TEST(RunwayDenial, SubmunitionsToClearDelayTheRepair) {
  // A submunition missile on the ramp leaves 40 bomblets to clear, 0.05 h each, and no
  // crater; a unitary one at the same hour cuts the runway. Crews start at 2 + 1.5 + 2,
  // repair to 8.5, cure to 10.5: clock hours 2-10 closed.
  const std::string raids =
      "  - {days: [1, 1], hour: 2, target: base, aim: runway, missile: m, count: 1}\n"
      "  - {days: [1, 1], hour: 2, target: base, aim: ramp, missile: cluster, count: 1}\n";
  const std::string cluster =
      "  - {id: cluster, range_km: 2000, speed_kmps: 2, reliability: 1, cep_m: 0.000001,\n"
      "     warhead: submunition, submunition_radius_m: 10, submunition_pk: 0,\n"
      "     submunitions: 40, inventory: 10, launchers: 10, launch_sites: [coast]}\n";
  const std::string repair =
      "{teams: 1, hours_per_crater: 3, sigma: 0, delay_h: 1.5, clear_h_per_submunition: 0.05, "
      "cure_h: 2}";
  const Results r = run_cpu(scenario(raids, repair, "", cluster), 20, 1);
  expect_days(metric(r, "strip_hours_closed_fighter", "base"), {0, 9, 0, 0});
}

TEST(RunwayDenial, RepairKitsAreNotInTheMunitionIgloos) {
  // One of two igloos destroyed: half the AIM-120 go with it, none of the repair kits.
  const std::string raids =
      "  - {days: [1, 1], target: base, aim: munitions, missile: m, count: 1}\n";
  std::string text = scenario(raids, "{teams: 1, hours_per_crater: 3, sigma: 0, kit: kit}",
                              "munitions: [{id: aim120}]\n"
                              "supplies: [{id: kit}]\n"
                              "stocks: {base: {aim120: 10, kit: 10}}\n");
  text.replace(text.find("    aircraft:"), 0, "    munition_igloos: 2\n");
  const Results r = run_cpu(text, 20, 1);
  expect_days(metric(r, "munitions_aim120", "base"), {10, 5, 5, 5});
  expect_days(metric(r, "supplies_kit", "base"), {10, 10, 10, 10});
}

TEST(RunwayDenial, AStripNoRunwayHoldsIsNotApplicable) {
  // A 4,000 m "heavy" strip on a 3,000 m runway: no metric, no outcome, n/a in the summary,
  // and the aircraft that need it fly nothing (the capacity leaves them out).
  std::string text = scenario(kOneCraterAt2, kRepair);
  text.replace(text.find("strips:\n") + 8, 0, "  heavy: {length_m: 4000, width_m: 45}\n");
  text.replace(text.find("  - {id: jet,"), 0,
               "  - {id: lifter, strip: heavy, sortie_rate: 1, mc_rate: 1, fix_rate: 0}\n");
  text.replace(text.find("    aircraft: [{type: jet, count: 10}]"),
               std::string("    aircraft: [{type: jet, count: 10}]").size(),
               "    aircraft: [{type: jet, count: 10}, {type: lifter, count: 4}]");
  const Results r = run_cpu(text, 20, 1);
  EXPECT_EQ(r.find_metric("strip_usable_heavy", "base"), nullptr);
  EXPECT_EQ(r.find_metric("strip_hours_closed_heavy", "base"), nullptr);
  EXPECT_EQ(r.find_outcome("days_strip_denied_heavy_base"), nullptr);
  EXPECT_EQ(r.find_outcome("hours_strip_closed_heavy_base"), nullptr);
  EXPECT_NE(r.find_outcome("hours_strip_closed_fighter_base"), nullptr);
  expect_days(metric(r, "strip_usable_heavy"), {0, 0, 0, 0});  // theatre: no base can hold it
  expect_days(metric(r, "sortie_capacity", "base"), {20, 20, 20, 20});
  std::ostringstream summary;
  print_summary(summary, r);
  const std::string text_out = summary.str();
  const size_t row = text_out.find("\n  base ", text_out.find("heavy closed, h"));
  ASSERT_NE(row, std::string::npos) << text_out;
  EXPECT_NE(text_out.substr(row, text_out.find('\n', row + 1) - row).find("n/a"), std::string::npos)
      << text_out;
  // validate names the grounded aircraft.
  const std::string path = ::testing::TempDir() + "not_applicable.yaml";
  {
    std::ofstream file(path);
    file << text;
  }
  const testing::Command c = testing::shell("validate " + path);
  EXPECT_EQ(c.status, 0) << c.output;
  EXPECT_NE(c.output.find("note: base: 4 lifter need the heavy strip (4000 x 45 m), which no "
                          "runway there holds (longest runway 3000 x 45 m)"),
            std::string::npos)
      << c.output;
}

TEST(RunwayDenial, AGroupReportsTheMeanOfItsApplicableBases) {
  // Two bases in one group: the first closed 7 h (as above), the second, never struck, 0 h:
  // the mean 3.5 rounds half up to 4. A class the second base cannot hold leaves it out.
  std::string text =
      scenario(kOneCraterAt2, kRepair, "groups: [{id: pair, nodes: [base, quiet]}]\n");
  const std::string quiet =
      "  - {id: quiet, kind: airbase, lat: 26.4, lon: 127.8, runways: [{length_m: 1600, "
      "width_m: 45}],\n     repair: {teams: 1, hours_per_crater: 3, sigma: 0}}\n";
  text.replace(text.find("aircraft_types:"), 0, quiet);
  text.replace(text.find("strips:\n") + 8, 0, "  long: {length_m: 2000, width_m: 15}\n");
  const Results r = run_cpu(text, 20, 1);
  expect_constant(outcome(r, "hours_strip_closed_fighter_pair"), 0, 4);
  expect_constant(outcome(r, "hours_strip_closed_long_pair"), 0, 7);  // the first base only
}

TEST(RunwayDenialWhen, RunwayOpenCountsOnlyTheClassesTheBaseFliesFrom) {
  // A 30 x 30 m helicopter pad class fits beside the crater, but no helicopter is based
  // there: at hour 5 the fighter strip is closed, so a runway_open wave holds its fire.
  std::string text = scenario(two_waves(5, ", when: runway_open"), kRepair);
  text.replace(text.find("strips:\n") + 8, 0, "  pad: {length_m: 30, width_m: 30}\n");
  const Results r = run_cpu(text, 20, 1);
  expect_days(metric(r, "missiles_launched"), {0, 1, 0, 0});
  // With a helicopter based there the pad counts, and the wave fires.
  text.replace(text.find("  - {id: jet,"), 0,
               "  - {id: helo, strip: pad, sortie_rate: 1, mc_rate: 1, fix_rate: 0}\n");
  text.replace(text.find("[{type: jet, count: 10}]"), 24,
               "[{type: jet, count: 10}, {type: helo, count: 2}]");
  const Results with_helicopters = run_cpu(text, 20, 1);
  expect_days(metric(with_helicopters, "missiles_launched"), {0, 2, 0, 0});
}

}  // namespace
}  // namespace contested
