// Sweeps: the sweep file, the runs it plans, and running them side by side over the same
// trials with exact paired differences (sweep.hpp).
#include "engine/sweep.hpp"

#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "backends/backend.hpp"
#include "scenario/posture.hpp"
#include "engine/record_catalog.hpp"
#include "results/results_h5.hpp"
#include "scenario/scenario_yaml.hpp"
#include "results/sha256.hpp"
#include "scenario/yaml_reader.hpp"
#include "kernels/record.hpp"

namespace contested {
namespace {

using namespace yaml;

namespace fs = std::filesystem;

// Every run holds a backend with its chunk buffers; beyond this, split the sweep.
constexpr size_t kMaxSweepRuns = 256;
// The posture id the generated posture files carry; a run's name replaces it everywhere.
constexpr char kGeneratedId[] = "contested_sweep_run";

const std::vector<std::string> kSweepKeys{"scenario",  "trials", "seed",    "postures",
                                          "reference", "grid",   "rank_by", "description"};

// A path written in the sweep file: absolute, or relative to the sweep file's directory.
std::string resolve(const std::string& base, const std::string& path) {
  const fs::path p(path);
  if (p.is_absolute()) return p.lexically_normal().string();
  return (fs::path(base) / p).lexically_normal().string();
}

uint64_t read_u64(const Field& f, uint64_t lo, uint64_t hi) {
  const std::string range = "integer " + std::to_string(lo) + ".." + std::to_string(hi);
  const std::string text = read_text(f, "an integer");
  uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) {
    fail(f, "expected an integer, got " + in_quotes(text) + " (allowed: " + range + ")");
  }
  if (v < lo || v > hi) fail(f, text + " is out of range (allowed: " + range + ")");
  return v;
}

// A YAML value on one line (flow style), to be written back into a generated posture file.
std::string flow_yaml(const YAML::Node& node) {
  YAML::Emitter out;
  out.SetMapFormat(YAML::Flow);
  out.SetSeqFormat(YAML::Flow);
  out << node;
  std::string text = out.c_str();
  if (text.find('\n') != std::string::npos && node.IsScalar()) {
    YAML::Emitter quoted;
    quoted << YAML::DoubleQuoted << node.Scalar();
    text = quoted.c_str();
  }
  return text;
}

std::string quoted_key(const std::string& key) {
  YAML::Emitter out;
  out << YAML::DoubleQuoted << key;
  return out.c_str();
}

std::vector<SetValue> read_sets(const Field& f, const std::string& file) {
  std::vector<SetValue> sets;
  const Mapping paths =
      Mapping::open(f, "a mapping of path → value, e.g. nodes.kadena.shelters: 60");
  for (const Mapping::Entry& e : paths.entries())
    sets.push_back({e.key, flow_yaml(e.value.node), file, e.key_field.mark});
  return sets;
}

// The id a posture file gives itself, or "" when it cannot be read or has none (loading it
// then says what is wrong).
std::string posture_file_id(const std::string& path) {
  try {
    const std::vector<YAML::Node> docs =
        load_documents(read_input_file(path, "posture file"), path);
    if (docs.size() != 1) return "";
    const YAML::Node& doc = docs[0];
    if (doc.IsMap() && doc["id"] && doc["id"].IsScalar()) return doc["id"].Scalar();
  } catch (const ScenarioError&) {
  }
  return "";
}

SweepPosture read_sweep_posture(const Field& f, const std::string& file, const std::string& base,
                                const std::string& scenario) {
  SweepPosture p;
  p.mark = f.mark;
  if (f.node.IsMap()) {
    const Mapping m(f, {"id", "flags", "set", "description"}, "postures");
    p.source = SweepPosture::Source::inline_entry;
    p.id = read_id(m.at("id", "an id"));
    if (const auto flags = m.find("flags")) {
      for (const Field& flag : read_list(*flags, {0, 64, "flag"}))
        p.flags.push_back(read_id(flag));
    }
    if (const auto description = m.find("description")) read_text(*description, "free text");
    if (const auto set = m.find("set")) p.sets = read_sets(*set, file);
    return p;
  }
  const std::string text =
      read_text(f, "a posture id of the scenario, a posture file (.yaml) or {id, flags, set}");
  if (is_posture_file(text)) {
    p.source = SweepPosture::Source::file;
    p.file = resolve(base, text);
    p.id = posture_file_id(p.file);
    if (p.id.empty()) {
      load_scenario_file(scenario, p.file);  // reports what is wrong with the posture file
      fail(f,
           "posture file " + in_quotes(text) + " names no id (allowed: a posture file with an id)");
    }
    return p;
  }
  p.source = SweepPosture::Source::scenario;
  p.id = read_id(f);
  return p;
}

void read_grid(const Field& f, const std::string& file, SweepSpec& spec) {
  const Mapping grid =
      Mapping::open(f, "a mapping of set paths → lists of values, and mode: cartesian or zip");
  const Choices<bool> modes{{{"cartesian", false}, {"zip", true}}};
  std::optional<Field> first;
  for (const Mapping::Entry& e : grid.entries()) {
    if (e.key == "mode") {
      spec.zip = read(e.value, modes);
      continue;
    }
    std::vector<SetValue> values;
    for (const Field& item : read_list(e.value, {1, kMaxSweepRuns, "value"}))
      values.push_back({e.key, flow_yaml(item.node), file, item.mark});
    spec.grid_paths.push_back(e.key);
    spec.grid.push_back(std::move(values));
    if (!first) first = e.key_field;
  }
  if (spec.grid_paths.empty()) {
    fail(f,
         "names no set path (allowed: set paths → lists of values, e.g. "
         "nodes.kadena.shelters: [24, 48])");
  }
  if (spec.zip) {
    for (size_t k = 1; k < spec.grid.size(); ++k) {
      if (spec.grid[k].size() == spec.grid[0].size()) continue;
      fail(Field{f.node, spec.grid[k][0].mark, child_path(f.path, spec.grid_paths[k]), f.file},
           "has " + plural(spec.grid[k].size(), "value") + " but " + in_quotes(spec.grid_paths[0]) +
               " has " + std::to_string(spec.grid[0].size()) +
               "; zip pairs the lists entry by entry (allowed: lists of equal length, or "
               "mode: cartesian)");
    }
  }
}

RankBy read_rank_by(const Field& f) {
  const Mapping m(f, {"metric", "outcome", "node", "day", "better"});
  RankBy r;
  const auto metric = m.find("metric");
  const auto outcome = m.find("outcome");
  if (metric.has_value() == outcome.has_value()) {
    fail(f, std::string(metric ? "names both a metric and an outcome" : "names no measure") +
                " (allowed: exactly one of metric: NAME or outcome: NAME)");
  }
  r.outcome = outcome.has_value();
  r.name = read_text(metric ? *metric : *outcome, "a metric or outcome name");
  if (const auto node = m.find("node")) r.node = read_id(*node);
  if (const auto day = m.find("day")) {
    if (r.outcome)
      fail(*day, "an outcome has one value per trial, no days (allowed: day with metric:)");
    r.day = read(*day, Int{1, 3650});
  }
  if (r.outcome && !r.node.empty()) {
    fail(*m.find("node"),
         "outcomes are named with their node already, e.g. aircraft_lost_ground_kadena "
         "(allowed: node with metric:)");
  }
  r.lower_is_better = m.get("better", Choices<bool>{{{"lower", true}, {"higher", false}}}, true);
  return r;
}

// ---- generated postures ---------------------------------------------------------------------

// A posture to load that no file holds as such: flags and set values gathered from the sweep
// (inline entries, grid values) and from the posture they extend, each remembering where it
// was written so that a problem found while loading is reported there.
struct Origin {
  std::string file;
  YAML::Mark mark;
};

struct GeneratedPosture {
  std::vector<std::string> flags;
  Origin flags_origin;
  std::vector<SetValue> sets;
};

// The flags and sets of posture `id` as the scenario's `postures:` defines it (none for an
// undefined baseline). The scenario has been checked by then.
GeneratedPosture from_scenario(const std::string& scenario, const std::string& id) {
  GeneratedPosture g;
  g.flags_origin = {scenario, YAML::Mark::null_mark()};
  const YAML::Node root = YAML::LoadFile(scenario);
  if (!root.IsMap() || !root["postures"] || !root["postures"].IsSequence()) return g;
  for (const YAML::Node& entry : root["postures"]) {
    if (!entry.IsMap() || !entry["id"] || entry["id"].Scalar() != id) continue;
    g.flags_origin.mark = entry.Mark();
    if (entry["flags"] && entry["flags"].IsSequence()) {
      for (const YAML::Node& flag : entry["flags"])
        g.flags.push_back(flag.Scalar());
      g.flags_origin.mark = entry["flags"].Mark();
    }
    if (entry["set"] && entry["set"].IsMap()) {
      for (const auto& kv : entry["set"])
        g.sets.push_back({kv.first.Scalar(), flow_yaml(kv.second), scenario, kv.first.Mark()});
    }
  }
  return g;
}

GeneratedPosture from_posture_file(const std::string& path) {
  GeneratedPosture g;
  g.flags_origin = {path, YAML::Mark::null_mark()};
  const YAML::Node doc = YAML::LoadFile(path);
  g.flags_origin.mark = doc.Mark();
  if (doc["flags"] && doc["flags"].IsSequence()) {
    for (const YAML::Node& flag : doc["flags"])
      g.flags.push_back(flag.Scalar());
    g.flags_origin.mark = doc["flags"].Mark();
  }
  if (doc["set"] && doc["set"].IsMap()) {
    for (const auto& kv : doc["set"])
      g.sets.push_back({kv.first.Scalar(), flow_yaml(kv.second), path, kv.first.Mark()});
  }
  return g;
}

// A private directory for generated posture files, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "contested-sweep-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("cannot create a temporary directory in " +
                               fs::temp_directory_path().string() + ": " + std::strerror(errno));
    }
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  if (from.empty()) return text;
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// A key of the generated posture's errors as the sweep wrote it: a bad path of the grid is
// `grid.<path>`, one of a posture `postures.<posture id>.set.<path>` (the run's name also
// carries the grid values, and grids and postures never set the same path).
std::string key_as_written(const SweepSpec& spec, const std::string& key,
                           const std::string& run_name) {
  const std::string generated = std::string("postures.") + kGeneratedId + ".set.";
  if (!key.starts_with(generated)) return replace_all(key, kGeneratedId, run_name);
  const std::string path = key.substr(generated.size());
  const auto& grid = spec.grid_paths;
  if (std::find(grid.begin(), grid.end(), path) != grid.end()) return "grid." + path;
  return "postures." + run_name.substr(0, run_name.find('+')) + ".set." + path;
}

