// Postures (docs/scenario-format.md, Postures): which entities of a scenario exist, and which
// values it overrides.
//
// Any list entity may carry `requires: [flag, …]`; it exists only when every flag is on. A
// posture (`postures: [{id, flags, set}]`) names the flags that are on, each from day 0 or
// from a later day (`{flag: NAME, from_day: D}`: an agreement that takes time), and replaces values
// of the document by path ("nodes.kadena.shelters": 60). The loader applies the posture to
// the parsed YAML before it reads the scenario, so every override goes through the same
// validation as the rest of the file, reported at the override's own line.
//
// Entities keep their index in the unfiltered file list as their key (random numbers are
// addressed by it), so the same seed gives common random numbers across postures; array
// indices refer to the entities present. Entities tracks both for one group.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "scenario/uncertain_input.hpp"
#include "scenario/yaml_reader.hpp"

namespace contested {

inline constexpr const char* kBaselinePosture = "baseline";

// The posture a scenario is loaded under: its id and the flags that are on, and the posture
// file it came from when it was not one of the scenario's own `postures:`.
struct Posture {
  std::string id = kBaselinePosture;
  std::vector<std::string> flags;
  std::vector<uint32_t> from_day;  // per flag: the first day it is in force
  std::string file;       // the posture file as given ("" for an inline or default posture)
  std::string file_text;  // that file's text, as read
  // Its `uncertain:` inputs (scenario/uncertain_input.hpp), in the order written; their paths
  // keep the document's own values until a sample sets them (set_sampled_values).
  std::vector<UncertainInput> uncertain;

  bool on(std::string_view flag) const;
  // The first day a flag that is on is in force.
  uint32_t day_in_force(std::string_view flag) const;
};

// A requested posture is a posture file, not an id, when it ends in `.yaml` or `.yml` (an id
// is [a-z0-9_]+, so the two cannot be confused). The path is opened as given, relative to
// the current directory.
bool is_posture_file(std::string_view requested);

// Reads the document's `postures:` and checks every posture in it (unique ids; flags that
// some `requires:` in the file mentions; `set:` paths that lead somewhere), selects
// `requested` and applies its `set:` overrides to `root` in place. "" selects `baseline`:
// the posture of that id if the file defines one, else no flags and no overrides. An unknown
// id is a ScenarioError listing the defined ones. A root that is not a mapping is left for
// the scenario reader to refuse.
//
// `requested` may instead be a posture file (is_posture_file): one YAML mapping of the shape
// of a `postures:` entry, `{id, flags, set}`, plus free-text `description`. It is read and
// checked by the same code as an inline entry, against this scenario (its flags must be
// mentioned by the scenario's `requires:`, its paths must lead into the scenario), and its id
// may not be one the scenario's `postures:` defines. Its lines are numbered from
// `line_offset + 1`, past the scenario's last line, so that an error in a value it sets,
// found later by the scenario reader, can be told apart from the scenario's own:
// in_posture_file() then re-addresses it to the posture file.
Posture apply_posture(YAML::Node& root, const std::string& file, const std::string& requested,
                      int line_offset);

// The errors raised while loading a scenario under `requested`: when `requested` is a
// posture file, each that lies past `line_offset` (a line of the posture file, numbered as
// apply_posture numbers them) is re-addressed to the posture file's own line; the others,
// and all when `requested` is not a posture file, are kept as they are.
ScenarioError in_posture_file(const ScenarioError& e, const std::string& requested,
                              int line_offset);

// Puts a sample's values of `inputs` (one each) at their paths in `root`, a copy of a document
// their posture was applied to (the paths were checked on it). Values are written exactly
// (round-trip digits).
void set_sampled_values(YAML::Node& root, const std::vector<UncertainInput>& inputs,
                        const std::vector<double>& values);

// Whether the file at `path` is a posture file rather than a scenario: one YAML mapping with
// an `id` and none of a scenario's required sections. False for anything unreadable.
bool is_posture_document(const std::string& path);

// What a posture file holds, checked as far as it can be without a scenario: its shape (the
// keys of a `postures:` entry and `description`), its id, its flags as ids and its `set:`
// paths as paths. Whether the flags and paths exist is checked when it is applied to a
// scenario (apply_posture). Errors are ScenarioErrors in the posture file.
struct PostureFileSummary {
  std::string id;
  size_t flags = 0;
  size_t overrides = 0;
  size_t uncertain = 0;
};
PostureFileSummary check_posture_file(const std::string& path);

// The postures a document can be loaded under: `baseline` first when the file does not
// define it, then the postures it defines, in file order. Checks them as apply_posture does.
std::vector<std::string> list_postures(const YAML::Node& root, const std::string& file);

namespace yaml {

// Whether the entity read as `m` exists under `posture`: every flag of its optional
// `requires: [flag, …]` is on.
bool exists_under(const Mapping& m, const Posture& posture);

// When the entity read as `m` takes effect under `posture`, if it exists: the latest first
// day of the flags it requires, and the `requires:` entry naming the flag that sets it
// (none when the entity is in force from day 0).
struct Start {
  uint32_t day = 0;
  std::optional<Field> flag;
};
Start start_under(const Mapping& m, const Posture& posture);

// What Entities::resolve() throws for a reference into a group whose section could not be
// read at all (mark_unreadable()): the error that says why is recorded already, and the entry
// that refers to it is left unchecked rather than blamed for an unknown id
// (scenario_builder.hpp). Not a ScenarioError: it reports nothing.
struct UnreadableEntity {};

// One group of entities (nodes, items, ship classes, …) as the file lists them, and which
// of them exist under the posture. An entity's key is its position in the file list; its
// index is its position among the entities present (the scenario's arrays).
class Entities {
 public:
  static constexpr uint32_t kAbsent = 0xffffffffu;

