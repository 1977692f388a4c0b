// When each strip class of a base is closed during the day (docs/runway-denial.md). A
// class closes at the hour a raid leaves no strip of it clear, and reopens at the hour
// a repair (and its cure) leaves one clear again. The closed time sets the share of the
// day aircraft of the class can fly; the clock hours touched by a closure are what
// `strip_hours_closed` counts. Classes an undamaged base cannot hold stay closed and are
// reported as not applicable.
#pragma once

#include <cmath>
#include <cstdint>

#include "kernels/airfield.hpp"
#include "kernels/columns.hpp"
#include "kernels/macros.hpp"
#include "kernels/scenario.hpp"
#include "kernels/trial_state.hpp"

namespace contested {

inline constexpr float kHoursPerDay = 24.0f;

// Clock hours [floor(from), ceil(to)) of the day, as bits 0-23.
CONTESTED_FUNCTION uint32_t clock_hours(float from, float to) {
  if (!(to > from)) return 0;
  const float first = std::floor(from);
  const float last = std::ceil(to);
  uint32_t bits = 0;
  for (uint32_t h = 0; h < 24; ++h) {
    const float hf = static_cast<float>(h);
    if (hf >= first && hf < last) bits |= 1u << h;
  }
  return bits;
}

CONTESTED_FUNCTION uint32_t count_bits(uint32_t v) {
  uint32_t n = 0;
  for (; v != 0; v &= v - 1)
    ++n;
  return n;
}

class StripTimeline {
 public:
  CONTESTED_FUNCTION StripTimeline(const ScenarioView& s, const StateLayout& l, Column st,
                                   uint32_t base)
      : s_(s), l_(l), st_(st), b_(base), base_(s.nodes[base]) {}

  CONTESTED_FUNCTION bool applicable(uint32_t c) const { return strip_applicable(base_, c); }
  CONTESTED_FUNCTION bool open(uint32_t c) const { return st_.real(since(c)) < 0.0f; }

  // Day 0: applicable classes open, the others closed for good.
  CONTESTED_FUNCTION void start_campaign() const {
    for (uint32_t c = 0; c < s_.strip_count; ++c)
      st_.set_real(since(c), applicable(c) ? -1.0f : 0.0f);
    start_day();
  }

  // A class closed at the end of yesterday is closed from hour 0.
  CONTESTED_FUNCTION void start_day() const {
    for (uint32_t c = 0; c < s_.strip_count; ++c) {
      if (!open(c)) st_.set_real(since(c), 0.0f);
      st_.set_real(l_.strip_closed_hours + word(c), 0.0f);
      st_[l_.strip_closed_clock + word(c)] = 0;
    }
  }

  // Closures still running at midnight end the day closed.
  CONTESTED_FUNCTION void end_day() const {
    for (uint32_t c = 0; c < s_.strip_count; ++c) {
      if (!open(c)) add_closure(c, st_.real(since(c)), kHoursPerDay);
    }
  }

  // After a raid at `hour` made craters: open classes with no clear strip close.
  CONTESTED_FUNCTION void check_closures(float hour) const {
    for (uint32_t c = 0; c < s_.strip_count; ++c) {
      if (!open(c) || base_has_strip(s_, l_, st_, base_, c, hour)) continue;
      st_.set_real(since(c), hour);
    }
  }

  // After a crater became usable at `hour`: closed classes with a clear strip reopen.
  CONTESTED_FUNCTION void check_reopenings(float hour) const {
    for (uint32_t c = 0; c < s_.strip_count; ++c) {
      if (open(c) || !applicable(c) || !base_has_strip(s_, l_, st_, base_, c, hour)) continue;
      add_closure(c, st_.real(since(c)), hour);
      st_.set_real(since(c), -1.0f);
    }
  }

  // Closed classes (bits), for the repair planner.
  CONTESTED_FUNCTION uint32_t closed() const {
    uint32_t bits = 0;
    for (uint32_t c = 0; c < s_.strip_count; ++c)
      bits |= open(c) ? 0u : 1u << c;
    return bits;
  }

  CONTESTED_FUNCTION float closed_hours(uint32_t c) const {
    return st_.real(l_.strip_closed_hours + word(c));
  }
  CONTESTED_FUNCTION uint32_t clock_hours_closed(uint32_t c) const {
    return count_bits(st_[l_.strip_closed_clock + word(c)]);
  }
  // The share of today a strip of the class was usable.
  CONTESTED_FUNCTION double open_share(uint32_t c) const {
    const double day = kHoursPerDay;
    return static_cast<float>((day - closed_hours(c)) / day);
  }

 private:
  CONTESTED_FUNCTION uint32_t word(uint32_t c) const { return b_ * s_.strip_count + c; }
  CONTESTED_FUNCTION uint32_t since(uint32_t c) const { return l_.strip_closed_since + word(c); }

  CONTESTED_FUNCTION void add_closure(uint32_t c, float from, float to) const {
    st_.set_real(l_.strip_closed_hours + word(c), closed_hours(c) + (to - from));
    st_[l_.strip_closed_clock + word(c)] |= clock_hours(from, to);
  }

  const ScenarioView& s_;
  const StateLayout& l_;
  Column st_;
  uint32_t b_;
  const Node& base_;
};

}  // namespace contested
