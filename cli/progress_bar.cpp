#include "cli/progress_bar.hpp"

#include <unistd.h>

#include <cstdio>

namespace contested {

ProgressBar::ProgressBar()
    : start_(Clock::now()), last_(start_), terminal_(isatty(STDERR_FILENO) != 0) {}

void ProgressBar::update(uint64_t done, uint64_t total) {
  const Clock::time_point now = Clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  if (elapsed < 1.0 && done < total) return;
  if (!shown_ && done >= total) return;  // finished within a second: no bar at all
  const int percent =
      static_cast<int>(100.0 * static_cast<double>(done) / static_cast<double>(total));
  const double rate = static_cast<double>(done) / (elapsed > 0 ? elapsed : 1e-9);
  const double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0.0;
  if (terminal_) {
    if (std::chrono::duration<double>(now - last_).count() < 0.1 && done < total) return;
    constexpr int kWidth = 30;
    char bar[kWidth + 1];
    for (int i = 0; i < kWidth; ++i)
      bar[i] = i < percent * kWidth / 100 ? '#' : '.';
    bar[kWidth] = '\0';
    std::fprintf(stderr, "\r[%s] %3d%%  %llu/%llu trials  %.0f trials/s  ETA %.0f s ", bar, percent,
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                 rate, eta);
  } else {
    if (percent / 10 == last_percent_ / 10) return;  // a line per 10 % in logs
    std::fprintf(stderr, "progress: %d%% (%llu/%llu trials, %.0f trials/s)\n", percent,
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                 rate);
  }
  std::fflush(stderr);
  last_percent_ = percent;
  last_ = now;
  shown_ = true;
}

void ProgressBar::finish() {
  if (shown_ && terminal_) std::fprintf(stderr, "\n");
}

}  // namespace contested
