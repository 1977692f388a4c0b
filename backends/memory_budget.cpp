#include "backends/memory_budget.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>

#include "kernels/tally.hpp"

namespace contested {

namespace {

// The number in a one-number file such as /sys/fs/cgroup/memory.max; "max" or no file: none.
uint64_t read_number(const std::string& path) {
  std::ifstream in(path);
  uint64_t value = 0;
  return in >> value ? value : std::numeric_limits<uint64_t>::max();
}

}  // namespace

MemoryNeed memory_need(uint64_t bins, uint64_t rows, uint64_t state_words) {
  // Three copies of the exact accumulators live at once: the backend's, the run's sum (and
  // the MPI reduction's), and the Results built from it, which add per row the mean,
  // standard deviation and quantiles (9 doubles) and, in a sweep, paired sums (2 words).
  const uint64_t accumulators =
      bins * sizeof(uint64_t) + rows * (2 * sizeof(uint64_t) + sizeof(TallyRow));
  MemoryNeed need;
  need.fixed_bytes = 3 * accumulators + rows * 11 * sizeof(double);
  need.per_trial_bytes = rows * sizeof(uint32_t);
  need.per_thread_bytes = state_words * sizeof(uint32_t);
  return need;
}

uint64_t host_memory_available() {
  uint64_t available = std::numeric_limits<uint64_t>::max();
  std::ifstream meminfo("/proc/meminfo");
  for (std::string key; meminfo >> key;) {
    uint64_t kib = 0;
    if (key == "MemAvailable:" && meminfo >> kib) {
      available = kib * 1024;
      break;
    }
    meminfo.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  if (available == std::numeric_limits<uint64_t>::max()) {
    available = static_cast<uint64_t>(::sysconf(_SC_AVPHYS_PAGES)) *
                static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  }
  const uint64_t cgroup_max = read_number("/sys/fs/cgroup/memory.max");
  const uint64_t cgroup_used = read_number("/sys/fs/cgroup/memory.current");
  if (cgroup_max != std::numeric_limits<uint64_t>::max() &&
      cgroup_used != std::numeric_limits<uint64_t>::max()) {
    available = std::min(available, cgroup_max > cgroup_used ? cgroup_max - cgroup_used : 0);
  }
  return available;
}

std::string format_bytes(uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(units)) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
  return text;
}

uint64_t chunk_memory(const MemoryNeed& need, uint32_t sharers, int threads, uint64_t limit) {
  const bool given = limit > 0;
  const uint64_t allowed = given ? limit : host_memory_available();
  const uint64_t runs = std::max<uint32_t>(sharers, 1);
  const uint64_t smallest =
      runs * (need.fixed_bytes + need.per_trial_bytes +
              need.per_thread_bytes * static_cast<uint64_t>(std::max(threads, 1)));
  if (smallest > allowed) {
    throw std::length_error(
        "this run needs at least " + format_bytes(smallest) + " of memory (" +
        (runs > 1 ? std::to_string(runs) + " runs side by side, each with " : std::string()) +
        format_bytes(need.fixed_bytes) +
        " of exact histograms and results, which grow with the days, nodes and metrics), but " +
        format_bytes(allowed) +
        (given ? " is the --memory-limit" : " is available on this machine") +
        "; run fewer days or postures at once, or on a machine with more memory");
  }
  return allowed - smallest;
}

}  // namespace contested
