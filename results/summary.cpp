// Plain ASCII on purpose: the summary lands in terminals, Slurm logs and e-mails.
#include "results/summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace contested {

namespace {

constexpr char kHoursClosedPrefix[] = "hours_strip_closed_";
constexpr char kUsablePrefix[] = "strip_usable_";
constexpr char kMissilesPrefix[] = "missiles_remaining_";
constexpr char kExhaustedPrefix[] = "day_munition_exhausted_";
constexpr char kSupplyExhaustedPrefix[] = "day_supply_exhausted_";

// One decimal, or none for whole numbers (quantiles of unit-width bins are whole).
std::string number(double value) {
  char text[64];
  const bool whole = std::abs(value - std::round(value)) < 1e-9;
  std::snprintf(text, sizeof text, whole ? "%.0f" : "%.1f", value);
  return text;
}

std::string percent(uint64_t part, uint64_t whole) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", 100.0 * static_cast<double>(part) / whole);
  return text;
}

// "412.3 [380-441]": the mean, then the 5th and 95th percentiles; "-" when absent.
std::string spread(const Distribution* d, uint32_t row) {
  if (d == nullptr || row >= d->rows || d->trials(row) == 0) return "-";
  char mean[64];
  std::snprintf(mean, sizeof mean, "%.1f", d->mean(row));
  return std::string(mean) + " [" + number(d->quantile(row, 0.05)) + "-" +
         number(d->quantile(row, 0.95)) + "]";
}

// Columns padded to their widest cell, with a rule under the header. The first column
// (labels) is left-aligned; the others are right-aligned numbers unless the table holds
// prose, which reads better left-aligned.
class Table {
 public:
  enum class Cells { numbers, prose };

  explicit Table(std::vector<std::string> header, Cells cells = Cells::numbers)
      : right_align_(cells == Cells::numbers) {
    rows_.push_back(std::move(header));
  }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  bool empty() const { return rows_.size() == 1; }
  size_t rows() const { return rows_.size() - 1; }

  void print(std::ostream& out) const {
    std::vector<size_t> widths;
    for (const auto& row : rows_) {
      widths.resize(std::max(widths.size(), row.size()), 0);
      for (size_t c = 0; c < row.size(); ++c)
        widths[c] = std::max(widths[c], row[c].size());
    }
    for (size_t r = 0; r < rows_.size(); ++r) {
      print_row(out, rows_[r], widths);
      if (r == 0) print_rule(out, widths);
    }
  }