// Loads the scenario under a generated posture: written to a temporary posture file, one
// line per value, loaded as any posture file, and every error in it re-addressed to the line
// that wrote the value. The provenance text is the scenario's, then the posture as applied.
Scenario load_generated(const SweepSpec& spec, const std::string& base_text,
                        const std::string& run_name, const GeneratedPosture& g) {
  std::vector<Origin> origin_of_line{Origin{}};  // 1-based
  std::string text = std::string("id: ") + kGeneratedId + "\n";
  origin_of_line.push_back(g.flags_origin);
  text += "flags: [";
  for (size_t i = 0; i < g.flags.size(); ++i)
    text += (i ? ", " : "") + g.flags[i];
  text += "]\n";
  origin_of_line.push_back(g.flags_origin);
  text += g.sets.empty() ? "set: {}\n" : "set:\n";
  origin_of_line.push_back(g.flags_origin);
  for (const SetValue& v : g.sets) {
    const std::string line = "  " + quoted_key(v.path) + ": " + v.value + "\n";
    text += line;
    for (size_t n = std::count(line.begin(), line.end(), '\n'); n > 0; --n)
      origin_of_line.push_back({v.file, v.mark});
  }

  const TempDir dir;
  const std::string posture_path = (dir.path() / "posture.yaml").string();
  {
    std::ofstream out(posture_path, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + posture_path);
  }
  Scenario s;
  try {
    s = load_scenario_file(spec.scenario, posture_path);
  } catch (const ScenarioError& e) {
    if (e.file() != posture_path) throw;
    const size_t line = static_cast<size_t>(std::max(e.line(), 0));
    const Origin& where = line < origin_of_line.size() ? origin_of_line[line] : origin_of_line[1];
    const std::string file = where.file.empty() ? spec.path : where.file;
    std::string problem = replace_all(e.problem(), posture_path, file);
    problem = replace_all(problem, kGeneratedId, run_name);
    throw ScenarioError(file, where.mark, key_as_written(spec, e.key(), run_name), problem);
  }
  std::string provenance = base_text;
  if (!provenance.empty() && provenance.back() != '\n') provenance += '\n';
  provenance +=
      "# ---- sweep run " + run_name + " (from " + spec.path + "), posture as applied ----\n";
  std::istringstream lines(replace_all(text, kGeneratedId, run_name));
  for (std::string line; std::getline(lines, line);)
    provenance += "# " + line + "\n";
  s.source_text = provenance;
  return s;
}

