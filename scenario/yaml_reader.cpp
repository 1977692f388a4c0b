// The non-template half of the strict YAML reader (see yaml_reader.hpp).
#include "scenario/yaml_reader.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

namespace contested::yaml {
namespace {

// Helpers only the reader itself needs.

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// What the user probably meant as an id: "Kadena AB" → "kadena_ab".
std::string as_id(std::string_view s) {
  std::string out;
  for (char c : s) {
    const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out += is_id(std::string_view(&lower, 1)) ? lower : '_';
  }
  return out;
}

bool is_plain_scalar(const YAML::Node& n) {
  return n.IsScalar() && n.Tag() == "?";
}

// yaml-cpp tags a quoted scalar "!" (non-specific); any other tag was written in the file.
bool is_quoted(const YAML::Node& n) {
  return n.IsScalar() && n.Tag() == "!";
}

Field item_field(const Field& list, const YAML::Node& item, size_t index) {
  const YAML::Mark mark = item.Mark().is_null() || item.IsNull() ? list.mark : item.Mark();
  return {item, mark, list.path + "[" + std::to_string(index) + "]", list.file};
}

// YAML 1.2 core-schema numbers, plus `nan`/`inf` spellings, which are returned non-finite
// so that the caller can say why they are refused. nullopt: not a number at all.
std::optional<double> parse_number(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  const bool negative = s.starts_with('-');
  if (s.starts_with('+') || s.starts_with('-')) s.erase(0, 1);
  if (s == ".inf" || s == "inf" || s == "infinity") return negative ? -INFINITY : INFINITY;
  if (s == ".nan" || s == "nan") return NAN;
  if (s.empty() || !(std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '.')) {
    return std::nullopt;
  }
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (end != s.data() + s.size()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) v = INFINITY;
  return negative ? -v : v;
}

bool is_integer_text(std::string_view s) {
  if (s.starts_with('+') || s.starts_with('-')) s.remove_prefix(1);
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

// The plain scalar text of a number field, or a type error naming what was found.
std::string number_scalar(const Field& f, const std::string& expected, const std::string& range) {
  if (!is_plain_scalar(f.node)) {
    std::string hint;
    if (f.node.IsScalar()) hint = is_quoted(f.node) ? "; remove the quotes" : "; remove the tag";
    fail(f,
         "expected " + expected + ", got " + describe(f.node) + hint + " (allowed: " + range + ")");
  }
  return f.node.Scalar();
}

}  // namespace

// ====================================================================================
// Text helpers
// ====================================================================================

// Appends rather than `"'" + std::string(s) + "'"`: compiled out of line, that trips GCC 12's
// known false -Wrestrict on operator+(const char*, std::string&&).
std::string in_quotes(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '\'';
  out += s;
  out += '\'';
  return out;
}

std::string number_text(double v) {
  if (v == std::trunc(v) && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<long long>(v));
  }
  char buf[32];
  const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  return std::string(buf, end);
}

std::string formatted(const char* format, double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string join_names(const std::vector<std::string>& names) {
  constexpr size_t kShown = 12;
  std::string out;
  for (size_t i = 0; i < names.size() && i < kShown; ++i)
    out += (i ? ", " : "") + names[i];
  if (names.size() > kShown) out += ", …";
  return out.empty() ? "none" : out;
}

std::string plural_of(const std::string& noun) {
  if (noun.ends_with('s')) return noun + "es";
  const bool consonant_y =
      noun.size() > 1 && noun.back() == 'y' &&
      std::string_view("aeiou").find(noun[noun.size() - 2]) == std::string::npos;
  return consonant_y ? noun.substr(0, noun.size() - 1) + "ies" : noun + "s";
}

std::string plural(uint64_t n, const std::string& noun) {
  return std::to_string(n) + " " + (n == 1 ? noun : plural_of(noun));
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const size_t reach = std::max<size_t>(2, word.size() / 3);
  const std::string* best = nullptr;
  size_t best_distance = reach + 1;
  for (const std::string& c : candidates) {
    const size_t d = edit_distance(word, c);
    if (d < best_distance && d < c.size()) {
      best = &c;
      best_distance = d;
    }
  }
  if (!best && word.size() >= 3) {
    for (const std::string& c : candidates) {
      if (c.starts_with(word)) {
        best = &c;
        break;
      }
    }
  }
  return best ? ", did you mean " + in_quotes(*best) + "?" : "";
}

bool is_id(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// ====================================================================================
// Fields
// ====================================================================================

ScenarioError error_at(const Field& f, const std::string& problem) {
  return ScenarioError(*f.file, f.mark, f.path.empty() ? "scenario" : f.path, problem);
}

[[noreturn]] void fail(const Field& f, const std::string& problem) {
  throw error_at(f, problem);
}

std::string child_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string leaf(const std::string& path) {
  std::string name = path.substr(path.find_last_of('.') + 1);
  return name.substr(0, name.find('['));
}

// Long scalars are cut: an unclosed quote can swallow the rest of the file.
std::string describe(const YAML::Node& n) {
  if (n.IsNull()) return "an empty value";
  if (n.IsSequence()) return "a list";
  if (n.IsMap()) return "a mapping";
  constexpr size_t kShown = 40;
  const std::string& text = n.Scalar();
  const std::string shown = text.size() > kShown ? text.substr(0, kShown) + "…" : text;
  if (is_plain_scalar(n)) return in_quotes(shown);
  if (is_quoted(n)) return "the quoted string \"" + shown + "\"";
  // yaml-cpp spells the standard tags out in full; the file wrote them "!!".
  const std::string standard = "tag:yaml.org,2002:";
  const std::string tag =
      n.Tag().starts_with(standard) ? "!!" + n.Tag().substr(standard.size()) : n.Tag();
  return "the tagged value " + tag + " " + in_quotes(shown);
}

// ---- whole documents ------------------------------------------------------------------

namespace {

constexpr size_t kMaxDepth = 64;
constexpr size_t kMinValueBudget = 100000;
constexpr size_t kValuesPerByte = 16;

// Where each document of a stream starts; the parser's other events are not needed.
class DocumentStarts final : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> marks;

  void OnDocumentStart(const YAML::Mark& mark) override { marks.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// A parser that consumed nothing for a document starts the next one where it stood; LoadAll
// would go on so for ever.
void check_documents_end(const std::string& text, const std::string& file) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts starts;
  while (parser.HandleNextDocument(starts)) {
    const std::vector<YAML::Mark>& m = starts.marks;
    if (m.size() >= 2 && m[m.size() - 1].pos == m[m.size() - 2].pos) {
      throw ScenarioError(file, m.back(), "yaml",
                          "no YAML document can start here, as at a stray ',' outside [ ] "
                          "or { } (YAML syntax error)");
    }
  }
}

struct ExpansionWalk {
  const std::string& file;
  size_t budget;
  size_t values = 0;

  void visit(const YAML::Node& n, size_t depth) {
    if (depth > kMaxDepth) {
      throw ScenarioError(file, n.Mark(), "yaml",
                          "values are nested more than " + std::to_string(kMaxDepth) +
                              " levels deep, as when an alias stands inside the value its "
                              "anchor names (allowed: at most " +
                              std::to_string(kMaxDepth) + " levels, aliases expanded)");
    }
    if (++values > budget) {
      throw ScenarioError(file, n.Mark(), "yaml",
                          "the document stands for more than " + std::to_string(budget) +
                              " values once its aliases (*name) are expanded (allowed: at most " +
                              std::to_string(budget) + " for a text of this size)");
    }
    if (n.IsMap()) {
      for (const auto& kv : n) {
        visit(kv.first, depth + 1);
        visit(kv.second, depth + 1);
      }
    } else if (n.IsSequence()) {
      for (const auto& item : n)
        visit(item, depth + 1);
    }
  }
};

}  // namespace

void check_input_size(const std::string& file, uint64_t bytes) {
  if (bytes <= kMaxInputBytes) return;
  throw ScenarioError(file, 0, 0, "file",
                      "is " + std::to_string(bytes) + " bytes, larger than the " +
                          std::to_string(kMaxInputBytes >> 20) + " MiB limit (allowed: at most " +
                          std::to_string(kMaxInputBytes) + " bytes)");
}

std::string read_input_file(const std::string& path, const std::string& what,
                            const std::string& allowed) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  const bool directory = std::filesystem::is_directory(path, ec);
  if (!in || directory) {
    const std::string why = directory ? "it is a directory" : std::strerror(errno);
    throw ScenarioError(path, 0, 0, "file",
                        "cannot read the " + what + ": " + why + " (allowed: " + allowed + ")");
  }
  // Pipes and other files without a size are checked once read, by load_documents().
  const uintmax_t bytes = std::filesystem::file_size(path, ec);
  if (!ec) check_input_size(path, bytes);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<YAML::Node> load_documents(const std::string& text, const std::string& file) {
  check_input_size(file, text.size());
  std::vector<YAML::Node> docs;
  try {
    check_documents_end(text, file);
    docs = YAML::LoadAll(text);
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own guard, far beyond kMaxDepth; its message is just "bad file".
    throw ScenarioError(file, e.mark, "yaml",
                        "lists and mappings are nested more than " + std::to_string(kMaxDepth) +
                            " levels deep (allowed: at most " + std::to_string(kMaxDepth) +
                            " levels)");
  } catch (const YAML::Exception& e) {
    throw ScenarioError(file, e.mark, "yaml", e.msg + " (YAML syntax error)");
  }
  ExpansionWalk walk{file, std::max(kMinValueBudget, kValuesPerByte * text.size())};
  for (const YAML::Node& doc : docs)
    walk.visit(doc, 1);
  return docs;
}

// ---- numbers ----------------------------------------------------------------------

std::string allowed(const Real& r, const std::string& name) {
  return number_text(r.lo) + (r.lo_open ? " < " : " <= ") + name + " <= " + number_text(r.hi);
}

std::string allowed(const Int& r, const std::string&) {
  return "integer " + number_text(static_cast<double>(r.lo)) + ".." +
         number_text(static_cast<double>(r.hi)) + (r.note.empty() ? "" : ", " + r.note);
}

double read(const Field& f, const Real& r) {
  const std::string range = allowed(r, leaf(f.path));
  const std::string text = number_scalar(f, "a number", range);
  const std::optional<double> v = parse_number(text);
  if (!v) fail(f, "expected a number, got " + in_quotes(text) + " (allowed: " + range + ")");
  if (!std::isfinite(*v)) fail(f, text + " is not a finite number (allowed: " + range + ")");
  if (*v < r.lo || *v > r.hi || (r.lo_open && *v == r.lo)) {
    fail(f, text + " is out of range (allowed: " + range + ")");
  }
  return *v;
}

uint32_t read(const Field& f, const Int& r) {
  const std::string range = allowed(r, leaf(f.path));
  const std::string text = number_scalar(f, "an integer", range);
  if (!is_integer_text(text)) {
    const std::optional<double> v = parse_number(text);
    if (v && !std::isfinite(*v)) fail(f, text + " is not a finite number (allowed: " + range + ")");
    const std::string hint = v ? "; write whole numbers without a decimal point or exponent" : "";
    fail(f, "expected an integer, got " + in_quotes(text) + hint + " (allowed: " + range + ")");
  }
  const bool negative = text.starts_with('-');
  const size_t digits = text.find_first_not_of("+-");
  uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data() + digits, text.data() + text.size(), v);
  if ((negative && v != 0) || ec != std::errc() || v < r.lo || v > r.hi) {
    fail(f, text + " is out of range (allowed: " + range + ")");
  }
  return static_cast<uint32_t>(v);
}

// ---- words: free text, ids and enumerations -------------------------------------------

std::string read_text(const Field& f, const std::string& range) {
  if (!f.node.IsScalar() || f.node.Scalar().empty()) {
    fail(f, "expected " + range + ", got " + describe(f.node) + " (allowed: " + range + ")");
  }
  return f.node.Scalar();
}

std::string read_id(const Field& f) {
  const std::string range = "lowercase letters, digits and underscores";
  const std::string id = read_text(f, "an id of " + range);
  if (!is_id(id)) {
    fail(f, in_quotes(id) + " is not a valid id; ids use only " + range + ", e.g. " +
                in_quotes(as_id(id)) + " (allowed: [a-z0-9_]+)");
  }
  return id;
}

// ---- lists ----------------------------------------------------------------------------

std::vector<Field> read_list(const Field& f, const Size& s) {
  const std::string nouns = plural_of(s.noun);
  const std::string range = std::to_string(s.lo) + ".." + std::to_string(s.hi) + " " + nouns;
  if (!f.node.IsSequence()) {
    fail(f,
         "expected a list of " + nouns + ", got " + describe(f.node) + " (allowed: " + range + ")");
  }
  if (f.node.size() < s.lo || f.node.size() > s.hi) {
    const std::string what =
        f.node.size() == 0 ? "is empty" : "has " + plural(f.node.size(), s.noun);
    fail(f, what + " (allowed: " + range + ")");
  }
  std::vector<Field> items;
  for (size_t i = 0; i < f.node.size(); ++i)
    items.push_back(item_field(f, f.node[i], i));
  return items;
}

// ---- mappings -------------------------------------------------------------------------

Mapping::Mapping(const Field& f, const std::vector<std::string>& keys, std::string_view id_group)
    : Mapping(f, Shape{"a mapping with keys " + join_names(keys)}, id_group) {
  for (const Entry& e : entries_) {
    if (std::find(keys.begin(), keys.end(), e.key) != keys.end()) continue;
    fail(e.key_field, "unknown key " + in_quotes(e.key) + did_you_mean(e.key, keys) +
                          " (allowed: " + join_names(keys) + ")");
  }
}

Mapping Mapping::open(const Field& f, const std::string& shape, std::string_view id_group) {
  return Mapping(f, Shape{shape}, id_group);
}

std::optional<Field> Mapping::find(std::string_view key) const {
  for (const Entry& e : entries_) {
    if (e.key == key) return e.value;
  }
  return std::nullopt;
}

Field Mapping::at(std::string_view key, const std::string& what) const {
  if (std::optional<Field> f = find(key)) return *f;
  fail(Field{self_.node, self_.mark, child_path(self_.path, key), self_.file},
       "required key is missing (allowed: " + what + ")");
}

Mapping::Mapping(const Field& f, const Shape& shape, std::string_view id_group) : self_(f) {
  if (!f.node.IsMap()) {
    fail(f, "expected a mapping, got " + describe(f.node) + " (allowed: " + shape.text + ")");
  }
  for (const auto& kv : f.node)
    add_entry(kv.first, kv.second);
  if (!id_group.empty()) name_after_id(id_group);
}

// Only a valid id names the item; a bad one is reported when the id itself is read.
void Mapping::name_after_id(std::string_view group) {
  const std::optional<Field> id = find("id");
  if (!id || !id->node.IsScalar() || !is_id(id->node.Scalar())) return;
  self_.path = std::string(group) + "." + id->node.Scalar();
  for (Entry& e : entries_) {
    e.key_field.path = child_path(self_.path, e.key);
    e.value.path = child_path(self_.path, e.key);
  }
}

void Mapping::add_entry(const YAML::Node& key, const YAML::Node& value) {
  const std::string path = child_path(self_.path, key.IsScalar() ? key.Scalar() : "?");
  const Field key_field{key, key.Mark(), path, self_.file};
  if (!key.IsScalar()) fail(key_field, "keys must be names, got " + describe(key));
  for (const Entry& e : entries_) {
    if (e.key == key.Scalar()) {
      fail(key_field, "duplicate key " + in_quotes(e.key) + ": first at line " +
                          std::to_string(e.key_field.mark.line + 1) + " (allowed: each key once)");
    }
  }
  const bool points_at_value = value.IsScalar() && !value.Mark().is_null();
  entries_.push_back({key.Scalar(), key_field,
                      Field{value, points_at_value ? value.Mark() : key.Mark(), path, self_.file}});
}

// ---- ids --------------------------------------------------------------------------------

uint32_t IdTable::add(const Field& f) {
  const std::string id = read_id(f);
  if (const auto it = index_.find(id); it != index_.end()) {
    fail(f, "duplicate " + noun_ + " id " + in_quotes(id) + ": first defined at line " +
                std::to_string(lines_[it->second]) + " (allowed: each id once)");
  }
  lines_.push_back(f.mark.line + 1);
  names_.push_back(id);
  return index_[id] = static_cast<uint32_t>(names_.size() - 1);
}

uint32_t IdTable::add_name(const std::string& id) {
  if (const auto it = index_.find(id); it != index_.end()) return it->second;
  lines_.push_back(0);
  names_.push_back(id);
  return index_[id] = static_cast<uint32_t>(names_.size() - 1);
}

std::optional<uint32_t> IdTable::find(std::string_view id) const {
  const auto it = index_.find(std::string(id));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

uint32_t IdTable::resolve(const Field& f) const {
  const std::string id = read_text(f, "a " + noun_ + " id");
  if (const auto it = index_.find(id); it != index_.end()) return it->second;
  const std::string known = names_.empty()
                                ? "none; define " + plural_of(noun_) + " under `" + group_ + ":`"
                                : join_names(names_);
  fail(f, "unknown " + noun_ + " " + in_quotes(id) + did_you_mean(id, names_) +
              " (allowed: " + known + ")");
}

}  // namespace contested::yaml
