// Sweep files (docs/sweeps.md): the file, its postures and grid, and the arms it plans, each
// a scenario loaded under its posture and grid values.
#include "scenario/sweep_file.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "kernels/limits.hpp"
#include "scenario/posture.hpp"
#include "scenario/scenario_yaml.hpp"
#include "scenario/yaml_reader.hpp"

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
        p.flags.push_back(flag.node.IsMap() ? flow_yaml(flag.node) : read_id(flag));
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
    r.day = read(*day, Int{1, kMaxDays});
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
  std::vector<std::string> flags;  // each as YAML: a name or `{flag, from_day}`
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
        g.flags.push_back(flow_yaml(flag));
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
      g.flags.push_back(flow_yaml(flag));
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
    throw e.map([&](const ScenarioError& one) {
      if (one.file() != posture_path) return one;
      const size_t line = static_cast<size_t>(std::max(one.line(), 0));
      const Origin& where = line < origin_of_line.size() ? origin_of_line[line] : origin_of_line[1];
      const std::string file = where.file.empty() ? spec.path : where.file;
      std::string problem = replace_all(one.problem(), posture_path, file);
      problem = replace_all(problem, kGeneratedId, run_name);
      return ScenarioError(file, where.mark, key_as_written(spec, one.key(), run_name), problem);
    });
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

std::vector<Arm> plan_arms(const SweepSpec& spec) {
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

  std::vector<Arm> runs;
  for (const auto& point : grid_points(spec)) {
    const std::string suffix = grid_suffix(point);
    for (const SweepPosture& p : spec.postures) {
      Arm run;
      run.name = p.id + suffix;
      run.posture = p.id;
      run.grid = grid_text(point);
      run.reference = p.id == spec.reference ? "" : spec.reference + suffix;
      run.scenario = load_run(spec, base_text, p, point, run.name);
      run.scenario.posture = run.name;
      runs.push_back(std::move(run));
    }
  }
  for (const Arm& run : runs) {
    if (run.scenario.days == runs.front().scenario.days) continue;
    throw ScenarioError(spec.path, YAML::Mark::null_mark(), "grid",
                        "run " + run.name + " lasts " + std::to_string(run.scenario.days) +
                            " days but " + runs.front().name + " " +
                            std::to_string(runs.front().scenario.days) +
                            "; paired runs cover the same days (allowed: postures and grids "
                            "that keep days)");
  }
  return runs;
}

}  // namespace contested
