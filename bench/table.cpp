#include "bench/table.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace contested::bench {
namespace {

constexpr size_t kColumns = 10;

std::array<const std::string*, kColumns> cells(const Row& r) {
  return {&r.part,   &r.what,         &r.backend,         &r.trials,
          &r.time,   &r.trials_per_s, &r.day_steps_per_s, &r.missiles_per_s,
          &r.memory, &r.note};
}

// Characters as displayed: UTF-8 continuation bytes take no column.
size_t display_width(const std::string& text) {
  return static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string formatted(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

}  // namespace

void Table::add(Row row) {
  std::fprintf(stderr, "%s | %s | %s | %s | %s | %s\n", row.part.c_str(), row.what.c_str(),
               row.backend.c_str(), row.trials.c_str(), row.time.c_str(), row.note.c_str());
  rows_.push_back(std::move(row));
}

void Table::print() const {
  const Row header{"part",     "case",        "backend",    "trials", "time",
                   "trials/s", "day-steps/s", "missiles/s", "memory", "note"};
  // Numbers are right-aligned, text left-aligned.
  const std::array<bool, kColumns> right = {false, false, false, true, true,
                                            true,  true,  true,  true, false};
  std::array<size_t, kColumns> width{};
  for (size_t c = 0; c < kColumns; ++c)
    width[c] = std::max<size_t>(3, display_width(*cells(header)[c]));
  for (const Row& r : rows_) {
    for (size_t c = 0; c < kColumns; ++c)
      width[c] = std::max(width[c], display_width(*cells(r)[c]));
  }
  const auto line = [&](const Row& r) {
    std::string out = "|";
    for (size_t c = 0; c < kColumns; ++c) {
      const std::string& text = *cells(r)[c];
      const std::string pad(width[c] - display_width(text), ' ');
      out += ' ';
      out += right[c] ? pad + text : text + pad;
      out += " |";
    }
    std::printf("%s\n", out.c_str());
  };
  line(header);
  std::string rule = "|";
  for (size_t c = 0; c < kColumns; ++c) {
    rule += ' ';
    rule += std::string(right[c] ? width[c] - 1 : width[c], '-');
    rule += right[c] ? ": |" : " |";
  }
  std::printf("%s\n", rule.c_str());
  for (const Row& r : rows_)
    line(r);
  std::fflush(stdout);
}

std::string count_text(uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string rate_text(double per_s) {
  if (per_s >= 1e9) return formatted("%.2f G", per_s / 1e9);
  if (per_s >= 1e6) return formatted("%.2f M", per_s / 1e6);
  if (per_s >= 1e4) return formatted("%.1f k", per_s / 1e3);
  return formatted("%.0f", per_s);
}

std::string seconds_text(double s) {
  if (s < 0.01) return formatted("%.2f ms", s * 1e3);
  if (s < 1.0) return formatted("%.0f ms", s * 1e3);
  if (s < 100.0) return formatted("%.2f s", s);
  return formatted("%.0f s", s);
}

std::string bytes_text(uint64_t bytes) {
  const double b = static_cast<double>(bytes);
  if (b >= 1024.0 * 1024.0 * 1024.0) return formatted("%.2f GiB", b / (1024.0 * 1024.0 * 1024.0));
  if (b >= 1024.0 * 1024.0) return formatted("%.1f MiB", b / (1024.0 * 1024.0));
  return formatted("%.0f KiB", b / 1024.0);
}

std::string fixed_text(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace contested::bench
