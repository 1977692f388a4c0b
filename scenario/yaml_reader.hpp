// A small strict YAML reader on top of yaml-cpp: typed fields with ranges, unknown-key and
// id checks, did-you-mean. Every problem becomes a ScenarioError at the offending line,
// naming the key by its dotted path and saying what is allowed. The scenario loader uses
// it, as can any other input file (postures, sweeps) that wants the same diagnostics.
//
// Kept in its own namespace, contested::yaml, because the vocabulary (read, Field, Size,
// Int, …) is short and generic; a loader says `using namespace yaml;` in its .cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "scenario/scenario_error.hpp"

namespace contested::yaml {

// ====================================================================================
// Text helpers, for messages
// ====================================================================================

std::string in_quotes(std::string_view s);

// Whole numbers print without an exponent ("1000000", not "1e+06"); others shortest.
std::string number_text(double v);

// printf-formatted number, for derived values ("845.2 km", "1.4") that need no more.
std::string formatted(const char* format, double v);

// Lists in messages stay readable: at most 12 names, then an ellipsis.
std::string join_names(const std::vector<std::string>& names);

// "battery" → "batteries", "strip class" → "strip classes", "runway" → "runways".
std::string plural_of(const std::string& noun);

// "1 runway", "3 runways".
std::string plural(uint64_t n, const std::string& noun);

// " did you mean 'x'?" for a likely typo (within edit distance 2, or a third of the
// word), or for a truncated name ("lethal" → "lethal_radius_m"); "" otherwise.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// Ids are [a-z0-9_]+.
bool is_id(std::string_view s);

// ====================================================================================
// Fields: a YAML value, where it is and what it is called
// ====================================================================================

// Scalars point at the value; containers and empty values at their key, because yaml-cpp
// marks a block container at its first entry and an empty value at the next line.
struct Field {
  YAML::Node node;
  YAML::Mark mark;
  std::string path;         // e.g. "nodes.kadena.runways[1].width_m"
  const std::string* file;  // label for messages
};

// The ScenarioError for `f`: its file, line, column and path ("scenario" at the root).
ScenarioError error_at(const Field& f, const std::string& problem);

// Throws error_at(f, problem).
[[noreturn]] void fail(const Field& f, const std::string& problem);

// "a.b" under "a"; just the key at the root.
std::string child_path(const std::string& parent, std::string_view key);

// The name a value answers to in messages: the last key of its path, without indices.
std::string leaf(const std::string& path);

// What was found instead of what was expected ("a list", "'abc'", …), for type errors.
std::string describe(const YAML::Node& n);

// ---- whole documents ------------------------------------------------------------------

// The YAML documents of `text`, for every reader of a whole file. Syntax errors become
// ScenarioErrors (key `yaml`), and so do two traps of yaml-cpp: its LoadAll loops for ever,
// allocating, when no document can start where the parser stands (a stray ',' outside
// brackets; jbeder/yaml-cpp#1040, unfixed in 0.7 and 0.8), and an alias (*a) stands for the
// whole value its anchor (&a) names, so a short text can stand for an enormous document
// ("billion laughs") or an endlessly nested one (an alias inside the value it names).
// Documents nested deeper than 64 levels, or holding more values (aliases expanded) than
// the larger of 100000 and 16 per byte of text, are refused.
std::vector<YAML::Node> load_documents(const std::string& text, const std::string& file);

// Input files (scenarios, postures, sweeps) larger than this are refused before they are
// parsed: yaml-cpp takes minutes and gigabytes on tens of megabytes, and the largest
// scenario the size limits allow (100000 raids) is well below it.
inline constexpr uint64_t kMaxInputBytes = uint64_t{16} << 20;

// Refuses, as a ScenarioError at 0:0 with key `file`, an input of `bytes` bytes above
// kMaxInputBytes. load_documents() checks the text it is given; readers of files call it
// with the file's size first, so that a huge file is not read at all.
void check_input_size(const std::string& file, uint64_t bytes);

// The text of an input file; `what` names it ("scenario file") and `allowed` says what a
// path may be. An unreadable file, a directory or one above kMaxInputBytes is a
// ScenarioError at 0:0 with key `file`.
std::string read_input_file(const std::string& path, const std::string& what,
                            const std::string& allowed = "a readable YAML file");

// ---- numbers ----------------------------------------------------------------------

// A real in a closed range, or half-open at the bottom ("0 < cep_m <= 100000").
struct Real {
  double lo;
  double hi;
  bool lo_open = false;
};
constexpr Real closed(double lo, double hi) {
  return {lo, hi, false};
}
constexpr Real above(double lo, double hi) {
  return {lo, hi, true};
}

// A whole number in [lo, hi]. read() returns uint32_t (every count in the scenario fits),
// so hi must fit it too.
struct Int {
  uint64_t lo;
  uint64_t hi;
  std::string note = "";  // why the range is what it is, when not obvious
};

// The "(allowed: …)" text of a spec; `name` is the field's name, for ranges that show it.
std::string allowed(const Real& r, const std::string& name);
std::string allowed(const Int& r, const std::string&);

double read(const Field& f, const Real& r);
uint32_t read(const Field& f, const Int& r);

// ---- words: free text, ids and enumerations -------------------------------------------

// A non-empty scalar; `range` describes what was expected, in the type error.
std::string read_text(const Field& f, const std::string& range);

std::string read_id(const Field& f);

// The spellings of an enumeration and the values they stand for.
template <class E>
struct Choices {
  std::vector<std::pair<std::string, E>> options;

  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& [name, value] : options)
      out.push_back(name);
    return out;
  }
};

