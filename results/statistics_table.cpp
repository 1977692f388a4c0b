#include "results/statistics_table.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "results/measure.hpp"

namespace contested {

namespace {

StatisticsRecord record_of(const std::string& posture, const Distribution& d, bool outcome,
                           uint32_t row) {
  const Measure measure = describe_measure(d.name, outcome, !d.node.empty());
  StatisticsRecord r;
  r.posture = posture;
  r.measure = d.name;
  r.outcome = outcome;
  r.node = d.node;
  if (!outcome) r.day = row;
  r.units = measure.unit;
  r.long_name = measure.long_name;
  r.trials = d.counted(row);
  if (outcome && d.zero_is_never) r.p_never = d.p_never(row);
  r.mean = d.mean(row);
  r.std = d.stddev(row);
  for (size_t q = 0; q < r.quantiles.size(); ++q)
    r.quantiles[q] = d.quantile(row, kQuantileProbabilities[q]);
  return r;
}

// The shortest text that reads back as the same double; empty for NaN.
std::string number(double value) {
  if (std::isnan(value)) return {};
  char text[32];
  const auto result = std::to_chars(text, text + sizeof text, value);
  return std::string(text, result.ptr);
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += c;  // UTF-8 passes through
        }
    }
  }
  return out + '"';
}

// A JSON number, or null for NaN (JSON has no NaN).
std::string json_number(double value) {
  return std::isnan(value) ? "null" : number(value);
}

const char* kind_of(const StatisticsRecord& r) {
  return r.outcome ? "outcome" : "metric";
}

}  // namespace

std::vector<StatisticsRecord> statistics_table(const Results& r) {
  std::vector<StatisticsRecord> records;
  const std::string& posture = r.provenance.posture;
  for (const Distribution& d : r.metrics) {
    for (uint32_t row = 0; row < d.rows; ++row)
      records.push_back(record_of(posture, d, false, row));
  }
  for (const Distribution& d : r.outcomes) {
    if (d.rows > 0) records.push_back(record_of(posture, d, true, 0));
  }
  return records;
}

std::vector<StatisticsRecord> statistics_table(const SweepResults& s) {
  std::vector<StatisticsRecord> records;
  for (const SweepRun& run : s.runs) {
    std::vector<StatisticsRecord> part = statistics_table(run.results);
    records.insert(records.end(), std::make_move_iterator(part.begin()),
                   std::make_move_iterator(part.end()));
  }
  return records;
}

void write_statistics_csv(std::ostream& out, const std::vector<StatisticsRecord>& records) {
  for (size_t c = 0; c < kStatisticsColumns.size(); ++c)
    out << (c > 0 ? "," : "") << kStatisticsColumns[c];
  out << '\n';
  std::string line;
  for (const StatisticsRecord& r : records) {
    line = csv_field(r.posture);
    line += ',' + csv_field(r.measure);
    line += ',';
    line += kind_of(r);
    line += ',' + csv_field(r.node);
    line += ',' + (r.day ? std::to_string(*r.day) : std::string());
    line += ',' + csv_field(r.units);
    line += ',' + csv_field(r.long_name);
    line += ',' + std::to_string(r.trials);
    line += ',' + (r.p_never ? number(*r.p_never) : std::string());
    line += ',' + number(r.mean);
    line += ',' + number(r.std);
    for (double q : r.quantiles)
      line += ',' + number(q);
    line += '\n';
    out << line;
  }
}

void write_statistics_json(std::ostream& out, const Provenance& provenance,
                           const std::vector<StatisticsRecord>& records) {
  out << "{\n  \"provenance\": {\"seed\": " << provenance.seed
      << ", \"trials\": " << provenance.trials << ", \"days\": " << provenance.days
      << ", \"scenario_name\": " << json_string(provenance.scenario_name)
      << ", \"engine_version\": " << json_string(provenance.engine_version)
      << ", \"format_version\": " << provenance.format_version << "},\n  \"records\": [";
  std::string line;
  for (size_t i = 0; i < records.size(); ++i) {
    const StatisticsRecord& r = records[i];
    line = i > 0 ? ",\n    {" : "\n    {";
    line += "\"posture\": " + json_string(r.posture);
    line += ", \"measure\": " + json_string(r.measure);
    line += ", \"kind\": \"" + std::string(kind_of(r)) + '"';
    line += ", \"node\": " + json_string(r.node);
    line += ", \"day\": " + (r.day ? std::to_string(*r.day) : std::string("null"));
    line += ", \"units\": " + json_string(r.units);
    line += ", \"long_name\": " + json_string(r.long_name);
    line += ", \"trials\": " + std::to_string(r.trials);
    line += ", \"p_never\": " + (r.p_never ? json_number(*r.p_never) : std::string("null"));
    line += ", \"mean\": " + json_number(r.mean);
    line += ", \"std\": " + json_number(r.std);
    for (size_t q = 0; q < r.quantiles.size(); ++q)
      line += ", \"" + std::string(kQuantileColumns[q]) + "\": " + json_number(r.quantiles[q]);
    line += '}';
    out << line;
  }
  out << (records.empty() ? "]\n}\n" : "\n  ]\n}\n");
}

}  // namespace contested
