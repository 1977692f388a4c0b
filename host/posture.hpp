// Postures (MODEL.md 10): which entities of a scenario exist, and which values it overrides.
//
// Any list entity may carry `requires: [flag, …]`; it exists only when every flag is on. A
// posture (`postures: [{id, flags, set}]`) names the flags that are on and replaces values
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

#include "host/yaml_reader.hpp"

namespace contested {

inline constexpr const char* kBaselinePosture = "baseline";

// The posture a scenario is loaded under: its id and the flags that are on.
struct Posture {
  std::string id = kBaselinePosture;
  std::vector<std::string> flags;

  bool on(std::string_view flag) const;
};

// Reads the document's `postures:` and checks every posture in it (unique ids; flags that
// some `requires:` in the file mentions; `set:` paths that lead somewhere), selects
// `requested` and applies its `set:` overrides to `root` in place. "" selects `baseline`:
// the posture of that id if the file defines one, else no flags and no overrides. An unknown
// id is a ScenarioError listing the defined ones. A root that is not a mapping is left for
// the scenario reader to refuse.
Posture apply_posture(YAML::Node& root, const std::string& file, const std::string& requested);

// The postures a document can be loaded under: `baseline` first when the file does not
// define it, then the postures it defines, in file order. Checks them as apply_posture does.
std::vector<std::string> list_postures(const YAML::Node& root, const std::string& file);

namespace yaml {

// Whether the entity read as `m` exists under `posture`: every flag of its optional
// `requires: [flag, …]` is on.
bool exists_under(const Mapping& m, const Posture& posture);

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
  // did-you-mean.
  uint32_t resolve(const Field& f) const { return ids_.resolve(f); }
  std::optional<uint32_t> find(std::string_view id) const { return ids_.find(id); }

  bool present(uint32_t key) const { return index_[key] != kAbsent; }
  uint32_t index(uint32_t key) const { return index_[key]; }
  const std::string& name(uint32_t key) const { return ids_.names()[key]; }
  const std::vector<std::string>& names() const { return ids_.names(); }
  size_t size() const { return ids_.size(); }
  uint32_t present_count() const { return included_; }

 private:
  IdTable ids_;
  std::vector<uint32_t> index_;
  uint32_t included_ = 0;
};

}  // namespace yaml
}  // namespace contested