template <class E>
std::string allowed(const Choices<E>& c, const std::string&) {
  return join_names(c.names());
}

template <class E>
E read(const Field& f, const Choices<E>& c) {
  const std::string word = read_text(f, "one of " + join_names(c.names()));
  for (const auto& [name, value] : c.options) {
    if (name == word) return value;
  }
  fail(f, "unknown " + leaf(f.path) + " " + in_quotes(word) + did_you_mean(word, c.names()) +
              " (allowed: " + join_names(c.names()) + ")");
}

// ---- lists ----------------------------------------------------------------------------

// How many entries a list may hold, and what one entry is called in messages.
struct Size {
  size_t lo;
  size_t hi;
  std::string noun;
};

// The entries of a list of s.lo..s.hi items, each a Field with an indexed path ("raids[3]").
std::vector<Field> read_list(const Field& f, const Size& s);

// ---- mappings -------------------------------------------------------------------------

// A YAML mapping being read. Construction checks the shape (a mapping, plain unique keys,
// no unknown key: a typo must not silently fall back to a default); then values come out
// as Fields, or through get() as checked numbers and choices.
class Mapping {
 public:
  struct Entry {
    std::string key;
    Field key_field;  // the key itself: for ids written as keys (strips, pk tables)
    Field value;
  };

  // A mapping with a fixed set of keys. With an id_group, an item that carries a valid `id`
  // answers to `group.id` in messages (nodes[0] → nodes.kadena).
  Mapping(const Field& f, const std::vector<std::string>& keys, std::string_view id_group = {});

  // A mapping whose keys are not fixed (ids as keys), described by `shape` in messages.
  static Mapping open(const Field& f, const std::string& shape, std::string_view id_group = {});

  const std::vector<Entry>& entries() const { return entries_; }

  std::optional<Field> find(std::string_view key) const;

  // The value of a required key; `what` is the "(allowed: …)" text when it is missing.
  Field at(std::string_view key, const std::string& what) const;

  // Typed reads: required, or optional with a fallback.
  template <class Spec>
  auto get(std::string_view key, const Spec& spec) const {
    return read(at(key, allowed(spec, std::string(key))), spec);
  }
  template <class Spec, class T>
  T get(std::string_view key, const Spec& spec, T fallback) const {
    const std::optional<Field> f = find(key);
    return f ? static_cast<T>(read(*f, spec)) : fallback;
  }

 private:
  struct Shape {
    std::string text;  // what the mapping should look like, for the type error
  };

  Mapping(const Field& f, const Shape& shape, std::string_view id_group);
  void name_after_id(std::string_view group);
  void add_entry(const YAML::Node& key, const YAML::Node& value);

  Field self_;
  std::vector<Entry> entries_;
};

// ---- ids --------------------------------------------------------------------------------

// The ids of one group (missiles, nodes, …): unique on definition, resolved on reference
// with a did-you-mean. `noun` names one member in messages, `group` the key that defines them.
class IdTable {
 public:
  IdTable(std::string noun, std::string group) : noun_(std::move(noun)), group_(std::move(group)) {}

  // Reads a new id; its index is the order of definition.
  uint32_t add(const Field& f);

  // An id that is not defined by a field of its own (an interceptor that is also an item);
  // an id already there keeps its index.
  uint32_t add_name(const std::string& id);

  // The index of an id defined earlier.
  uint32_t resolve(const Field& f) const;

  std::optional<uint32_t> find(std::string_view id) const;

  const std::vector<std::string>& names() const { return names_; }
  size_t size() const { return names_.size(); }

 private:
  std::string noun_;
  std::string group_;
  std::vector<std::string> names_;
  std::vector<int> lines_;
  std::unordered_map<std::string, uint32_t> index_;
};

}  // namespace contested::yaml
