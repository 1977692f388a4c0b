// Postures: `requires:` flags, the `postures:` section and its `set:` overrides (posture.hpp).
#include "scenario/posture.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdio>
#include <map>
#include <regex>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "kernels/limits.hpp"

namespace contested {
namespace {

using namespace yaml;

constexpr size_t kMaxPostures = 1000;
constexpr size_t kMaxFlags = 64;  // per `requires:` or `flags:` list

const char* const kPathForm =
    "keys and ids separated by '.', list positions as [N], e.g. nodes.kadena.shelters or "
    "raids[3].count";

// ---- flags ------------------------------------------------------------------------------

// Every flag some `requires:` list of the document mentions, in order of appearance. Values
// of any shape are walked (set: values in postures included): the scenario reader checks
// later that `requires:` stands only where it is allowed.
void collect_flags(const YAML::Node& n, std::vector<std::string>& flags) {
  if (n.IsMap()) {
    for (const auto& kv : n) {
      if (kv.first.IsScalar() && kv.first.Scalar() == "requires") {
        // `requires: flag` (not a list) counts too: the scenario reader then says what is
        // wrong with it, which is the more useful message.
        const auto add = [&flags](const YAML::Node& flag) {
          if (flag.IsScalar() &&
              std::find(flags.begin(), flags.end(), flag.Scalar()) == flags.end()) {
            flags.push_back(flag.Scalar());
          }
        };
        add(kv.second);
        if (kv.second.IsSequence()) {
          for (const auto& flag : kv.second)
            add(flag);
        }
      }
      collect_flags(kv.second, flags);
    }
  } else if (n.IsSequence()) {
    for (const auto& item : n)
      collect_flags(item, flags);
  }
}

// ---- set: paths -------------------------------------------------------------------------

struct Step {
  std::string name;             // a key of a mapping, or the id of a list entry
  std::vector<size_t> indices;  // [N] after it
};

[[noreturn]] void bad_path(const Field& f, const std::string& text, const std::string& why) {
  fail(f, "bad path " + in_quotes(text) + ": " + why + " (allowed: " + kPathForm + ")");
}

std::vector<Step> parse_path(const Field& f) {
  const std::string text = read_text(f, "a path");
  std::vector<Step> steps;
  size_t pos = 0;
  while (true) {
    const size_t dot = text.find('.', pos);
    const std::string part = text.substr(pos, dot == std::string::npos ? dot : dot - pos);
    Step step;
    size_t bracket = part.find('[');
    step.name = part.substr(0, bracket);
    if (step.name.empty() || step.name.find(']') != std::string::npos) {
      bad_path(f, text, "every part needs a key or id before any [N]");
    }
    while (bracket != std::string::npos) {
      const size_t close = part.find(']', bracket);
      const std::string digits =
          close == std::string::npos ? "" : part.substr(bracket + 1, close - bracket - 1);
      if (digits.empty() || digits.size() > 9 ||
          !std::all_of(digits.begin(), digits.end(),
                       [](unsigned char c) { return std::isdigit(c) != 0; })) {
        bad_path(f, text, "a list position is a whole number in brackets");
      }
      step.indices.push_back(std::stoul(digits));
      bracket = close + 1;
      if (bracket == part.size()) break;
      if (part[bracket] != '[') bad_path(f, text, "'.' or '[' must follow ']'");
    }
    steps.push_back(std::move(step));
    if (dot == std::string::npos) break;
    pos = dot + 1;
  }
  return steps;
}

// Where a path leads in the document: an existing value (a mapping's key and value, or a
// list entry), or a key the path adds to a mapping.
struct Place {
  YAML::Node mapping;  // the mapping holding it, if the last step is a key
  YAML::Node key;      // the existing key
  YAML::Node value;    // the existing value or list entry
  std::string leaf;    // the last key
  bool in_mapping = false;
  bool exists = false;
};

// Nodes that several places of the document use (an anchor and its aliases: yaml-cpp gives
// every alias the very node of its anchor), each with the line of its anchor. A set: through
// one would change every place that uses it, so it is refused. Nodes are told apart by kind
// and position: a mapping starts where its first key does, so the kind is needed.
using NodeSpot = std::tuple<int, int, int>;  // kind, line, column

NodeSpot spot_of(const YAML::Node& n) {
  return {static_cast<int>(n.Type()), n.Mark().line, n.Mark().column};
}

class SharedNodes {
 public:
  explicit SharedNodes(const YAML::Node& root) { visit(root); }
  SharedNodes() = default;  // none: a document whose sharing was checked before it was copied

