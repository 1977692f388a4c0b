// Postures: `requires:` flags, the `postures:` section and its `set:` overrides (posture.hpp).
#include "host/posture.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

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
// that is not there is an error at the path, with a did-you-mean. Never modifies the tree
// (yaml-cpp's non-const operator[] would insert, and operator= would overwrite: handles are
// moved with reset()).
Place locate(const YAML::Node& root, const Field& path) {
  const std::vector<Step> steps = parse_path(path);
  if (steps.front().name == "postures") {
    fail(path,
         "a posture cannot change the postures (allowed: paths into the rest of the "
         "scenario)");
  }
  Place place;
  YAML::Node here;
  here.reset(root);
  std::string walked;
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
    }
  }
  place.exists = true;
  return place;
}

// Puts the override's value at its path. The key and value nodes of the posture take the
// place of those in the tree, so that whatever the scenario reader finds wrong with them is
// reported at the posture's line (the path's key is renamed to the key it stands for).
void set_value(const YAML::Node& root, const Mapping::Entry& override) {
  Place place = locate(root, override.key_field);
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
  std::vector<Mapping::Entry> sets;
};

struct Postures {
  std::optional<Field> field;  // `postures:` itself
  std::vector<PostureEntry> entries;

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

std::vector<std::string> read_flags(const Field& f, const std::vector<std::string>& known) {
  std::vector<std::string> flags;
  for (const Field& item : read_list(f, {0, kMaxFlags, "flag"})) {
    const std::string flag = read_id(item);
    if (std::find(known.begin(), known.end(), flag) == known.end()) {
      const std::string allowed =
          known.empty() ? "none; no entity in the file has `requires:`" : join_names(known);
      fail(item, "unknown flag " + in_quotes(flag) + ": no `requires:` in the file mentions it" +
                     did_you_mean(flag, known) + " (allowed: " + allowed + ")");
    }
    if (std::find(flags.begin(), flags.end(), flag) != flags.end()) {
      fail(item, "flag " + in_quotes(flag) + " is listed twice (allowed: each flag once)");
    }
    flags.push_back(flag);
  }
  return flags;
}

Postures read_postures(const YAML::Node& root, const std::string& file) {
  Postures out;
  if (!root.IsMap()) return out;
  const Mapping top = Mapping::open(Field{root, root.Mark(), "", &file}, "a mapping");
  out.field = top.find("postures");
  if (!out.field) return out;
  std::vector<std::string> known;
  collect_flags(root, known);
  IdTable ids("posture", "postures");
  for (const Field& f : read_list(*out.field, {0, kMaxPostures, "posture"})) {
    const Mapping m(f, {"id", "flags", "set"}, "postures");
    PostureEntry entry;
    ids.add(m.at("id", "an id"));
    entry.posture.id = ids.names().back();
    if (const auto flags = m.find("flags")) entry.posture.flags = read_flags(*flags, known);
    if (const auto set = m.find("set")) {
      const Mapping paths =
          Mapping::open(*set, std::string("a mapping of path → value; paths: ") + kPathForm);
      for (const Mapping::Entry& e : paths.entries()) {
        locate(root, e.key_field);  // every posture's paths are checked, not just the one used
        entry.sets.push_back(e);
      }
    }
    out.entries.push_back(std::move(entry));
  }
  return out;
}

}  // namespace

bool Posture::on(std::string_view flag) const {
  return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

Posture apply_posture(YAML::Node& root, const std::string& file, const std::string& requested) {
  const Postures postures = read_postures(root, file);
  const std::string wanted = requested.empty() ? kBaselinePosture : requested;
  for (const PostureEntry& entry : postures.entries) {
    if (entry.posture.id != wanted) continue;
    for (const Mapping::Entry& e : entry.sets)
      set_value(root, e);
    return entry.posture;
  }
  if (wanted == kBaselinePosture) return Posture{};
  const std::vector<std::string> ids = postures.ids();
  throw ScenarioError(file, postures.field ? postures.field->mark : YAML::Mark::null_mark(),
                      "posture",
                      "unknown posture " + in_quotes(wanted) + did_you_mean(wanted, ids) +
                          " (allowed: " + join_names(ids) + ")");
}

std::vector<std::string> list_postures(const YAML::Node& root, const std::string& file) {
  return read_postures(root, file).ids();
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

uint32_t Entities::add(const Field& id) {
  const uint32_t key = ids_.add(id);
  index_.push_back(kAbsent);
  return key;
}

uint32_t Entities::add_name(const std::string& id) {
  const uint32_t key = ids_.add_name(id);
  if (key == index_.size()) index_.push_back(kAbsent);
  return key;
}

uint32_t Entities::include(uint32_t key) {
  if (index_[key] == kAbsent) index_[key] = included_++;
  return index_[key];
}

}  // namespace yaml
}  // namespace contested
