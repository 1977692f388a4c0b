// Loading a scenario (scenario_yaml.hpp): the document is parsed, its posture applied, and
// ScenarioBuilder (scenario_builder.hpp) reads it. Here are the build order, which reads the
// sections through the readers of read_*.cpp, the checks on the scenario as a whole, the
// provenance text and the public load functions.
#include "scenario/scenario_yaml.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "kernels/limits.hpp"
#include "kernels/record.hpp"
#include "scenario/posture.hpp"
#include "scenario/scenario_builder.hpp"
#include "scenario/yaml_reader.hpp"

namespace contested {
namespace scenario_schema {
namespace {

// Sizes beyond these are mistakes, not scenarios, and would blow up per-trial state.
constexpr size_t kMaxMissiles = 1000;
constexpr size_t kMaxRaids = 100000;
constexpr size_t kMaxFactories = 10000;
constexpr size_t kMaxShipClasses = 1000;
constexpr size_t kMaxDisruptions = 10000;
constexpr size_t kMaxCampaigns = 1000;
constexpr size_t kMaxUnits = 10000;
constexpr size_t kMaxDepotLines = 1000;

const std::vector<std::string> kTopKeys{
    "name",        "days",        "launch_sites",   "missiles",  "raids",        "interceptors",
    "nodes",       "groups",      "aircraft_types", "strips",    "munitions",    "supplies",
    "stocks",      "consumption", "factories",      "routes",    "ship_classes", "units",
    "disruptions", "postures",    "objectives",     "campaigns", "sea_areas",    "depot_lines"};

}  // namespace

Scenario ScenarioBuilder::build(const YAML::Node& root) {
  // Without the top-level mapping there is nothing to go on with: its error ends the reading.
  const Mapping top(Field{root, root.Mark(), "", &file_}, kTopKeys);
  if (const auto name = top.find("name")) {
    check_name_ends(*name, top);
    attempt([&] { s_.name = read_text(*name, "a non-empty name"); });
  }
  days_read_ = attempt([&] { s_.days = top.get("days", Int{1, kMaxDays}, s_.days); });
  section(sites_, [&] {
    for (const Field& f : list(top, "launch_sites", {1, kMaxLaunchSites, "launch site"}))
      entry(sites_, f, [&] { read_launch_site(f); });
  });
  section(missiles_, [&] {
    for (const Field& f : list(top, "missiles", {1, kMaxMissiles, "missile class"}))
      entry(missiles_, f, [&] { read_missile(f); });
  });
  read_interceptors(top);
  read_items(top);
  section(strips_,
          [&] { read_strips(top.at("strips", "a mapping of strip class → {length_m, width_m}")); });
  section(objectives_, [&] {
    for (const Field& f : optional_list(top, "objectives", {0, kMaxObjectives, "objective"}))
      entry(objectives_, f, [&] { read_objective(f); });
  });
  section(types_, [&] {
    for (const Field& f :
         optional_list(top, "aircraft_types", {0, kMaxAircraftTypes, "aircraft type"})) {
      entry(types_, f, [&] { read_aircraft_type(f); });
    }
  });
  section(nodes_, [&] {
    read_nodes(top.at("nodes", "a list of 1.." + std::to_string(kMaxNodes) + " nodes"));
  });
  section(sea_areas_, [&] {
    for (const Field& f : optional_list(top, "sea_areas", {0, kMaxSeaAreas, "sea area"}))
      entry(sea_areas_, f, [&] { read_sea_area(f); });
  });
  section(ship_classes_, [&] {
    for (const Field& f : optional_list(top, "ship_classes", {0, kMaxShipClasses, "ship class"}))
      entry(ship_classes_, f, [&] { read_ship_class(f); });
  });
  resolve_docks();
  add_nodes();
  attempt([&] { compute_sortie_rates(); });
  compute_ship_transit();
  read_groups(top);
  read_stocks(top);
  check_repair_kits();
  read_consumption(top);
  attempt([&] {
    const auto factories = optional_list(top, "factories", {0, kMaxFactories, "factory"});
    for (size_t i = 0; i < factories.size(); ++i)
      attempt([&] { read_factory(factories[i], static_cast<uint32_t>(i)); });
  });
  attempt([&] { check_bill_of_materials(); });
  attempt([&] {
    std::vector<std::vector<uint32_t>> types;  // per line present: the type indices it takes
    for (const Field& f : optional_list(top, "depot_lines", {0, kMaxDepotLines, "depot line"}))
      attempt([&] { read_depot_line(f, types); });
    assign_depot_lines(types);
  });
  read_routes(top);
  // After the ship classes: expenditures draw in the order read (docs/expenditure.md).
  section(units_, [&] {
    for (const Field& f : optional_list(top, "units", {0, kMaxUnits, "unit"}))
      entry(units_, f, [&] { read_unit(f); });
  });
  attempt([&] {
    const auto disruptions = optional_list(top, "disruptions", {0, kMaxDisruptions, "disruption"});
    for (size_t i = 0; i < disruptions.size(); ++i)
      attempt([&] { read_disruption(disruptions[i], static_cast<uint32_t>(i)); });
  });
  section(campaigns_, [&] {
    for (const Field& f : optional_list(top, "campaigns", {0, kMaxCampaigns, "campaign"}))
      entry(campaigns_, f, [&] { read_campaign(f); });
  });
  attempt([&] {
    const auto raids = list(top, "raids", {1, kMaxRaids, "raid"});
    for (size_t i = 0; i < raids.size(); ++i)
      attempt([&] { read_raid(raids[i], static_cast<uint32_t>(i)); });
  });
  order_raids_by_hour();
  // The checks on the whole need every part: a scenario with errors has nothing to finalize.
  errors_.throw_if_any();
  finalize(top);
  return std::move(s_);
}

// The id of an entry that had an error before it was added: registered if valid and new, so
// that references to it resolve (and are not blamed for an unknown id); else lost, and
// references to unknown ids of its group are not reported, as they may be meant for it.
void ScenarioBuilder::register_id(Entities& group, const Field& f) {
  if (f.node.IsMap()) {
    for (const auto& kv : f.node) {
      if (!kv.first.IsScalar() || kv.first.Scalar() != "id") continue;
      const YAML::Node& id = kv.second;
      if (id.IsScalar() && is_id(id.Scalar()) && !group.find(id.Scalar())) {
        group.add_name(id.Scalar());
        return;
      }
      break;
    }
  }
  group.lose_id();
}

// The arrays held by entity key keep one entry per key whatever entries failed: an entity
// whose entry had an error holds placeholders, never read (it is unreadable and absent).
void ScenarioBuilder::keep_keys_aligned() {
  site_at_.resize(sites_.size());
  objective_at_.resize(objectives_.size());
  range_km_.resize(missiles_.size(), 0.0);
  speed_kmps_.resize(missiles_.size(), 1.0);
  missile_sites_.resize(missiles_.size());
  pk_rows_.resize(interceptors_.size(), std::vector<double>(missiles_.size(), 0.0));
  s_.strips.resize(strips_.size(), StripClass{});
  while (s_.strip_ids.size() < strips_.size())
    s_.strip_ids.push_back(strips_.name(static_cast<uint32_t>(s_.strip_ids.size())));
  drafts_.resize(nodes_.size());
  node_at_.resize(nodes_.size());
  sea_shapes_.resize(sea_areas_.size());
  ship_home_.resize(ship_classes_.size(), 0);
  ship_sealift_.resize(ship_classes_.size(), false);
  ship_speed_kmpd_.resize(ship_classes_.size(), 1.0);
  ship_speed_field_.resize(ship_classes_.size(), Field{YAML::Node(), YAML::Mark(), "", &file_});
}

std::vector<Field> ScenarioBuilder::list(const Mapping& m, std::string_view key, const Size& size) {
  return read_list(m.at(key, "a list of " + std::to_string(size.lo) + ".." +
                                 std::to_string(size.hi) + " " + plural_of(size.noun)),
                   size);
}

std::vector<Field> ScenarioBuilder::optional_list(const Mapping& m, std::string_view key,
                                                  const Size& size) {
  const std::optional<Field> f = m.find(key);
  return f ? read_list(*f, size) : std::vector<Field>{};
}

bool ScenarioBuilder::exists(const Mapping& m, std::string_view kind) const {
  const std::optional<Start> start = exists_from(m);
  if (start && start->day > 0) {
    fail(*start->flag, takes_effect(*start) + "; " + std::string(kind) +
                           " entries cannot start late (allowed: their flags in force from day "
                           "0, as a plain name or with from_day: 0)");
  }
  return start.has_value();
}

std::optional<Start> ScenarioBuilder::exists_from(const Mapping& m) const {
  if (!exists_under(m, posture_)) return std::nullopt;
  return start_under(m, posture_);
}

std::string ScenarioBuilder::takes_effect(const Start& start) const {
  return "flag " + in_quotes(start.flag->node.Scalar()) + " of posture " + in_quotes(posture_.id) +
         " takes effect from day " + std::to_string(start.day);
}

void ScenarioBuilder::refuse_at_late_node(const Field& f, uint32_t key,
                                          const std::string& what) const {
  const Start& start = drafts_[key].start;
  if (start.day == 0 || !nodes_.present(key)) return;
  fail(f, "node " + in_quotes(nodes_.name(key)) + " takes effect from day " +
              std::to_string(start.day) + " (its flag " + in_quotes(start.flag->node.Scalar()) +
              " under posture " + in_quotes(posture_.id) + "); " + what +
              " cannot start late (allowed: " + what + " at nodes in force from day 0)");
}

// The raid plan can ask for more craters than per-trial state can hold; Scenario::finalize()
// finds out, and the user hears it as a problem of the raids.
void ScenarioBuilder::finalize(const Mapping& top) {
  // The record grows with nodes, items and days: the nodes are what there is most of.
  if (s_.record_values() > kMaxRecordValues) {
    fail(top.at("nodes", ""),
         "one trial would record " + std::to_string(s_.record_values()) +
             " values: " + std::to_string(record_layout(s_.view()).series_per_base()) +
             " daily series at each of " + plural(s_.nodes.size(), "node") + " over " +
             std::to_string(s_.days + 1) +
             " days (day 0 too), and the theatre's (allowed: at most " +
             std::to_string(kMaxRecordValues) + " values; fewer nodes, items or days)");
  }
  try {
    s_.finalize();
  } catch (const std::length_error& e) {
    fail(top.at("raids", ""), e.what());
  }
}

// An unclosed quote runs on to the end of the file, taking the keys after it into the name
// (yaml-cpp does not mind): say so, rather than that those keys are missing. Nothing is left
// to read on with: the error ends the reading.
void ScenarioBuilder::check_name_ends(const Field& f, const Mapping& top) {
  if (!f.node.IsScalar() || f.node.Tag() != "!") return;  // not quoted
  const std::string& name = f.node.Scalar();
  for (const char* key : {"launch_sites", "missiles", "raids", "nodes", "strips"}) {
    if (top.find(key) || name.find(std::string(key) + ":") == std::string::npos) continue;
    fail(f, "the quoted name runs on through '" + std::string(key) +
                ":' and the rest of the file; is its closing quote missing? (allowed: a "
                "quoted name that ends on its line)");
  }
}

GeoPoint ScenarioBuilder::read_location(const Mapping& m) {
  return {m.get("lat", closed(-90, 90)), m.get("lon", closed(-180, 180))};
}

// `days: [first, last]` (raids, units): within the scenario's days, first <= last.
std::pair<uint32_t, uint32_t> ScenarioBuilder::read_days(const Field& f) const {
  const std::vector<Field> days = read_list(f, {2, 2, "day"});
  // With `days:` in error, only days beyond the longest scenario are known to be wrong.
  const Int range =
      days_read_ ? Int{1, s_.days, "within the scenario's " + std::to_string(s_.days) + " days"}
                 : Int{1, kMaxDays};
  const uint32_t first = read(days[0], range);
  const uint32_t last = read(days[1], range);
  if (first > last) {
    fail(f, "days [" + std::to_string(first) + ", " + std::to_string(last) +
                "] are out of order (allowed: [first, last] with first <= last)");
  }
  return {first, last};
}

}  // namespace scenario_schema

namespace {

YAML::Node parse_document(const std::string& text, const std::string& label) {
  const std::vector<YAML::Node> docs = yaml::load_documents(text, label);
  const std::string expected = "a mapping with launch_sites, missiles, raids, nodes and strips";
  if (docs.empty())
    throw ScenarioError(label, 1, 1, "scenario", "is empty (allowed: " + expected + ")");
  if (docs.size() > 1) {
    throw ScenarioError(label, docs[1].Mark(), "yaml",
                        "the file holds " + std::to_string(docs.size()) +
                            " YAML documents (allowed: exactly one scenario document)");
  }
  return docs[0];
}

// The scenario text as stored for provenance: as read, and when the posture came from a
// posture file, that file's text after it as comments, so that the results record every
// input of the run and the file still loads as the same scenario.
std::string provenance_text(const std::string& text, const Posture& posture) {
  if (posture.file.empty()) return text;
  std::string out = text;
  if (!out.empty() && out.back() != '\n') out += '\n';
  out += "# ---- posture file " + posture.file + " (applied to this scenario) ----\n";
  std::istringstream lines(posture.file_text);
  for (std::string line; std::getline(lines, line);)
    out += line.empty() ? "#\n" : "# " + line + "\n";
  return out;
}

Scenario load(const std::string& text, const std::string& label, const std::string& name,
              const std::string& posture) {
  YAML::Node root = parse_document(text, label);
  // A posture file's lines are numbered past the scenario's (posture.hpp), so that an error
  // in a value it sets is reported in the posture file.
  const int line_offset = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  try {
    const Posture applied = apply_posture(root, label, posture, line_offset);
    Scenario s = scenario_schema::ScenarioBuilder(label, name, applied).build(root);
    s.posture = applied.id;
    s.source_path = label;
    s.source_text = provenance_text(text, applied);
    for (const UncertainInput& input : applied.uncertain)
      s.uncertain.push_back(input.path);
    return s;
  } catch (const ScenarioError& e) {
    throw in_posture_file(e, posture, line_offset);
  }
}

std::string read_scenario_file(const std::string& path) {
  return yaml::read_input_file(path, "scenario file");
}

}  // namespace

Scenario load_scenario_file(const std::string& path, const std::string& posture) {
  return load(read_scenario_file(path), path, std::filesystem::path(path).stem().string(), posture);
}

Scenario load_scenario_text(const std::string& text, const std::string& label,
                            const std::string& posture) {
  return load(text, label, "scenario", posture);
}

UncertainScenario::UncertainScenario(const std::string& text, const std::string& label,
                                     const std::string& name, const std::string& posture)
    : label_(label), name_(name) {
  point_ = load(text, label, name, posture);
  point_.uncertain.clear();  // the point: the values as written
  text_ = point_.source_text;
  root_ = parse_document(text, label);
  const int line_offset = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  posture_ = apply_posture(root_, label, posture, line_offset);
}

UncertainScenario UncertainScenario::from_file(const std::string& path,
                                               const std::string& posture) {
  return UncertainScenario(read_scenario_file(path), path,
                           std::filesystem::path(path).stem().string(), posture);
}

UncertainScenario UncertainScenario::from_text(const std::string& text, const std::string& label,
                                               const std::string& posture) {
  return UncertainScenario(text, label, "scenario", posture);
}

Scenario UncertainScenario::sample(const std::vector<double>& values, uint64_t sample) const {
  YAML::Node root = YAML::Clone(root_);
  set_sampled_values(root, posture_.uncertain, values);
  try {
    Scenario s = scenario_schema::ScenarioBuilder(label_, name_, posture_).build(root);
    s.posture = posture_.id;
    s.source_path = label_;
    s.source_text = text_;
    return s;
  } catch (const ScenarioError& e) {
    // Blame the input whose path the error names, else every input (the values together).
    std::string drew;
    const UncertainInput* blamed = nullptr;
    for (size_t i = 0; i < values.size(); ++i) {
      const UncertainInput& input = posture_.uncertain[i];
      drew += (drew.empty() ? "" : ", ") + input.path + " = " + yaml::number_text(values[i]);
      if (e.key() == input.path || e.key().starts_with(input.path + ".")) blamed = &input;
    }
    const UncertainInput& at = blamed ? *blamed : posture_.uncertain.front();
    throw ScenarioError(at.file, at.line, at.column, "uncertain." + at.path,
                        "sample " + std::to_string(sample) + " drew " + drew +
                            ", which the scenario refuses: " + e.key() + ": " + e.problem() +
                            " (allowed: a distribution whose values the field accepts; narrow "
                            "it, or round: true for whole numbers)");
  }
}

std::vector<std::string> posture_ids(const std::string& path) {
  return posture_ids_text(read_scenario_file(path), path);
}

std::vector<std::string> posture_ids_text(const std::string& text, const std::string& label) {
  return list_postures(parse_document(text, label), label);
}

}  // namespace contested