std::string grid_suffix(const std::vector<const SetValue*>& point) {
  std::string name;
  for (const SetValue* v : point)
    name += "+" + v->path + "=" + replace_all(v->value, "/", "%2F");
  return name;
}

std::string grid_text(const std::vector<const SetValue*>& point) {
  std::string text;
  for (const SetValue* v : point)
    text += (text.empty() ? "" : ", ") + v->path + "=" + v->value;
  return text;
}

// The grid's points: each one value per path (cartesian: every combination, the first path
// varying slowest; zip: the lists entry by entry). One empty point without a grid.
std::vector<std::vector<const SetValue*>> grid_points(const SweepSpec& spec) {
  std::vector<std::vector<const SetValue*>> points{{}};
  if (spec.grid_paths.empty()) return points;
  if (spec.zip) {
    points.clear();
    for (size_t k = 0; k < spec.grid[0].size(); ++k) {
      std::vector<const SetValue*> point;
      for (const auto& values : spec.grid)
        point.push_back(&values[k]);
      points.push_back(std::move(point));
    }
    return points;
  }
  for (const auto& values : spec.grid) {
    std::vector<std::vector<const SetValue*>> next;
    for (const auto& point : points) {
      for (const SetValue& v : values) {
        next.push_back(point);
        next.back().push_back(&v);
      }
    }
    points = std::move(next);
  }
  return points;
}

