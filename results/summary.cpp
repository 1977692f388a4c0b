// Plain ASCII on purpose: the summary lands in terminals, Slurm logs and e-mails.
#include "results/summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <string>
#include <vector>

#include "results/measure.hpp"

namespace contested {

namespace {

constexpr char kHoursClosedPrefix[] = "hours_strip_closed_";
constexpr char kUsablePrefix[] = "strip_usable_";
constexpr char kMissilesPrefix[] = "missiles_remaining_";
constexpr char kExhaustedPrefix[] = "day_munition_exhausted_";
constexpr char kSupplyExhaustedPrefix[] = "day_supply_exhausted_";
constexpr char kDemandExhaustedPrefix[] = "day_exhausted_";
constexpr char kCampaignPrefix[] = "day_campaign_";

constexpr size_t kMaxColumns = 100;  // terminals, logs and e-mails

// A count: every measure is a whole number per trial, so its quantiles are shown whole
// (those of wide bins are interpolated and rounded here).
std::string count(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.0f", std::round(value));
  return text;
}

// A mean: one decimal below 100, whole above (412 [380-441] reads better than 412.3).
std::string mean_of(double value) {
  char text[64];
  std::snprintf(text, sizeof text, std::abs(value) < 100 ? "%.1f" : "%.0f", value);
  return text;
}

// A share to one decimal; a share strictly between 0 and 1 never reads as 0.0% or 100.0%,
// which would say "none" or "all" of something that happened in some trials.
std::string percent(uint64_t part, uint64_t whole) {
  const double share = 100.0 * static_cast<double>(part) / whole;
  if (part > 0 && share < 0.05) return "<0.1%";
  if (part < whole && share >= 99.95) return ">99.9%";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", share);
  return text;
}

// "41.2 [39-43]": the mean, then the 5th and 95th percentiles; "-" when absent.
std::string spread(const Distribution* d, uint32_t row) {
  if (d == nullptr || row >= d->rows || d->trials(row) == 0) return "-";
  return mean_of(d->mean(row)) + " [" + count(d->quantile(row, 0.05)) + "-" +
         count(d->quantile(row, 0.95)) + "]";
}

// A row label from what the measure is ("ships in scheduled maintenance", "fuel in stock
// (sortie loads)"): its unit is added unless the words already say it.
std::string label_of(const Distribution& d, bool outcome) {
  const Measure m = describe_measure(d.name, outcome, !d.node.empty());
  // The unit as a word of the name ("ships available"), not inside one ("t" in "fuel ...").
  const auto said = [&] {
    for (size_t at = m.long_name.find(m.unit); at != std::string::npos;
         at = m.long_name.find(m.unit, at + 1)) {
      const size_t end = at + m.unit.size();
      if ((at == 0 || m.long_name[at - 1] == ' ') &&
          (end == m.long_name.size() || m.long_name[end] == ' '))
        return true;
    }
    return false;
  };
  if (m.unit == "units" || said()) return m.long_name;
  return m.long_name + " (" + m.unit + ")";
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

  // A table wider than kMaxColumns is printed in parts, each repeating the label column.
  void print(std::ostream& out) const {
    std::vector<size_t> widths;
    for (const auto& row : rows_) {
      widths.resize(std::max(widths.size(), row.size()), 0);
      for (size_t c = 0; c < row.size(); ++c)
        widths[c] = std::max(widths[c], row[c].size());
    }
    for (size_t first = 1; first < widths.size() || first == 1;) {
      std::vector<size_t> columns = {0};
      size_t total = kIndent + widths[0];
      while (first < widths.size() &&
             (columns.size() == 1 || total + kGap + widths[first] <= kMaxColumns)) {
        total += kGap + widths[first];
        columns.push_back(first++);
      }
      if (columns.size() > 1 && columns[1] > 1) out << '\n';  // a continued table
      for (size_t r = 0; r < rows_.size(); ++r) {
        print_row(out, rows_[r], widths, columns);
        if (r == 0) out << std::string(kIndent, ' ') << std::string(total - kIndent, '-') << '\n';
      }
      if (columns.size() == 1) break;
    }
  }

 private:
  static constexpr size_t kIndent = 2;
  static constexpr size_t kGap = 3;

  void print_row(std::ostream& out, const std::vector<std::string>& row,
                 const std::vector<size_t>& widths, const std::vector<size_t>& columns) const {
    std::string line(kIndent, ' ');
    for (size_t c : columns) {
      const std::string cell = c < row.size() ? row[c] : "";
      const std::string pad(widths[c] - cell.size(), ' ');
      if (c > 0) line += std::string(kGap, ' ');
      line += c > 0 && right_align_ ? pad + cell : cell + pad;
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << '\n';
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

// A run with uncertain inputs: what was drawn, and how the draws came out.
void print_uncertain(std::ostream& out, const UncertainRecord& u) {
  if (u.paths.empty()) return;
  const size_t k = u.paths.size();
  const size_t samples = u.values.size() / k;
  out << "Uncertain inputs: " << k << ", a draw every " << u.trials_per_sample << " trial"
      << (u.trials_per_sample == 1 ? "" : "s") << " (" << samples
      << " draws; docs/sensitivity.md)\n";
  size_t width = 0;
  for (const std::string& path : u.paths)
    width = std::max(width, path.size());
  for (size_t i = 0; i < k; ++i) {
    double lo = u.values[i];
    double hi = u.values[i];
    double sum = 0;
    for (size_t s = 0; s < samples; ++s) {
      const double v = u.values[s * k + i];
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      sum += v;
    }
    char drawn[96];
    std::snprintf(drawn, sizeof drawn, "point %.4g, drawn mean %.4g [%.4g-%.4g]", u.point[i],
                  sum / static_cast<double>(samples), lo, hi);
    out << "  " << u.paths[i] << std::string(width + 2 - u.paths[i].size(), ' ') << drawn << "  "
        << u.distributions[i] << "\n";
  }
  out << "\n";
}

// A base (or, with base "", the theatre) with aircraft on day 0: sorties, losses and the
// ledger apply to it.
bool has_aircraft(const Results& r, const std::string& base) {
  const Distribution* alive = r.find_metric("aircraft_alive", base);
  return alive != nullptr && !alive->sum.empty() && alive->sum[0] > 0;
}

void print_sorties(std::ostream& out, const Results& r, const std::vector<std::string>& bases) {
  if (!has_aircraft(r, "")) return;
  const std::vector<uint32_t> days = report_days(r.provenance.days);
  Table table(by_day_header("sorties per day", days));
  const auto add_row = [&](const std::string& label, const Distribution* sorties) {
    if (sorties != nullptr) table.add(by_day_row(label, *sorties, days));
  };
  for (const std::string& base : bases) {
    if (has_aircraft(r, base)) add_row(base, r.find_metric("sorties", base));
  }
  add_row("theatre total", r.find_metric("sorties"));
  print_table(out, table);
}

// Hours each strip class was closed over the campaign, per base (n/a where the undamaged
// base cannot hold the strip), and aircraft lost on the ground.
void print_base_losses(std::ostream& out, const Results& r, const std::vector<std::string>& bases,
                       const std::vector<std::string>& strips) {
  std::vector<std::string> header = {"per base, campaign"};
  for (const std::string& strip : strips)
    header.push_back(strip + " closed, h");
  header.push_back("aircraft lost");
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
    row.push_back(has_aircraft(r, base) ? spread(lost, 0) : "n/a");
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
  std::vector<std::string> header = {"group (mean of bases)"};
  for (const std::string& strip : strips)
    header.push_back(strip + " closed, h");
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
  if (!has_aircraft(r, "")) return;
  const std::vector<uint32_t> days = report_days(r.provenance.days);
  Table table(by_day_header("sorties, theatre", days));
  const std::pair<const char*, const char*> lines[] = {
      {"capacity", "sortie_capacity"},          {"flown", "sorties"},
      {"lost, no strip", "sorties_lost_strip"}, {"lost, destroyed", "sorties_lost_destroyed"},
      {"lost, not MC", "sorties_lost_not_mc"},  {"lost, tanker", "sorties_lost_tanker"},
      {"lost, fuel", "sorties_lost_fuel"},      {"lost, munitions", "sorties_lost_munitions"}};
  for (const auto& [label, name] : lines) {
    if (const Distribution* d = r.find_metric(name)) table.add(by_day_row(label, *d, days));
  }
  if (table.rows() < 3) return;  // a file without the ledger
  print_table(out, table);
}

// Theatre-wide metrics by day under one header, those of `names` the file holds (none: no
// table).
void print_by_day(std::ostream& out, const Results& r, const std::string& header,
                  std::initializer_list<const char*> names) {
  const std::vector<uint32_t> days = report_days(r.provenance.days);
  Table table(by_day_header(header, days));
  for (const char* name : names) {
    if (const Distribution* d = r.find_metric(name))
      table.add(by_day_row(label_of(*d, false), *d, days));
  }
  print_table(out, table);
}

// A first-day outcome, 0 when it never came (exhaustion days): the share of trials where it
// never came, and the median day among those where it did.
std::string exhaustion(const Distribution& d) {
  Distribution days = d;
  days.zero_is_never = true;  // also for files written before outcomes carried the flag
  const uint64_t trials = days.trials(0);
  if (trials == 0 || days.rows != 1 || days.bin_width != 1 || days.bin_lo != 0) {
    return spread(&d, 0);  // "never" cannot be told apart from early days: plain summary
  }
  const uint64_t never = days.never(0);
  if (never == trials) return "never, in all trials";
  const std::string when = "median day " + count(days.quantile(0, 0.5));
  if (never == 0) return "in all trials; " + when;
  return "never in " + percent(never, trials) + " of trials; else " + when;
}

void print_theatre(std::ostream& out, const Results& r) {
  Table table({"theatre", "mean [5%-95%]"}, Table::Cells::prose);
  const auto final_day = [&](const std::string& label, const Distribution* d) {
    if (d == nullptr || d->rows == 0) return;
    const uint32_t last = d->rows - 1;
    table.add({label + " (day " + std::to_string(last) + ")", spread(d, last)});
  };
  if (const Distribution* d = r.find_metric("interceptors_remaining"))
    final_day(label_of(*d, false), d);
  for (const Distribution& d : r.metrics) {
    if (d.node.empty() && d.name.starts_with(kMissilesPrefix)) final_day(label_of(d, false), &d);
  }
  if (const Distribution* lost = r.find_outcome("aircraft_lost_ground")) {
    table.add({label_of(*lost, true), has_aircraft(r, "") ? spread(lost, 0) : "n/a"});
  }
  if (const Distribution* damaged = r.find_outcome("aircraft_damaged_ground"))
    table.add({label_of(*damaged, true), spread(damaged, 0)});
  if (const Distribution* day = r.find_outcome("day_interceptors_exhausted")) {
    table.add({label_of(*day, true), exhaustion(*day)});
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
    // Demand and what went unmet; what was met is their difference.
    const bool flow = d.name.starts_with("production_") || d.name == "shipments_lost" ||
                      (d.name.starts_with("demand_") && !d.name.starts_with("demand_met_"));
    const bool fleet = d.name.starts_with("ships_");
    if (!d.node.empty() || !(stock || flow || fleet)) continue;
    by_day.add(by_day_row(label_of(d, false), d, days));
  }
  print_table(out, by_day);
  Table campaign({"sustainment, whole campaign", "mean [5%-95%]"}, Table::Cells::prose);
  for (const char* name : {"shipments_lost_total", "ship_days_lost_to_repair"}) {
    if (const Distribution* d = r.find_outcome(name))
      campaign.add({label_of(*d, true), spread(d, 0)});
  }
  for (const Distribution& d : r.outcomes) {
    for (const char* prefix :
         {kCampaignPrefix, kExhaustedPrefix, kSupplyExhaustedPrefix, kDemandExhaustedPrefix}) {
      if (d.node.empty() && d.name.starts_with(prefix))
        campaign.add({label_of(d, true), exhaustion(d)});
    }
  }
  print_table(out, campaign);
}

void print_footnote(std::ostream& out) {
  out << "How to read this: a cell is the mean over trials, then [5%-95%], the range of the\n"
         "middle 90% of trials (whole numbers: every measure counts). Day d is the state at\n"
         "the end of day d. Hours closed count the clock hours in which no minimum operating\n"
         "strip of the class was usable for some time. n/a: does not apply (the undamaged\n"
         "base cannot hold that strip, or no aircraft are based there). Capacity: every\n"
         "aircraft based on day 0 mission capable, flying its sortie rate; the sorties lost\n"
         "are the gap to it, split by cause in the order listed (docs/runway-denial.md).\n"
         "First days: the share of trials where the day never came, and the median day over\n"
         "the others.\n";
}

}  // namespace

void print_summary(std::ostream& out, const Results& r) {
  const std::vector<std::string> bases = r.nodes();
  print_header(out, r.provenance);
  print_uncertain(out, r.uncertain);
  const std::vector<std::string> strips = strip_classes(r);
  print_sorties(out, r, bases);
  print_sortie_ledger(out, r);
  // Tankers' sorties and the offload they gave and could not give (docs/operations.md).
  print_by_day(out, r, "air refuelling", {"tanker_sorties", "offload_delivered", "offload_short"});
  // Aircraft out of action with battle damage, and back (docs/aircraft-depots.md).
  print_by_day(out, r, "battle-damaged aircraft",
               {"aircraft_damaged", "aircraft_in_depot", "aircraft_returned"});
  print_base_losses(out, r, bases, strips);
  print_groups(out, r, strips);
  print_theatre(out, r);
  print_sustainment(out, r);
  print_footnote(out);
}

}  // namespace contested