 private:
  void print_row(std::ostream& out, const std::vector<std::string>& row,
                 const std::vector<size_t>& widths) const {
    std::string line = "  ";
    for (size_t c = 0; c < row.size(); ++c) {
      const std::string pad(widths[c] - row[c].size(), ' ');
      if (c > 0) line += "   ";
      line += c > 0 && right_align_ ? pad + row[c] : row[c] + pad;
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << '\n';
  }
  static void print_rule(std::ostream& out, const std::vector<size_t>& widths) {
    size_t total = 0;
    for (size_t c = 0; c < widths.size(); ++c)
      total += widths[c] + (c == 0 ? 0 : 3);
    out << "  " << std::string(total, '-') << '\n';
  }

  bool right_align_;
  std::vector<std::vector<std::string>> rows_;
};

// Days worth showing: the first, third and seventh, and the last of the campaign.
std::vector<uint32_t> report_days(uint32_t days) {
  std::vector<uint32_t> shown;
  for (uint32_t day : {1u, 3u, 7u, days}) {
    if (day >= 1 && day <= days && std::find(shown.begin(), shown.end(), day) == shown.end()) {
      shown.push_back(day);
    }
  }
  return shown;
}

// A table's header with a column per day shown, and a distribution's row on those days.
std::vector<std::string> by_day_header(const std::string& label,
                                       const std::vector<uint32_t>& days) {
  std::vector<std::string> header = {label};
  for (uint32_t day : days)
    header.push_back("day " + std::to_string(day));
  return header;
}
std::vector<std::string> by_day_row(const std::string& label, const Distribution& d,
                                    const std::vector<uint32_t>& days) {
  std::vector<std::string> row = {label};
  for (uint32_t day : days)
    row.push_back(spread(&d, day));  // day d is row d
  return row;
}

// A table with rows, then a blank line; nothing for a table without rows.
void print_table(std::ostream& out, const Table& table) {
  if (table.empty()) return;
  table.print(out);
  out << '\n';
}

// The base an `hours_strip_closed_<strip>_<node>` outcome belongs to: its own `node` when
// set, else the longest known node id its name ends with (ids may contain '_'); "" for a
// group's outcome.
std::string closed_hours_node(const Distribution& d, const std::vector<std::string>& nodes) {
  if (!d.node.empty()) return d.node;
  std::string node;
  for (const std::string& candidate : nodes) {
    if (candidate.size() > node.size() && d.name.ends_with("_" + candidate)) node = candidate;
  }
  return node;
}

// The strip classes: those of the theatre's `strip_usable_<strip>` metrics (one per class,
// even a class no base can hold), then any other named by bases'
// `hours_strip_closed_<strip>_<node>` outcomes, in order of appearance.
std::vector<std::string> strip_classes(const Results& r) {
  const std::vector<std::string> nodes = r.nodes();
  const size_t prefix = std::strlen(kHoursClosedPrefix);
  std::vector<std::string> strips;
  for (const Distribution& d : r.metrics) {
    if (d.node.empty() && d.name.starts_with(kUsablePrefix))
      strips.push_back(d.name.substr(std::strlen(kUsablePrefix)));
  }
  for (const Distribution& d : r.outcomes) {
    if (!d.name.starts_with(kHoursClosedPrefix)) continue;
    const std::string node = closed_hours_node(d, nodes);
    if (node.empty() || d.name.size() <= prefix + node.size() + 1) continue;
    const std::string strip = d.name.substr(prefix, d.name.size() - prefix - node.size() - 1);
    if (std::find(strips.begin(), strips.end(), strip) == strips.end()) strips.push_back(strip);
  }
  return strips;
}

void print_header(std::ostream& out, const Provenance& p) {
  out << "Scenario: " << (p.scenario_name.empty() ? "(unnamed)" : p.scenario_name)
      << "   posture: " << p.posture << '\n';
  out << "Trials: " << p.trials << "   days: " << p.days << "   seed: " << p.seed
      << "   backend: " << p.backend;
  if (!p.device.empty()) out << " (" << p.device << ")";
  out << "\n\n";
}

void print_sorties(std::ostream& out, const Results& r, const std::vector<std::string>& bases) {
  const std::vector<uint32_t> days = report_days(r.provenance.days);
  Table table(by_day_header("sorties per day", days));
  const auto add_row = [&](const std::string& label, const Distribution* sorties) {
    if (sorties != nullptr) table.add(by_day_row(label, *sorties, days));
  };
  for (const std::string& base : bases)
    add_row(base, r.find_metric("sorties", base));
  add_row("theatre total", r.find_metric("sorties"));
  print_table(out, table);
}

// Hours each strip class was closed over the campaign, per base (n/a where the undamaged
// base cannot hold the strip), and aircraft lost on the ground.
void print_base_losses(std::ostream& out, const Results& r, const std::vector<std::string>& bases,
                       const std::vector<std::string>& strips) {
  std::vector<std::string> header = {"per base, whole campaign"};
  for (const std::string& strip : strips)
    header.push_back("hours " + strip + " closed");
  header.push_back("aircraft lost on ground");
  Table table(header);
  for (const std::string& base : bases) {
    std::vector<const Distribution*> hours;
    for (const std::string& strip : strips)
      hours.push_back(r.find_outcome(kHoursClosedPrefix + strip + "_" + base));
    const Distribution* lost = r.find_outcome("aircraft_lost_ground_" + base);
    if (lost == nullptr && std::all_of(hours.begin(), hours.end(), [](auto* d) { return !d; })) {
      continue;  // not an air base
    }
    std::vector<std::string> row = {base};
    for (const Distribution* d : hours)
      row.push_back(d == nullptr ? "n/a" : spread(d, 0));
    row.push_back(spread(lost, 0));
    table.add(std::move(row));
  }
  print_table(out, table);
}

// Groups' hours closed: theatre-wide outcomes `hours_strip_closed_<strip>_<group>`.
void print_groups(std::ostream& out, const Results& r, const std::vector<std::string>& strips) {
  const std::vector<std::string> nodes = r.nodes();
  std::vector<std::string> groups;
  for (const Distribution& d : r.outcomes) {
    if (!d.name.starts_with(kHoursClosedPrefix) || !closed_hours_node(d, nodes).empty()) continue;
    const std::string rest = d.name.substr(std::strlen(kHoursClosedPrefix));
    std::string strip;  // the longest class the name starts with
    for (const std::string& candidate : strips) {
      if (candidate.size() > strip.size() && rest.starts_with(candidate + "_")) strip = candidate;
    }
    if (strip.empty()) continue;
    const std::string group = rest.substr(strip.size() + 1);
    if (std::find(groups.begin(), groups.end(), group) == groups.end()) groups.push_back(group);
  }
  std::vector<std::string> header = {"groups (mean of bases), whole campaign"};
  for (const std::string& strip : strips)
    header.push_back("hours " + strip + " closed");
  Table table(header);
  for (const std::string& group : groups) {
    std::vector<std::string> row = {group};
    for (const std::string& strip : strips) {
      const Distribution* hours = r.find_outcome(kHoursClosedPrefix + strip + "_" + group);
      row.push_back(hours == nullptr ? "n/a" : spread(hours, 0));
    }
    table.add(std::move(row));
  }
  print_table(out, table);
}

// Theatre sorties against day-0 capacity, and the gap by cause.
void print_sortie_ledger(std::ostream& out, const Results& r) {
  const std::vector<uint32_t> days = report_days(r.provenance.days);
  Table table(by_day_header("sorties, theatre", days));
  const std::pair<const char*, const char*> lines[] = {
      {"capacity", "sortie_capacity"},
      {"flown", "sorties"},
      {"lost, no strip", "sorties_lost_strip"},
      {"lost, destroyed", "sorties_lost_destroyed"},
      {"lost, not MC", "sorties_lost_not_mc"},
      {"lost, fuel", "sorties_lost_fuel"},
      {"lost, munitions", "sorties_lost_munitions"}};
  for (const auto& [label, name] : lines) {
    if (const Distribution* d = r.find_metric(name)) table.add(by_day_row(label, *d, days));
  }
  if (table.rows() < 3) return;  // a file without the ledger
  print_table(out, table);
}

// The median of the days after 0 in unit-width histogram `d`, whose value 0 is bin `zero`.
std::string median_exhaustion_day(const Distribution& d, size_t zero) {
  Distribution exhausted;  // only the bins after 0, so that quantile() ignores "never"
  exhausted.rows = 1;
  exhausted.bin_lo = 1;
  exhausted.histogram.assign(d.histogram.begin() + static_cast<std::ptrdiff_t>(zero) + 1,
                             d.histogram.end());
  exhausted.bins = static_cast<uint32_t>(exhausted.histogram.size());
  return number(exhausted.quantile(0, 0.5));
}

// `day_interceptors_exhausted` is 0 when stocks never ran out, so its mean mixes "never"
// with real days. Reported instead: the share that never ran out, and the median day
// among the trials that did.
std::string exhaustion(const Distribution& d) {
  const uint64_t trials = d.trials(0);
  const int64_t zero_bin = -d.bin_lo;
  if (trials == 0 || d.rows != 1 || d.bin_width != 1 || zero_bin < 0 || zero_bin >= d.bins) {
    return spread(&d, 0);  // "never" cannot be told apart from early days: plain summary
  }
  const auto zero = static_cast<size_t>(zero_bin);
  const uint64_t never = d.histogram[zero];
  if (never == trials) return "never, in all trials";
  const std::string when = "median day " + median_exhaustion_day(d, zero);
  if (never == 0) return "in all trials; " + when;
  return "never in " + percent(never, trials) + " of trials; in the other " +
         percent(trials - never, trials) + ", " + when;
}

void print_theatre(std::ostream& out, const Results& r) {
  Table table({"theatre", "mean [5%-95%]"}, Table::Cells::prose);
  const auto final_day = [&](const std::string& label, const Distribution* d) {
    if (d == nullptr || d->rows == 0) return;
    const uint32_t last = d->rows - 1;
    table.add({label + " (day " + std::to_string(last) + ")", spread(d, last)});
  };
  final_day("interceptors remaining", r.find_metric("interceptors_remaining"));
  for (const Distribution& d : r.metrics) {
    if (d.node.empty() && d.name.starts_with(kMissilesPrefix)) {
      final_day("missiles remaining, " + d.name.substr(std::size(kMissilesPrefix) - 1), &d);
    }
  }
  if (const Distribution* lost = r.find_outcome("aircraft_lost_ground")) {
    table.add({"aircraft lost on ground", spread(lost, 0)});
  }
  if (const Distribution* day = r.find_outcome("day_interceptors_exhausted")) {
    table.add({"interceptors exhausted", exhaustion(*day)});
  }
  print_table(out, table);
}

// Theatre-wide stocks, production, shipping and fleet by day, then campaign outcomes.
void print_sustainment(std::ostream& out, const Results& r) {
  const std::vector<uint32_t> days = report_days(r.provenance.days);
  Table by_day(by_day_header("sustainment, theatre", days));
  for (const Distribution& d : r.metrics) {
    const bool stock =
        d.name == "fuel" || d.name.starts_with("munitions_") || d.name.starts_with("supplies_");
    const bool flow = d.name.starts_with("production_") || d.name == "shipments_lost";
    const bool fleet = d.name.starts_with("ships_");
    if (!d.node.empty() || !(stock || flow || fleet)) continue;
    by_day.add(by_day_row(d.name, d, days));
  }
  print_table(out, by_day);
  Table campaign({"sustainment, whole campaign", "mean [5%-95%]"}, Table::Cells::prose);
  if (const Distribution* lost = r.find_outcome("shipments_lost")) {
    campaign.add({"shipments lost", spread(lost, 0)});
  }
  if (const Distribution* ship_days = r.find_outcome("ship_days_lost_to_repair")) {
    campaign.add({"ship-days lost to repair", spread(ship_days, 0)});
  }
  for (const Distribution& d : r.outcomes) {
    for (const char* prefix : {kExhaustedPrefix, kSupplyExhaustedPrefix}) {
      if (d.name.starts_with(prefix)) {
        campaign.add({d.name.substr(std::strlen(prefix)) + " exhausted", exhaustion(d)});
      }
    }
  }
  print_table(out, campaign);
}

void print_footnote(std::ostream& out) {
  out << "How to read this: a cell is the mean over trials, then [5%-95%], the range of the\n"
         "middle 90% of trials. Day d is the state at the end of day d. Hours closed count the\n"
         "clock hours in which no minimum operating strip of the class was usable for some\n"
         "time; n/a: the undamaged base cannot hold that strip. Capacity: every aircraft\n"
         "based on day 0 mission capable, flying its sortie rate; the sorties lost are the\n"
         "gap to it, split by cause in the order listed (docs/runway-denial.md).\n";
}

}  // namespace

void print_summary(std::ostream& out, const Results& r) {
  const std::vector<std::string> bases = r.nodes();
  print_header(out, r.provenance);
  const std::vector<std::string> strips = strip_classes(r);
  print_sorties(out, r, bases);
  print_sortie_ledger(out, r);
  print_base_losses(out, r, bases, strips);
  print_groups(out, r, strips);
  print_theatre(out, r);
  print_sustainment(out, r);
  print_footnote(out);
}

}  // namespace contested