Scenario load_run(const SweepSpec& spec, const std::string& base_text, const SweepPosture& p,
                  const std::vector<const SetValue*>& point, const std::string& run_name) {
  if (point.empty() && p.source == SweepPosture::Source::scenario) {
    return load_scenario_file(spec.scenario, p.id);
  }
  if (point.empty() && p.source == SweepPosture::Source::file) {
    return load_scenario_file(spec.scenario, p.file);
  }
  GeneratedPosture g;
  if (p.source == SweepPosture::Source::scenario) {
    load_scenario_file(spec.scenario, p.id);  // checked as written before it is extended
    g = from_scenario(spec.scenario, p.id);
  } else if (p.source == SweepPosture::Source::file) {
    load_scenario_file(spec.scenario, p.file);
    g = from_posture_file(p.file);
  } else {
    g.flags = p.flags;
    g.flags_origin = {spec.path, p.mark};
    g.sets = p.sets;
  }
  for (const SetValue* v : point) {
    for (const SetValue& own : g.sets) {
      if (own.path != v->path) continue;
      throw ScenarioError(spec.path, v->mark, "grid." + v->path,
                          "posture " + in_quotes(p.id) + " sets " + in_quotes(v->path) +
                              " itself (" + own.file + " line " +
                              std::to_string(own.mark.line + 1) +
                              "), so the grid cannot vary it (allowed: paths the postures do "
                              "not set)");
    }
    g.sets.push_back(*v);
  }
  return load_generated(spec, base_text, run_name, g);
}

// The rank_by measure must be one the runs report.
void check_rank_by(const SweepSpec& spec, const Scenario& scenario) {
  const RankBy& r = spec.rank_by;
  std::vector<std::string> names;
  bool found = false;
  for (const RecordSeries& series : catalog_records(scenario)) {
    if (!series.reported || series.outcome != r.outcome) continue;
    if (r.outcome || series.node == r.node) names.push_back(series.name);
    found = found || (series.name == r.name && (r.outcome || series.node == r.node));
  }
  const std::string what = r.outcome ? "outcome" : "metric";
  if (!found) {
    throw ScenarioError(spec.path, spec.rank_by_mark, "rank_by",
                        "the runs report no " + what + " " + in_quotes(r.name) +
                            (r.node.empty() ? "" : " at node " + in_quotes(r.node)) +
                            did_you_mean(r.name, names) + " (allowed: " + join_names(names) + ")");
  }
  if (r.day > scenario.days) {
    throw ScenarioError(spec.path, spec.rank_by_mark, "rank_by.day",
                        "day " + std::to_string(r.day) + " is past the campaign's " +
                            std::to_string(scenario.days) + " days (allowed: 1.." +
                            std::to_string(scenario.days) + ")");
  }
}

// ---- running ----------------------------------------------------------------------------

struct RowPair {
  uint32_t mine;
  uint32_t reference;
};

// One run in flight: its scenario's catalog and tally plan, its backend, and the row pairs
// and exact difference sums against its reference run.
struct Arm {
  const PlannedRun* run = nullptr;
  std::vector<RecordSeries> catalog;
  TallyPlan plan;
  std::unique_ptr<Backend> backend;
  int reference = -1;
  std::vector<std::pair<size_t, size_t>> paired_series;  // (my series, reference series)
  std::vector<RowPair> pairs;                            // rows of the paired series, in order
  std::vector<int64_t> sum_diff;
  std::vector<uint64_t> sum_sq_diff;
};

void pair_rows(Arm& arm, const Arm& reference) {
  for (size_t i = 0; i < arm.catalog.size(); ++i) {
    const RecordSeries& mine = arm.catalog[i];
    if (!mine.reported) continue;
    for (size_t j = 0; j < reference.catalog.size(); ++j) {
      const RecordSeries& theirs = reference.catalog[j];
      if (!theirs.reported || theirs.name != mine.name || theirs.node != mine.node ||
          theirs.outcome != mine.outcome || theirs.rows != mine.rows) {
        continue;
      }
      arm.paired_series.emplace_back(i, j);
      for (uint32_t r = 0; r < mine.rows; ++r)
        arm.pairs.push_back({mine.first_row + r, theirs.first_row + r});
      break;
    }
  }
  arm.sum_diff.assign(arm.pairs.size(), 0);
  arm.sum_sq_diff.assign(arm.pairs.size(), 0);
}