  // The 1-based line of the anchor when `n` is shared, else 0.
  int anchor_line(const YAML::Node& n) const {
    const auto it = uses_.find(spot_of(n));
    return it != uses_.end() && it->second > 1 ? n.Mark().line + 1 : 0;
  }

 private:
  void visit(const YAML::Node& n) {
    if (n.Mark().is_null()) return;
    if (++uses_[spot_of(n)] > 1) return;  // its children were seen at its first use
    if (n.IsMap()) {
      for (const auto& kv : n)
        visit(kv.second);
    } else if (n.IsSequence()) {
      for (const auto& entry : n)
        visit(entry);
    }
  }

  std::map<NodeSpot, int> uses_;
};

// The scenario document postures are checked against and applied to.
struct ScenarioTree {
  explicit ScenarioTree(const YAML::Node& document) : root(document), shared(document) {}
  // A copy of a document checked before (YAML::Clone keeps no positions to tell nodes apart).
  ScenarioTree(const YAML::Node& copy, const SharedNodes& none) : root(copy), shared(none) {}
  YAML::Node root;
  SharedNodes shared;
};

std::string id_of(const YAML::Node& entry) {
  if (!entry.IsMap()) return "";
  for (const auto& kv : entry) {
    if (kv.first.IsScalar() && kv.first.Scalar() == "id" && kv.second.IsScalar()) {
      return kv.second.Scalar();
    }
  }
  return "";
}

// Walks `path` from the root. Only the last key may be missing (it is added); anything else
// that is not there, or is shared through an alias, is an error at the path, with a
// did-you-mean. Never modifies the tree (yaml-cpp's non-const operator[] would insert, and
// operator= would overwrite: handles are moved with reset()).
Place locate(const ScenarioTree& tree, const Field& path) {
  const std::vector<Step> steps = parse_path(path);
  if (steps.front().name == "postures") {
    fail(path,
         "a posture cannot change the postures (allowed: paths into the rest of the "
         "scenario)");
  }
  Place place;
  YAML::Node here;
  here.reset(tree.root);
  std::string walked;
  const auto refuse_shared = [&] {
    if (const int line = tree.shared.anchor_line(here)) {
      fail(path, in_quotes(walked) + " is the anchor at line " + std::to_string(line) +
                     ", which aliases use elsewhere too: a set: here would change every place "
                     "that uses it (allowed: write the value out where it is used instead of "
                     "the alias)");
    }
  };
  for (size_t i = 0; i < steps.size(); ++i) {
    const Step& step = steps[i];
    const std::string where = walked.empty() ? "the scenario" : in_quotes(walked);
    if (here.IsMap()) {
      std::vector<std::string> keys;
      bool found = false;
      for (auto kv : here) {
        if (!kv.first.IsScalar()) continue;
        keys.push_back(kv.first.Scalar());
        if (found || kv.first.Scalar() != step.name) continue;
        found = true;
        place.mapping.reset(here);
        place.key.reset(kv.first);
        place.value.reset(kv.second);
      }
      if (!found) {
        if (i + 1 == steps.size() && step.indices.empty()) {
          place.mapping.reset(here);
          place.leaf = step.name;
          place.in_mapping = true;
          return place;  // a new key
        }
        fail(path, "unknown key " + in_quotes(step.name) + " in " + where +
                       did_you_mean(step.name, keys) + " (allowed: " + join_names(keys) + ")");
      }
      place.in_mapping = true;
    } else if (here.IsSequence()) {
      std::vector<std::string> ids;
      bool found = false;
      for (auto entry : here) {
        const std::string id = id_of(entry);
        if (id.empty()) continue;
        ids.push_back(id);
        if (found || id != step.name) continue;
        found = true;
        place.value.reset(entry);
      }
      if (!found) {
        const std::string allowed =
            ids.empty() ? "[0.." + std::to_string(here.size()) + ")" : join_names(ids) + ", or [N]";
        fail(path, "no entry with id " + in_quotes(step.name) + " in " + where +
                       did_you_mean(step.name, ids) + " (allowed: " + allowed + ")");
      }
      place.in_mapping = false;
    } else {
      fail(path, where + " is " + describe(here) + ", not a mapping or a list, so it has no " +
                     in_quotes(step.name) + " (allowed: " + kPathForm + ")");
    }
    here.reset(place.value);
    walked = child_path(walked, step.name);
    place.leaf = step.name;
    refuse_shared();
    for (const size_t index : step.indices) {
      if (!here.IsSequence()) {
        fail(path, in_quotes(walked) + " is " + describe(here) + ", not a list, so it has no [" +
                       std::to_string(index) + "] (allowed: " + kPathForm + ")");
      }
      if (index >= here.size()) {
        const std::string range =
            here.size() == 0 ? "none" : "[0.." + std::to_string(here.size() - 1) + "]";
        fail(path, in_quotes(walked) + " has " + plural(here.size(), "entry") + ", so [" +
                       std::to_string(index) + "] is out of range (allowed: " + range + ")");
      }
      const YAML::Node& list = here;
      place.value.reset(list[index]);
      here.reset(place.value);
      walked += '[';
      walked += std::to_string(index);
      walked += ']';
      place.in_mapping = false;
      refuse_shared();
    }
  }
  place.exists = true;
  return place;
}

// Puts the override's value at its path. The key and value nodes of the posture take the
// place of those in the tree, so that whatever the scenario reader finds wrong with them is
// reported at the posture's line (the path's key is renamed to the key it stands for).
void set_value(const ScenarioTree& tree, const Mapping::Entry& override) {
  Place place = locate(tree, override.key_field);
  YAML::Node key = override.key_field.node;
  if (place.in_mapping) key = place.leaf;
  if (!place.exists) {
    place.mapping.force_insert(key, override.value.node);
    return;
  }
  if (place.in_mapping) place.key = key;
  place.value = override.value.node;
}

// ---- the postures section -----------------------------------------------------------------

struct PostureEntry {
  Posture posture;
  YAML::Mark mark;  // of its id
  std::vector<Mapping::Entry> sets;
};

struct Postures {
  std::optional<Field> field;  // `postures:` itself
  std::vector<PostureEntry> entries;
  std::vector<std::string> known_flags;  // every flag some `requires:` of the file mentions

