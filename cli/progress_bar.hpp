// A progress bar on stderr for runs that take longer than a second.
#pragma once

#include <chrono>
#include <cstdint>

namespace contested {

class ProgressBar {
 public:
  ProgressBar();
  void update(uint64_t done, uint64_t total);
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  Clock::time_point start_;
  Clock::time_point last_;
  bool shown_ = false;
  bool terminal_;
  int last_percent_ = -1;
};

}  // namespace contested