void add_differences(Arm& arm, const ChunkRecords& mine, const ChunkRecords& reference,
                     uint32_t count, int threads) {
#pragma omp parallel for schedule(dynamic, 16) num_threads(threads)
  for (int64_t k = 0; k < static_cast<int64_t>(arm.pairs.size()); ++k) {
    const RowPair pair = arm.pairs[k];
    int64_t sum = 0;
    uint64_t sum_sq = 0;
    for (uint32_t t = 0; t < count; ++t) {
      const int64_t d = static_cast<int64_t>(mine.at(t, pair.mine)) -
                        static_cast<int64_t>(reference.at(t, pair.reference));
      const uint64_t magnitude = static_cast<uint64_t>(d < 0 ? -d : d);
      sum += d;
      sum_sq += magnitude * magnitude;
    }
    arm.sum_diff[k] += sum;
    arm.sum_sq_diff[k] += sum_sq;
  }
}

// A checkpoint must be an earlier part of this very block of this sweep.
void check_checkpoint(const SweepResults& prior, const std::string& path, const SweepSpec& spec,
                      const std::vector<PlannedRun>& runs, const RunOptions& options,
                      const TrialRange& mine) {
  const auto refuse = [&](const std::string& why) {
    throw std::invalid_argument("cannot resume from " + path + ": " + why +
                                "; delete it to start afresh");
  };
  const Provenance& p = prior.provenance;
  if (prior.sweep_text != spec.text) refuse("it is a checkpoint of another sweep file");
  if (p.engine_version != CONTESTED_VERSION) {
    refuse("it was written by contested " + p.engine_version + ", this is " + CONTESTED_VERSION);
  }
  if (p.seed != options.seed) {
    refuse("its seed is " + std::to_string(p.seed) + ", not " + std::to_string(options.seed));
  }
  if (p.total_trials != options.trials) {
    refuse("it is part of a run of " + std::to_string(p.total_trials) + " trials, not " +
           std::to_string(options.trials));
  }
  if (p.first_trial != mine.first || p.trials > mine.count) {
    refuse("it holds trials [" + std::to_string(p.first_trial) + ", " +
           std::to_string(p.first_trial + p.trials) + "), not the start of this block [" +
           std::to_string(mine.first) + ", " + std::to_string(mine.first + mine.count) +
           ") (another --shard, or another number of ranks)");
  }
  if (prior.runs.size() != runs.size()) refuse("it holds other runs");
  for (size_t i = 0; i < runs.size(); ++i) {
    const Results& r = prior.runs[i].results;
    if (r.provenance.posture != runs[i].name ||
        r.provenance.scenario_sha256 != sha256_hex(runs[i].scenario.source_text)) {
      refuse("its run " + r.provenance.posture + " differs from this sweep's " + runs[i].name);
    }
  }
}

// Puts a checkpoint's run (its exact integers) into the arm's accumulators.
void seed_from(Arm& arm, const SweepRun& prior, Tally& seed, const std::string& path) {
  for (const RecordSeries& series : arm.catalog) {
    if (!series.reported) continue;
    const Distribution* d = series.outcome ? prior.results.find_outcome(series.name)
                                           : prior.results.find_metric(series.name, series.node);
    const TallyRow& first = arm.plan.rows[series.first_row];
    if (d == nullptr || d->rows != series.rows || d->bins != first.bins) {
      throw std::invalid_argument("cannot resume from " + path + ": its " + series.name +
                                  " is missing or binned differently");
    }
    for (uint32_t r = 0; r < series.rows; ++r) {
      const uint32_t row = series.first_row + r;
      std::copy_n(d->histogram.begin() + static_cast<std::ptrdiff_t>(r) * d->bins, d->bins,
                  seed.histogram.begin() +
                      static_cast<std::ptrdiff_t>(arm.plan.rows[row].histogram_offset));
      seed.sum[row] = d->sum[r];
      seed.sum_sq[row] = d->sum_sq[r];
    }
  }
  size_t at = 0;
  for (const auto& [mine_series, reference_series] : arm.paired_series) {
    const RecordSeries& series = arm.catalog[mine_series];
    const PairedDifference* d = prior.find_comparison(series.name, series.node, series.outcome);
    if (d == nullptr || d->rows != series.rows) {
      throw std::invalid_argument("cannot resume from " + path + ": its comparison of " +
                                  series.name + " is missing");
    }
    std::copy(d->sum_diff.begin(), d->sum_diff.end(),
              arm.sum_diff.begin() + static_cast<std::ptrdiff_t>(at));
    std::copy(d->sum_sq_diff.begin(), d->sum_sq_diff.end(),
              arm.sum_sq_diff.begin() + static_cast<std::ptrdiff_t>(at));
    at += series.rows;
  }
}

}  // namespace