  std::vector<std::string> ids() const {
    std::vector<std::string> out;
    for (const PostureEntry& e : entries)
      out.push_back(e.posture.id);
    if (std::find(out.begin(), out.end(), kBaselinePosture) == out.end()) {
      out.insert(out.begin(), kBaselinePosture);
    }
    return out;
  }
};

// `scope` names where flags come from, in the unknown-flag message ("the file", "the scenario").
// `known` null: the flags are not checked against a scenario (a posture file on its own).
// A flag is a name, in force from day 0, or `{flag: NAME, from_day: D}`.
void read_flags(const Field& f, const std::vector<std::string>* known, const std::string& scope,
                Posture& posture) {
  for (const Field& item : read_list(f, {0, kMaxFlags, "flag"})) {
    std::optional<Mapping> late;
    if (item.node.IsMap()) late.emplace(item, std::vector<std::string>{"flag", "from_day"});
    const Field name = late ? late->at("flag", "a flag id") : item;
    const std::string flag = read_id(name);
    if (known && std::find(known->begin(), known->end(), flag) == known->end()) {
      const std::string allowed =
          known->empty() ? "none; no entity in " + scope + " has `requires:`" : join_names(*known);
      fail(name, "unknown flag " + in_quotes(flag) + ": no `requires:` in " + scope +
                     " mentions it" + did_you_mean(flag, *known) + " (allowed: " + allowed + ")");
    }
    if (posture.on(flag)) {
      fail(name, "flag " + in_quotes(flag) + " is listed twice (allowed: each flag once)");
    }
    posture.flags.push_back(flag);
    posture.from_day.push_back(late ? late->get("from_day", Int{0, kMaxDays}, 0u) : 0u);
  }
}

// The values the document holds at the uncertain paths once the posture's set: is applied:
// the point the distributions spread around.
void read_points(const ScenarioTree& tree, Posture& posture) {
  for (UncertainInput& input : posture.uncertain) {
    const YAML::Node path(input.path);
    const Place place = locate(tree, Field{path, YAML::Mark::null_mark(), "", &input.file});
    try {
      input.point = place.value.as<double>();
    } catch (const YAML::Exception&) {
      throw ScenarioError(input.file, input.line, input.column, "uncertain." + input.path,
                          "the posture's set: leaves " + describe(place.value) +
                              " here, not a number (allowed: paths to numbers)");
    }
  }
}

// `uncertain:` (uncertain_input.hpp): path → distribution. A path must lead to a number the
// document holds (the point value, read once the posture's set: is applied: read_points), and
// neither be set by the same posture nor listed twice. `tree` null: a posture file checked on its
// own (paths as paths).
void read_uncertain(const Field& f, const ScenarioTree* tree, PostureEntry& entry) {
  const Mapping paths =
      Mapping::open(f, std::string("a mapping of path → distribution; paths: ") + kPathForm);
  for (const Mapping::Entry& e : paths.entries()) {
    if (tree) {
      const Place place = locate(*tree, e.key_field);
      const auto number = [&] {
        try {
          return place.exists && place.value.IsScalar() && (place.value.as<double>(), true);
        } catch (const YAML::Exception&) {
          return false;
        }
      };
      if (!number()) {
        fail(e.key_field, "leads to " +
                              (place.exists ? describe(place.value) : std::string("no value")) +
                              ", not a number the scenario gives (allowed: paths to numbers "
                              "written in the scenario)");
      }
    } else {
      parse_path(e.key_field);
    }
    for (const Mapping::Entry& set : entry.sets) {
      if (set.key != e.key) continue;
      fail(e.key_field, "is also set: at line " + std::to_string(set.key_field.mark.line + 1) +
                            " (allowed: a value or a distribution, not both)");
    }
    UncertainInput input;
    input.path = e.key;
    input.distribution = read_distribution(e.value);
    input.file = *f.file;
    input.line = e.key_field.mark.line + 1;
    input.column = e.key_field.mark.column + 1;
    input.key = input_key(input.path);
    for (const UncertainInput& other : entry.posture.uncertain) {
      if (other.key != input.key) continue;
      fail(e.key_field, "draws the same random numbers as " + in_quotes(other.path) +
                            " (their hashes agree); write the path another way, e.g. with a "
                            "list position");
    }
    entry.posture.uncertain.push_back(std::move(input));
  }
}

// The keys of a posture: an entry of `postures:`, or a posture file (which may describe
// itself; an inline entry has the comments of its file for that).
const std::vector<std::string> kEntryKeys{"id", "flags", "set", "uncertain"};
const std::vector<std::string> kFileKeys{"id", "flags", "set", "uncertain", "description"};

// One posture, read and checked against the scenario `root`: the single reader of postures,
// whether they stand in the scenario's list or in a file of their own. Without a scenario
// (`root` null, for a posture file checked on its own) the flags are checked as ids and the
// paths as paths, and whether they exist is left for when the posture is applied.
PostureEntry read_entry(const Field& f, const ScenarioTree* tree,
                        const std::vector<std::string>* known, IdTable& ids,
                        const std::vector<std::string>& keys, const std::string& scope) {
  const Mapping m(f, keys, "postures");
  PostureEntry entry;
  const Field id = m.at("id", "an id");
  ids.add(id);
  entry.posture.id = ids.names().back();
  entry.mark = id.mark;
  if (const auto flags = m.find("flags")) read_flags(*flags, known, scope, entry.posture);
  if (const auto description = m.find("description")) read_text(*description, "free text");
  if (const auto set = m.find("set")) {
    const Mapping paths =
        Mapping::open(*set, std::string("a mapping of path → value; paths: ") + kPathForm);
    for (const Mapping::Entry& e : paths.entries()) {
      // Every posture's paths are checked, not just the one used.
      if (tree) {
        locate(*tree, e.key_field);
      } else {
        parse_path(e.key_field);
      }
      entry.sets.push_back(e);
    }
  }
  if (const auto uncertain = m.find("uncertain")) read_uncertain(*uncertain, tree, entry);
  return entry;
}

Postures read_postures(const ScenarioTree& tree, const std::string& file) {
  const YAML::Node& root = tree.root;
  Postures out;
  if (!root.IsMap()) return out;
  collect_flags(root, out.known_flags);
  const Mapping top = Mapping::open(Field{root, root.Mark(), "", &file}, "a mapping");
  out.field = top.find("postures");
  if (!out.field) return out;
  IdTable ids("posture", "postures");
  for (const Field& f : read_list(*out.field, {0, kMaxPostures, "posture"}))
    out.entries.push_back(read_entry(f, &tree, &out.known_flags, ids, kEntryKeys, "the file"));
  return out;
}

// ---- posture files ------------------------------------------------------------------------

std::string read_posture_text(const std::string& path) {
  return read_input_file(path, "posture file",
                         "a readable YAML file, relative to the current directory");
}

// The posture file's one document, its lines numbered from line_offset + 1. Positions the
// parser reports are in that numbering too; in_posture_file() maps them back.
YAML::Node parse_posture_file(const std::string& path, const std::string& text, int line_offset) {
  const std::vector<YAML::Node> docs =
      load_documents(std::string(static_cast<size_t>(line_offset), '\n') + text, path);
  const std::string expected =
      "a mapping with id, flags, set, uncertain and description, like one entry of postures:";
  if (docs.empty() || docs[0].IsNull()) {
    throw ScenarioError(path, line_offset + 1, 1, "posture",
                        "is empty (allowed: " + expected + ")");
  }
  if (docs.size() > 1) {
    throw ScenarioError(path, docs[1].Mark(), "yaml",
                        "the file holds " + std::to_string(docs.size()) +
                            " YAML documents (allowed: exactly one posture)");
  }
  return docs[0];
}

PostureEntry read_posture_file(const ScenarioTree& tree, const Postures& inline_postures,
                               const std::string& path, std::string& text, int line_offset) {
  text = read_posture_text(path);
  const YAML::Node doc = parse_posture_file(path, text, line_offset);
  IdTable ids("posture", "postures");
  const PostureEntry entry =
      read_entry(Field{doc, doc.Mark(), "", &path}, &tree, &inline_postures.known_flags, ids,
                 kFileKeys, "the scenario");
  for (const PostureEntry& e : inline_postures.entries) {
    if (e.posture.id != entry.posture.id) continue;
    throw ScenarioError(path, entry.mark, "postures." + entry.posture.id + ".id",
                        "posture id " + in_quotes(entry.posture.id) +
                            " is also defined by the scenario's postures: (line " +
                            std::to_string(e.mark.line + 1) +
                            "); results name a run by its posture id, so it must be unique "
                            "(allowed: an id the scenario does not define)");
  }
  return entry;
}

}  // namespace

bool Posture::on(std::string_view flag) const {
  return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

uint32_t Posture::day_in_force(std::string_view flag) const {
  return from_day[static_cast<size_t>(std::find(flags.begin(), flags.end(), flag) - flags.begin())];
}

void set_sampled_values(YAML::Node& root, const std::vector<UncertainInput>& inputs,
                        const std::vector<double>& values) {
  const ScenarioTree tree(root, SharedNodes());
  for (size_t i = 0; i < inputs.size(); ++i) {
    const YAML::Node path(inputs[i].path);
    const Place place = locate(tree, Field{path, YAML::Mark::null_mark(), "", &inputs[i].file});
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", values[i]);
    YAML::Node value = place.value;
    value = std::string(text);
  }
}

bool is_posture_file(std::string_view requested) {
  return requested.ends_with(".yaml") || requested.ends_with(".yml");
}

Posture apply_posture(YAML::Node& root, const std::string& file, const std::string& requested,
                      int line_offset) {
  const ScenarioTree tree(root);
  const Postures postures = read_postures(tree, file);
  if (is_posture_file(requested)) {
    std::string text;
    const PostureEntry entry = read_posture_file(tree, postures, requested, text, line_offset);
    for (const Mapping::Entry& e : entry.sets)
      set_value(tree, e);
    Posture posture = entry.posture;
    posture.file = requested;
    posture.file_text = std::move(text);
    for (UncertainInput& input : posture.uncertain)
      input.line -= line_offset;
    read_points(tree, posture);
    return posture;
  }
  const std::string wanted = requested.empty() ? kBaselinePosture : requested;
  for (const PostureEntry& entry : postures.entries) {
    if (entry.posture.id != wanted) continue;
    for (const Mapping::Entry& e : entry.sets)
      set_value(tree, e);
    Posture posture = entry.posture;
    read_points(tree, posture);
    return posture;
  }
  if (wanted == kBaselinePosture) return Posture{};
  const std::vector<std::string> ids = postures.ids();
  throw ScenarioError(file, postures.field ? postures.field->mark : YAML::Mark::null_mark(),
                      "posture",
                      "unknown posture " + in_quotes(wanted) + did_you_mean(wanted, ids) +
                          " (allowed: " + join_names(ids) + ")");
}

ScenarioError in_posture_file(const ScenarioError& e, const std::string& requested,
                              int line_offset) {
  if (!is_posture_file(requested)) return e;
  return e.map([&](const ScenarioError& one) {
    if (one.line() <= line_offset) return one;
    // Line numbers quoted in the message ("first at line N") are shifted as well.
    static const std::regex kLine("line ([0-9]+)");
    std::string problem;
    auto from = one.problem().cbegin();
    for (std::sregex_iterator it(one.problem().begin(), one.problem().end(), kLine), end; it != end;
         ++it) {
      const long line = std::stol((*it)[1].str());
      problem.append(from, (*it)[0].first);
      problem += "line " + std::to_string(line > line_offset ? line - line_offset : line);
      from = (*it)[0].second;
    }
    problem.append(from, one.problem().cend());
    return ScenarioError(requested, one.line() - line_offset, one.column(), one.key(), problem);
  });
}

bool is_posture_document(const std::string& path) {
  try {
    // Through the checked reader: a huge or hostile file must not stall the guess.
    const std::vector<YAML::Node> docs = load_documents(read_posture_text(path), path);
    if (docs.size() != 1) return false;
    const YAML::Node& doc = docs[0];
    if (!doc.IsMap() || !doc["id"]) return false;
    for (const char* key : {"launch_sites", "missiles", "raids", "nodes", "strips"}) {
      if (doc[key]) return false;
    }
    return true;
  } catch (const ScenarioError&) {
    return false;  // the scenario reader reports what is wrong with it
  }
}

PostureFileSummary check_posture_file(const std::string& path) {
  const std::string text = read_posture_text(path);
  const YAML::Node doc = parse_posture_file(path, text, 0);
  IdTable ids("posture", "postures");
  const PostureEntry entry =
      read_entry(Field{doc, doc.Mark(), "", &path}, nullptr, nullptr, ids, kFileKeys, "");
  return {entry.posture.id, entry.posture.flags.size(), entry.sets.size(),
          entry.posture.uncertain.size()};
}

std::vector<std::string> list_postures(const YAML::Node& root, const std::string& file) {
  return read_postures(ScenarioTree(root), file).ids();
}

namespace yaml {

bool exists_under(const Mapping& m, const Posture& posture) {
  const std::optional<Field> f = m.find("requires");
  if (!f) return true;
  bool all_on = true;
  for (const Field& flag : read_list(*f, {0, kMaxFlags, "flag"})) {
    if (!posture.on(read_id(flag))) all_on = false;
  }
  return all_on;
}

Start start_under(const Mapping& m, const Posture& posture) {
  Start start;
  const std::optional<Field> f = m.find("requires");
  if (!f || !exists_under(m, posture)) return start;
  for (const Field& flag : read_list(*f, {0, kMaxFlags, "flag"})) {
    const uint32_t day = posture.day_in_force(read_id(flag));
    if (day <= start.day) continue;
    start.day = day;
    start.flag = flag;
  }
  return start;
}

uint32_t Entities::add(const Field& id) {
  const uint32_t key = ids_.add(id);
  index_.push_back(kAbsent);
  unreadable_.push_back(false);
  return key;
}

uint32_t Entities::add_name(const std::string& id) {
  const uint32_t key = ids_.add_name(id);
  if (key == index_.size()) {
    index_.push_back(kAbsent);
    unreadable_.push_back(false);
  }
  return key;
}

uint32_t Entities::resolve(const Field& f) const {
  if (unreadable_group_) throw UnreadableEntity{};
  if (lost_id_ && f.node.IsScalar() && !ids_.find(f.node.Scalar())) throw UnreadableEntity{};
  return ids_.resolve(f);
}

void Entities::mark_unreadable(uint32_t key) {
  unreadable_[key] = true;
}

uint32_t Entities::include(uint32_t key) {
  if (index_[key] == kAbsent) index_[key] = included_++;
  return index_[key];
}

}  // namespace yaml
}  // namespace contested