  Entities(std::string noun, std::string group) : ids_(std::move(noun), std::move(group)) {}

  // The next entity of the file, defined by its id field; absent until include().
  uint32_t add(const Field& id);
  // An entity defined elsewhere (an interceptor is also an item); an id already there keeps
  // its key.
  uint32_t add_name(const std::string& id);

  // Marks the entity present; its index is the number of entities included before it.
  uint32_t include(uint32_t key);

  // The key of a referenced id, present or not; an unknown id is a ScenarioError with a
  // did-you-mean. In a group that could not be read, any id throws UnreadableEntity, and so
  // does an unknown id in a group that lost one (lose_id()): it may be the one lost.
  uint32_t resolve(const Field& f) const;
  std::optional<uint32_t> find(std::string_view id) const { return ids_.find(id); }

  bool present(uint32_t key) const { return index_[key] != kAbsent; }
  uint32_t index(uint32_t key) const { return index_[key]; }
  const std::string& name(uint32_t key) const { return ids_.names()[key]; }
  const std::vector<std::string>& names() const { return ids_.names(); }
  size_t size() const { return ids_.size(); }
  uint32_t present_count() const { return included_; }

  // An entity whose entry had an error: it is never included, and what refers to it is not
  // checked against what it would have held (its location, kind, runways, …), which is
  // unknown. References to it still resolve.
  void mark_unreadable(uint32_t key);
  // The whole group: its section could not be read, and references to it throw
  // UnreadableEntity.
  void mark_unreadable() { unreadable_group_ = true; }
  // An entry with an error whose id could not be added (missing, invalid or a duplicate):
  // the id it was meant to have is not known.
  void lose_id() { lost_id_ = true; }
  bool readable(uint32_t key) const { return !unreadable_group_ && !unreadable_[key]; }

 private:
  IdTable ids_;
  std::vector<uint32_t> index_;
  std::vector<bool> unreadable_;  // by key
  bool unreadable_group_ = false;
  bool lost_id_ = false;
  uint32_t included_ = 0;
};

}  // namespace yaml
}  // namespace contested