SweepSpec load_sweep_text(const std::string& text, const std::string& label,
                          const std::string& base_directory) {
  SweepSpec spec;
  spec.path = label;
  spec.text = text;
  const std::string& file = spec.path;
  const std::vector<YAML::Node> docs = load_documents(text, label);
  if (docs.size() != 1 || !docs[0].IsMap()) {
    throw ScenarioError(label, docs.size() > 1 ? docs[1].Mark() : YAML::Mark::null_mark(), "sweep",
                        "expected one mapping (allowed: one YAML document with keys " +
                            join_names(kSweepKeys) + ")");
  }
  const YAML::Node& root = docs[0];
  const Mapping m(Field{root, root.Mark(), "", &file}, kSweepKeys);
  const Field scenario = m.at("scenario", "the scenario file, relative to the sweep file");
  spec.scenario = resolve(base_directory, read_text(scenario, "a scenario file (.yaml)"));
  {
    std::ifstream probe(spec.scenario);
    if (!probe) {
      fail(scenario, "cannot read the scenario file " + in_quotes(spec.scenario) + ": " +
                         std::strerror(errno) +
                         " (allowed: a readable file; relative paths are "
                         "relative to the sweep file)");
    }
  }
  if (const auto trials = m.find("trials")) spec.trials = read(*trials, Int{1, kMaxTrials});
  if (const auto seed = m.find("seed")) {
    spec.seed = read_u64(*seed, 0, std::numeric_limits<uint64_t>::max());
  }
  if (const auto description = m.find("description")) read_text(*description, "free text");

  const std::string base = base_directory;
  std::vector<std::string> ids;
  const Field postures =
      m.at("postures", "a list of posture ids, posture files (.yaml) or {id, flags, set}");
  for (const Field& f : read_list(postures, {1, kMaxSweepRuns, "posture"})) {
    SweepPosture p = read_sweep_posture(f, file, base, spec.scenario);
    const auto seen = std::find(ids.begin(), ids.end(), p.id);
    if (seen != ids.end()) {
      const YAML::Mark first = spec.postures[seen - ids.begin()].mark;
      fail(f, "posture " + in_quotes(p.id) + " is listed twice (first at line " +
                  std::to_string(first.line + 1) +
                  "); runs are named after their posture (allowed: each posture id once)");
    }
    ids.push_back(p.id);
    spec.postures.push_back(std::move(p));
  }

  spec.reference = spec.postures.front().id;
  spec.reference_mark = spec.postures.front().mark;
  if (const auto reference = m.find("reference")) {
    spec.reference = read_id(*reference);
    spec.reference_mark = reference->mark;
    if (std::find(ids.begin(), ids.end(), spec.reference) == ids.end()) {
      fail(*reference,
           "the reference " + in_quotes(spec.reference) + " is not one of the sweep's postures" +
               did_you_mean(spec.reference, ids) + " (allowed: " + join_names(ids) + ")");
    }
  }
  if (const auto grid = m.find("grid")) {
    read_grid(*grid, file, spec);
    size_t points = spec.zip ? spec.grid[0].size() : 1;
    if (!spec.zip) {
      for (const auto& values : spec.grid)
        points = std::min(points * values.size(), kMaxSweepRuns + 1);
    }
    if (points * spec.postures.size() > kMaxSweepRuns) {
      fail(*grid, "makes " + std::to_string(points) + " grid points for " +
                      plural(spec.postures.size(), "posture") + ", more than " +
                      std::to_string(kMaxSweepRuns) +
                      " runs (allowed: at most that many; split the sweep into several files)");
    }
  }
  spec.rank_by_mark = root.Mark();
  if (const auto rank_by = m.find("rank_by")) {
    spec.rank_by = read_rank_by(*rank_by);
    spec.rank_by_mark = rank_by->mark;
  }
  return spec;
}

bool is_sweep_document(const std::string& path) {
  try {
    // Through the checked reader: a huge or hostile file must not stall the guess.
    const std::vector<YAML::Node> docs = load_documents(read_input_file(path, "sweep file"), path);
    if (docs.size() != 1) return false;
    const YAML::Node& doc = docs[0];
    return doc.IsMap() && doc["scenario"] && !doc["nodes"];
  } catch (const ScenarioError&) {
    return false;  // the scenario reader reports what is wrong with it
  }
}

SweepSpec load_sweep_file(const std::string& path) {
  const std::string text = read_input_file(path, "sweep file");
  const std::string base = fs::path(path).parent_path().string();
  return load_sweep_text(text, path, base.empty() ? "." : base);
}

