// The benchmark's one table: rows of text cells under fixed columns, printed as Markdown
// so that it pastes into BENCHMARKS.md as is, and the number formats its cells use.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace contested::bench {

struct Row {
  std::string part;
  std::string what;
  std::string backend;
  std::string trials;
  std::string time;
  std::string trials_per_s;
  std::string day_steps_per_s;
  std::string missiles_per_s;
  std::string memory;
  std::string note;
};

class Table {
 public:
  // Keeps the row and echoes it on stderr, to show progress while the table is measured.
  void add(Row row);
  // Prints the header and every row with the columns padded to a common width.
  void print() const;

 private:
  std::vector<Row> rows_;
};

std::string count_text(uint64_t n);      // 1234567 -> "1,234,567"
std::string rate_text(double per_s);     // 1234567 -> "1.23 M"
std::string seconds_text(double s);      // 0.0123 -> "12.3 ms", 12.3 -> "12.3 s"
std::string bytes_text(uint64_t bytes);  // 3145728 -> "3.0 MiB"
std::string fixed_text(double v, int decimals);

}  // namespace contested::bench
