// The statistics table (results/statistics_table.hpp): one record per posture, measure,
// node and day with the Distribution's statistics, and its CSV and JSON forms.
#include "results/statistics_table.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "results/measure.hpp"
#include "results/results.hpp"
#include "tests/campaign_testing.hpp"
#include "tests/json_testing.hpp"

namespace contested {
namespace {

using testing::Json;
using testing::JsonReader;

// A distribution with width-1 bins from 0, from the per-trial values of each row.
Distribution from_values(const std::string& name, const std::string& node,
                         const std::vector<std::vector<int64_t>>& rows) {
  Distribution d;
  d.name = name;
  d.node = node;
  d.rows = static_cast<uint32_t>(rows.size());
  int64_t hi = 0;
  for (const auto& row : rows) {
    for (int64_t v : row)
      hi = std::max(hi, v);
  }
  d.bins = static_cast<uint32_t>(hi + 1);
  d.histogram.assign(size_t{d.rows} * d.bins, 0);
  for (uint32_t r = 0; r < d.rows; ++r) {
    uint64_t sum = 0, sum_sq = 0;
    for (int64_t v : rows[r]) {
      ++d.histogram[size_t{r} * d.bins + static_cast<size_t>(v)];
      sum += static_cast<uint64_t>(v);
      sum_sq += static_cast<uint64_t>(v * v);
    }
    d.sum.push_back(sum);
    d.sum_sq.push_back(sum_sq);
  }
  return d;
}

Distribution first_day(const std::string& name, const std::vector<int64_t>& days) {
  Distribution d = from_values(name, "", {days});
  d.zero_is_never = true;
  return d;
}

// Two days, a theatre and a node metric, an outcome, and first-day outcomes that came in
// some trials, in all, and in none.
Results sample(const std::string& posture = "hardened") {
  Results r;
  r.provenance.engine_version = "0.1.0";
  r.provenance.seed = 12345678901234567ull;
  r.provenance.trials = 8;
  r.provenance.days = 2;
  r.provenance.scenario_name = "pacific \"test\"";
  r.provenance.posture = posture;
  r.metrics.push_back(from_values(
      "sorties", "",
      {{10, 10, 10, 10, 10, 10, 10, 10}, {1, 2, 3, 4, 5, 6, 7, 8}, {0, 0, 1, 1, 2, 3, 5, 8}}));
  r.metrics.push_back(
      from_values("sorties", "kadena",
                  {{3, 3, 3, 3, 3, 3, 3, 3}, {1, 1, 1, 1, 2, 2, 2, 9}, {0, 0, 0, 0, 0, 0, 0, 1}}));
  r.outcomes.push_back(from_values("aircraft_lost_ground", "", {{7, 1, 3, 3, 2, 9, 4, 4}}));
  r.outcomes.push_back(first_day("day_munition_exhausted_aim120", {0, 0, 0, 0, 0, 0, 3, 5}));
  r.outcomes.push_back(first_day("day_interceptors_exhausted", {2, 2, 3, 2, 2, 2, 1, 2}));
  r.outcomes.push_back(first_day("day_munition_exhausted_jassm", {0, 0, 0, 0, 0, 0, 0, 0}));
  return r;
}

// One line of CSV split into fields, RFC 4180 quoting undone.
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

std::string csv_of(const std::vector<StatisticsRecord>& records) {
  std::ostringstream out;
  write_statistics_csv(out, records);
  return out.str();
}

std::string json_of(const Provenance& p, const std::vector<StatisticsRecord>& records) {
  std::ostringstream out;
  write_statistics_json(out, p, records);
  return out.str();
}

// A CSV field read back as a double (exactly: the field is the shortest round trip).
double value_of(const std::string& field) {
  return std::strtod(field.c_str(), nullptr);
}

TEST(StatisticsTable, OneRecordPerMetricRowAndOutcome) {
  const Results r = sample();
  const std::vector<StatisticsRecord> records = statistics_table(r);
  ASSERT_EQ(records.size(), 3u + 3u + 4u);
  for (size_t i = 0; i < 6; ++i) {
    const StatisticsRecord& rec = records[i];
    const Distribution& d = r.metrics[i / 3];
    const uint32_t row = static_cast<uint32_t>(i % 3);
    SCOPED_TRACE(d.name + "@" + d.node + " day " + std::to_string(row));
    EXPECT_EQ(rec.posture, "hardened");
    EXPECT_EQ(rec.measure, d.name);
    EXPECT_FALSE(rec.outcome);
    EXPECT_EQ(rec.node, d.node);
    EXPECT_EQ(rec.day, row);
    const Measure m = describe_measure(d.name, false, !d.node.empty());
    EXPECT_EQ(rec.units, m.unit);
    EXPECT_EQ(rec.long_name, m.long_name);
    EXPECT_EQ(rec.trials, 8u);
    EXPECT_FALSE(rec.p_never.has_value());
    EXPECT_EQ(rec.mean, d.mean(row));
    EXPECT_EQ(rec.std, d.stddev(row));
    for (size_t q = 0; q < 5; ++q)
      EXPECT_EQ(rec.quantiles[q], d.quantile(row, kQuantileProbabilities[q]));
  }
  const StatisticsRecord& lost = records[6];
  EXPECT_TRUE(lost.outcome);
  EXPECT_EQ(lost.measure, "aircraft_lost_ground");
  EXPECT_FALSE(lost.day.has_value());
  EXPECT_FALSE(lost.p_never.has_value());
  EXPECT_EQ(lost.mean, r.outcomes[0].mean(0));
}

TEST(StatisticsTable, FirstDayOutcomesAreOverTheTrialsWhereTheDayCame) {
  const Results r = sample();
  const std::vector<StatisticsRecord> records = statistics_table(r);
  const StatisticsRecord& aim120 = records[7];  // never in 6 of 8 trials
  EXPECT_EQ(aim120.measure, "day_munition_exhausted_aim120");
  EXPECT_EQ(aim120.trials, 2u);
  ASSERT_TRUE(aim120.p_never.has_value());
  EXPECT_EQ(*aim120.p_never, 0.75);
  EXPECT_EQ(aim120.mean, 4.0);
  EXPECT_EQ(aim120.quantiles[0], 3.0);
  EXPECT_EQ(aim120.quantiles[4], 5.0);
  const StatisticsRecord& interceptors = records[8];  // came in every trial
  EXPECT_EQ(interceptors.trials, 8u);
  EXPECT_EQ(interceptors.p_never, 0.0);
  EXPECT_EQ(interceptors.quantiles[2], 2.0);
  const StatisticsRecord& jassm = records[9];  // never came: no statistics
  EXPECT_EQ(jassm.trials, 0u);
  EXPECT_EQ(jassm.p_never, 1.0);
  EXPECT_TRUE(std::isnan(jassm.mean));
  EXPECT_TRUE(std::isnan(jassm.std));
  for (double q : jassm.quantiles)
    EXPECT_TRUE(std::isnan(q));
}

TEST(StatisticsTable, CsvHasTheColumnsAndExactValues) {
  const Results r = sample();
  const std::vector<std::string> lines = testing::lines_of(csv_of(statistics_table(r)));
  ASSERT_EQ(lines.size(), 1u + 10u);
  EXPECT_EQ(lines[0],
            "posture,measure,kind,node,day,units,long_name,trials,p_never,mean,std,p05,p25,p50,"
            "p75,p95");
  // sorties at kadena, day 1: values 1 1 1 1 2 2 2 9.
  const std::vector<std::string> f = csv_fields(lines[1 + 4]);
  ASSERT_EQ(f.size(), 16u);
  EXPECT_EQ(f[0], "hardened");
  EXPECT_EQ(f[1], "sorties");
  EXPECT_EQ(f[2], "metric");
  EXPECT_EQ(f[3], "kadena");
  EXPECT_EQ(f[4], "1");
  EXPECT_EQ(f[5], "sorties");
  EXPECT_EQ(f[6], "sorties flown that day");
  EXPECT_EQ(f[7], "8");
  EXPECT_EQ(f[8], "");
  const Distribution& d = r.metrics[1];
  EXPECT_EQ(f[9], "2.375");
  EXPECT_EQ(value_of(f[10]), d.stddev(1));  // full precision: reads back exactly
  EXPECT_GT(f[10].size(), 15u) << f[10];    // 2.5464...: not rounded to 6 digits
  EXPECT_EQ(f[11], "1");
  EXPECT_EQ(f[13], "1");
  EXPECT_EQ(f[15], "9");
  // A theatre-wide metric has an empty node.
  EXPECT_EQ(csv_fields(lines[1])[3], "");
}

TEST(StatisticsTable, CsvFirstDayOutcomesAndNaN) {
  const std::vector<std::string> lines = testing::lines_of(csv_of(statistics_table(sample())));
  const std::vector<std::string> lost = csv_fields(lines[7]);
  EXPECT_EQ(lost[1], "aircraft_lost_ground");
  EXPECT_EQ(lost[2], "outcome");
  EXPECT_EQ(lost[4], "");  // outcomes have no day
  EXPECT_EQ(lost[8], "");  // and no p_never unless a first day
  const std::vector<std::string> aim120 = csv_fields(lines[8]);
  EXPECT_EQ(aim120[1], "day_munition_exhausted_aim120");
  EXPECT_EQ(aim120[5], "day");
  EXPECT_EQ(aim120[7], "2");
  EXPECT_EQ(aim120[8], "0.75");
  EXPECT_EQ(aim120[9], "4");
  EXPECT_EQ(aim120[13], "3");  // the median of days 3 and 5: the smallest v with P <= v >= 0.5
  const std::vector<std::string> jassm = csv_fields(lines[10]);
  EXPECT_EQ(jassm[1], "day_munition_exhausted_jassm");
  EXPECT_EQ(jassm[7], "0");
  EXPECT_EQ(jassm[8], "1");
  for (size_t c = 9; c < 16; ++c)
    EXPECT_EQ(jassm[c], "") << c;  // NaN
}

TEST(StatisticsTable, CsvQuotesFieldsThatNeedIt) {
  Results r = sample("dispersed, \"wide\"");
  r.metrics.resize(1);
  r.metrics[0].rows = 1;
  r.outcomes.clear();
  const std::string csv = csv_of(statistics_table(r));
  const std::vector<std::string> lines = testing::lines_of(csv);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_TRUE(lines[1].starts_with("\"dispersed, \"\"wide\"\"\",sorties,")) << lines[1];
  EXPECT_EQ(csv_fields(lines[1])[0], "dispersed, \"wide\"");
  EXPECT_EQ(csv_fields(lines[1]).size(), 16u);
}

TEST(StatisticsTable, JsonParsesWithProvenanceAndRecords) {
  const Results r = sample();
  const std::vector<StatisticsRecord> records = statistics_table(r);
  const Json json = JsonReader::parse(json_of(r.provenance, records));
  EXPECT_EQ(json.keys(), (std::vector<std::string>{"provenance", "records"}));
  const Json& p = json["provenance"];
  EXPECT_EQ(p.keys(), (std::vector<std::string>{"seed", "trials", "days", "scenario_name",
                                                "engine_version", "format_version"}));
  EXPECT_EQ(p["scenario_name"].text, "pacific \"test\"");
  EXPECT_EQ(p["trials"].number, 8.0);
  EXPECT_EQ(p["days"].number, 2.0);
  EXPECT_EQ(p["engine_version"].text, "0.1.0");
  EXPECT_EQ(p["format_version"].number, static_cast<double>(kResultsFormatVersion));
  const Json& rows = json["records"];
  ASSERT_EQ(rows.type, Json::Type::array);
  ASSERT_EQ(rows.items.size(), records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    const Json& row = rows[i];
    std::vector<std::string> columns(kStatisticsColumns.begin(), kStatisticsColumns.end());
    EXPECT_EQ(row.keys(), columns);
    EXPECT_EQ(row["measure"].text, records[i].measure);
    EXPECT_EQ(row["kind"].text, records[i].outcome ? "outcome" : "metric");
    EXPECT_EQ(row["day"].is_null(), !records[i].day.has_value());
    EXPECT_EQ(row["p_never"].is_null(), !records[i].p_never.has_value());
    if (!std::isnan(records[i].std)) {
      EXPECT_EQ(row["std"].number, records[i].std);
    }
  }
  EXPECT_EQ(rows[4]["day"].number, 1.0);
  EXPECT_EQ(rows[4]["node"].text, "kadena");
  EXPECT_EQ(rows[4]["long_name"].text, "sorties flown that day");
  EXPECT_EQ(rows[7]["p_never"].number, 0.75);
  const Json& jassm = rows[9];
  EXPECT_EQ(jassm["p_never"].number, 1.0);
  EXPECT_EQ(jassm["trials"].number, 0.0);
  for (const char* c : {"mean", "std", "p05", "p25", "p50", "p75", "p95"})
    EXPECT_TRUE(jassm[c].is_null()) << c;  // NaN is null
}

TEST(StatisticsTable, JsonOfNoRecordsIsValid) {
  const Json json = JsonReader::parse(json_of(Provenance{}, {}));
  EXPECT_TRUE(json["records"].items.empty());
}

TEST(StatisticsTable, EveryRunOfASweep) {
  const SweepResults s = unpaired_runs({sample("baseline"), sample("hardened")});
  const std::vector<StatisticsRecord> records = statistics_table(s);
  ASSERT_EQ(records.size(), 20u);
  EXPECT_EQ(records.front().posture, "baseline");
  EXPECT_EQ(records[9].posture, "baseline");
  EXPECT_EQ(records[10].posture, "hardened");
  EXPECT_EQ(records.back().posture, "hardened");
}

TEST(JsonReader, RefusesWhatIsNotJson) {
  EXPECT_THROW(JsonReader::parse("{\"a\": 1,}"), std::runtime_error);
  EXPECT_THROW(JsonReader::parse("[1, 2] x"), std::runtime_error);
  EXPECT_THROW(JsonReader::parse("{\"a\": NaN}"), std::runtime_error);
  EXPECT_THROW(JsonReader::parse("[01]"), std::runtime_error);
  EXPECT_EQ(JsonReader::parse("[true, false, null, -1.5e2, \"a\\\"b\"]")[3].number, -150.0);
}

}  // namespace
}  // namespace contested