std::vector<PlannedRun> plan_sweep(const SweepSpec& spec) {
  const std::string base_text = read_input_file(spec.scenario, "scenario file");
  const std::vector<std::string> defined = posture_ids(spec.scenario);
  for (const SweepPosture& p : spec.postures) {
    if (p.source != SweepPosture::Source::scenario) continue;
    if (std::find(defined.begin(), defined.end(), p.id) != defined.end()) continue;
    throw ScenarioError(spec.path, p.mark, "postures",
                        "the scenario " + spec.scenario + " defines no posture " + in_quotes(p.id) +
                            did_you_mean(p.id, defined) + " (allowed: " + join_names(defined) +
                            ", a posture file ending in .yaml, or {id, flags, set})");
  }
  for (const SweepPosture& p : spec.postures) {
    if (p.source != SweepPosture::Source::inline_entry) continue;
    if (std::find(defined.begin(), defined.end(), p.id) == defined.end()) continue;
    throw ScenarioError(spec.path, p.mark, "postures." + p.id,
                        "the scenario " + spec.scenario + " defines a posture " + in_quotes(p.id) +
                            " already; runs are named after their posture (allowed: an id the "
                            "scenario does not define, or just the id to run its posture)");
  }

  std::vector<PlannedRun> runs;
  for (const auto& point : grid_points(spec)) {
    const std::string suffix = grid_suffix(point);
    for (const SweepPosture& p : spec.postures) {
      PlannedRun run;
      run.name = p.id + suffix;
      run.posture = p.id;
      run.grid = grid_text(point);
      run.reference = p.id == spec.reference ? "" : spec.reference + suffix;
      run.scenario = load_run(spec, base_text, p, point, run.name);
      run.scenario.posture = run.name;
      runs.push_back(std::move(run));
    }
  }
  for (const PlannedRun& run : runs) {
    if (run.scenario.days == runs.front().scenario.days) continue;
    throw ScenarioError(spec.path, YAML::Mark::null_mark(), "grid",
                        "run " + run.name + " lasts " + std::to_string(run.scenario.days) +
                            " days but " + runs.front().name + " " +
                            std::to_string(runs.front().scenario.days) +
                            "; paired runs cover the same days (allowed: postures and grids "
                            "that keep days)");
  }
  check_rank_by(spec, runs.front().scenario);
  return runs;
}

