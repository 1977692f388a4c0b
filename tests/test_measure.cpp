// What each metric and outcome measures (results/measure.hpp): hand-checked names, and every
// name the engine records for the repository's scenarios has a unit and one kind.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "engine/record_catalog.hpp"
#include "results/measure.hpp"
#include "scenario/scenario_yaml.hpp"

namespace contested {
namespace {

TEST(Measure, NamesAndPrefixes) {
  EXPECT_EQ(describe_measure("sorties", false).unit, "sorties");
  EXPECT_EQ(describe_measure("munitions_aim120", false).long_name, "aim120 rounds in stock");
  EXPECT_EQ(describe_measure("fuel", false).unit, "sortie loads");
  // An exact name wins over a prefix family, and the longest prefix over a shorter one.
  EXPECT_EQ(describe_measure("aircraft_lost_ground", true).long_name,
            "aircraft destroyed on the ground");
  EXPECT_EQ(describe_measure("aircraft_lost_ground_kadena", true).long_name,
            "aircraft destroyed on the ground at kadena");
  EXPECT_EQ(describe_measure("day_interceptors_exhausted_kadena", true).long_name,
            "first day kadena's batteries are all empty");
  // One base's strip flag is not a count of bases.
  EXPECT_EQ(describe_measure("strip_usable_fighter", false).unit, "bases");
  EXPECT_EQ(describe_measure("strip_usable_fighter", false, true).unit, "1 = usable");
  // First days are known by name: 0 means never.
  EXPECT_TRUE(describe_measure("first_day_sorties_below_half", true).first_day);
  EXPECT_TRUE(describe_measure("day_supply_exhausted_kit", true).first_day);
  EXPECT_FALSE(describe_measure("days_strip_denied_fighter_kadena", true).first_day);
  // The daily metric and the campaign total have different names.
  EXPECT_EQ(describe_measure("shipments_lost", false).long_name, "shipments lost that day");
  EXPECT_EQ(describe_measure("shipments_lost_total", true).long_name,
            "shipments lost over the campaign");
  // Demand, per item and, for its first day short, per item and node.
  EXPECT_EQ(describe_measure("demand_unmet_sm6", false).long_name,
            "sm6 consumers went without that day");
  EXPECT_EQ(describe_measure("demand_met_fuel", false).unit, "sortie loads");
  EXPECT_TRUE(describe_measure("day_exhausted_sm6_yokosuka", true, true).first_day);
  EXPECT_EQ(describe_measure("day_exhausted_sm6", true).long_name,
            "first day some demand went unmet (sm6)");
  EXPECT_EQ(describe_measure("no_such_measure", false).unit, "1");
}

TEST(Measure, EveryRecordedNameIsKnownAndHasOneKind) {
  size_t scenarios = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(CONTESTED_SOURCE_DIR "/configs")) {
    if (entry.path().extension() != ".yaml") continue;
    std::stringstream text;
    text << std::ifstream(entry.path()).rdbuf();
    if (text.str().find("\nnodes:") == std::string::npos) continue;  // postures, sweeps
    SCOPED_TRACE(entry.path().string());
    ++scenarios;
    const std::vector<RecordSeries> catalog =
        catalog_records(load_scenario_file(entry.path().string()));
    std::set<std::string> metrics, outcomes;
    for (const RecordSeries& series : catalog) {
      const Measure m = describe_measure(series.name, series.outcome, !series.node.empty());
      EXPECT_NE(m.unit, "1") << series.name << " has no description in results/measure.cpp";
      EXPECT_EQ(series.zero_is_never, m.first_day) << series.name;
      (series.outcome ? outcomes : metrics).insert(series.name);
    }
    for (const std::string& name : outcomes)
      EXPECT_EQ(metrics.count(name), 0u) << name << " is both a metric and an outcome";
  }
  EXPECT_GE(scenarios, 5u);
}

}  // namespace
}  // namespace contested