SweepResults sweep(const SweepSpec& spec, const std::vector<PlannedRun>& runs, const RunOptions& in,
                   const SweepCheckpoint& checkpoint) {
  if (runs.empty()) throw std::invalid_argument("a sweep needs at least one run");
  RunOptions options = in;
  options.trials = spec.trials;
  options.seed = spec.seed;
  if (options.trials == 0 || options.trials > kMaxTrials) {
    throw std::invalid_argument("trials must be between 1 and " + std::to_string(kMaxTrials));
  }
  const TrialRange range = requested_range(options);
  const TrialRange mine = rank_range(range, options.comm);  // all of it on one rank
  RunOptions sized = options;
  sized.trials = mine.count;
  const int threads = options.threads > 0 ? options.threads : omp_get_num_procs();

  std::vector<Arm> arms(runs.size());
  for (size_t i = 0; i < runs.size(); ++i) {
    Arm& arm = arms[i];
    arm.run = &runs[i];
    arm.catalog = catalog_records(runs[i].scenario);
    check_tally_limits(arm.catalog, options.trials);
    arm.plan = plan_tally(arm.catalog, record_layout(runs[i].scenario.view()).rows());
    if (i > 0) sized.notify = nullptr;  // say "no GPU" once
    arm.backend =
        make_backend(runs[i].scenario, arm.plan, sized, static_cast<uint32_t>(runs.size()));
  }
  for (Arm& arm : arms) {
    if (arm.run->reference.empty()) continue;
    for (size_t j = 0; j < runs.size(); ++j) {
      if (runs[j].name == arm.run->reference) arm.reference = static_cast<int>(j);
    }
    if (arm.reference < 0) {
      throw std::invalid_argument("run " + arm.run->name + " is paired with " + arm.run->reference +
                                  ", which the sweep does not run");
    }
    pair_rows(arm, arms[arm.reference]);
  }

  // Resuming: the checkpoint's integers seed the accumulators, and the loop goes on after
  // its last trial. Integer sums do not care where the run was cut.
  std::vector<Tally> seeds;
  for (const Arm& arm : arms)
    seeds.emplace_back(arm.plan);
  uint64_t resumed = 0;
  if (checkpoint.resume && !checkpoint.path.empty() && fs::exists(checkpoint.path)) {
    const SweepResults prior = read_sweep_results(checkpoint.path);
    check_checkpoint(prior, checkpoint.path, spec, runs, options, mine);
    for (size_t i = 0; i < arms.size(); ++i)
      seed_from(arms[i], prior.runs[i], seeds[i], checkpoint.path);
    resumed = prior.provenance.trials;
  }
  if (checkpoint.resumed) checkpoint.resumed(resumed);

  const std::string scenario_text = read_input_file(spec.scenario, "scenario file");
  // The results so far: trials [mine.first, mine.first + done) of this rank, or, with
  // `reduce`, the whole block summed over the ranks onto rank 0.
  const auto collect = [&](uint64_t done, bool reduce) {
    SweepResults out;
    Provenance& p = out.provenance;
    p.engine_version = CONTESTED_VERSION;
    p.seed = options.seed;
    p.trials = reduce ? range.count : done;
    p.first_trial = reduce ? range.first : mine.first;
    p.total_trials = options.trials;
    p.shard = options.shard;
    p.days = runs.front().scenario.days;
    p.backend = arms.front().backend->name();
    p.device = ranks_device(arms.front().backend->device(), reduce ? options.comm : nullptr);
    p.created_utc = utc_now();
    p.scenario_text = scenario_text;
    p.scenario_sha256 = sha256_hex(p.scenario_text);
    p.scenario_name = runs.front().scenario.name;
    p.posture.clear();
    out.sweep_text = spec.text;
    out.reference = spec.reference;
    out.rank_by = spec.rank_by;
    if (out.rank_by.day == 0 && !out.rank_by.outcome) out.rank_by.day = p.days;
    for (size_t i = 0; i < arms.size(); ++i) {
      const Arm& arm = arms[i];
      Tally tally = seeds[i];
      arm.backend->add_tally_to(tally);
      std::vector<int64_t> sum_diff = arm.sum_diff;
      std::vector<uint64_t> sum_sq_diff = arm.sum_sq_diff;
      if (reduce) {
        sum_to_root(options.comm, tally.histogram);
        sum_to_root(options.comm, tally.sum);
        sum_to_root(options.comm, tally.sum_sq);
        sum_to_root(options.comm, sum_diff);
        sum_to_root(options.comm, sum_sq_diff);
      }
      Provenance own = p;
      own.posture = arm.run->name;
      own.scenario_text = arm.run->scenario.source_text;
      own.scenario_sha256 = sha256_hex(own.scenario_text);
      SweepRun run;
      run.posture = arm.run->posture;
      run.grid = arm.run->grid;
      run.reference = arm.run->reference;
      run.results = assemble_results(arm.catalog, arm.plan, tally, own);
      size_t at = 0;
      for (const auto& [mine_series, reference_series] : arm.paired_series) {
        const RecordSeries& series = arm.catalog[mine_series];
        PairedDifference d;
        d.name = series.name;
        d.node = series.node;
        d.outcome = series.outcome;
        d.rows = series.rows;
        d.trials = p.trials;
        d.sum_diff.assign(sum_diff.begin() + at, sum_diff.begin() + at + series.rows);
        d.sum_sq_diff.assign(sum_sq_diff.begin() + at, sum_sq_diff.begin() + at + series.rows);
        at += series.rows;
        run.comparison.push_back(std::move(d));
      }
      out.runs.push_back(std::move(run));
    }
    return out;
  };

  using Clock = std::chrono::steady_clock;
  Clock::time_point saved = Clock::now();
  uint64_t saved_done = resumed;
  const auto save = [&](uint64_t done) {
    if (checkpoint.path.empty() || done == saved_done || done == 0) return;
    write_sweep_results(checkpoint.path, collect(done, false), Existing::replace);
    saved = Clock::now();
    saved_done = done;
  };

  uint64_t chunk = std::numeric_limits<uint64_t>::max();
  for (const Arm& arm : arms)
    chunk = std::min<uint64_t>(chunk, arm.backend->chunk_trials());
  for (uint64_t done = resumed; done < mine.count; done += chunk) {
    if (options.stop_requested && options.stop_requested()) {
      save(done);  // what is done is kept: --resume goes on from here
      throw RunInterrupted();
    }
    const auto count = static_cast<uint32_t>(std::min<uint64_t>(chunk, mine.count - done));
    for (Arm& arm : arms)
      arm.backend->run_chunk(mine.first + done, count);
    for (Arm& arm : arms) {
      if (arm.reference < 0) continue;
      add_differences(arm, arm.backend->chunk_records(),
                      arms[arm.reference].backend->chunk_records(), count, threads);
    }
    if (options.progress) options.progress(done + count, mine.count);
    const std::chrono::duration<double> since = Clock::now() - saved;
    if (done + count < mine.count && since.count() >= checkpoint.every_seconds) save(done + count);
  }
  return collect(mine.count, true);
}

SweepResults sweep(const SweepSpec& spec, const std::vector<PlannedRun>& runs,
                   const RunOptions& options) {
  return sweep(spec, runs, options, SweepCheckpoint{});
}

SweepResults sweep(const SweepSpec& spec, const RunOptions& options) {
  return sweep(spec, plan_sweep(spec), options);
}

}  // namespace contested
