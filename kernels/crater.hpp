// A runway's craters in the trial state. A crater blocks aircraft while it has repair
// hours left and, once repaired, until its cure ends; cured ones are dropped by compact().
// The view is taken at an hour of the day: active() says whether a crater blocks then.
#pragma once

#include <cstdint>

#include "kernels/columns.hpp"
#include "kernels/macros.hpp"
#include "kernels/scenario.hpp"
#include "kernels/trial_state.hpp"

namespace contested {

// An hour after every cure: a view at it sees only the craters that still need work.
inline constexpr float kAfterCures = 3.0e38f;

class RunwayCraters {
 public:
  CONTESTED_FUNCTION RunwayCraters(Column st, const StateLayout& l, const ScenarioView& s,
                                   uint32_t runway, float hour)
      : st_(st),
        count_word_(l.crater_count + runway),
        first_word_(l.craters + s.runways[runway].crater_begin * kCraterWords),
        capacity_(s.runways[runway].crater_capacity),
        hour_(hour) {}

  CONTESTED_FUNCTION uint32_t count() const { return st_[count_word_]; }
  CONTESTED_FUNCTION double x(uint32_t i) const { return st_.real(word(i, kCraterX)); }
  CONTESTED_FUNCTION double y(uint32_t i) const { return st_.real(word(i, kCraterY)); }
  CONTESTED_FUNCTION double r(uint32_t i) const { return st_.real(word(i, kCraterRadius)); }
  CONTESTED_FUNCTION double hours(uint32_t i) const { return st_.real(word(i, kCraterHours)); }
  CONTESTED_FUNCTION float cure(uint32_t i) const { return st_.real(word(i, kCraterCure)); }
  CONTESTED_FUNCTION bool needs_work(uint32_t i) const { return hours(i) > 0.0; }
  CONTESTED_FUNCTION bool curing(uint32_t i) const { return !needs_work(i) && cure(i) > hour_; }
  CONTESTED_FUNCTION bool active(uint32_t i) const { return needs_work(i) || cure(i) > hour_; }
  CONTESTED_FUNCTION bool started(uint32_t i) const { return st_[word(i, kCraterStarted)] != 0; }
  CONTESTED_FUNCTION void set_hours(uint32_t i, double h) const {
    st_.set_real(word(i, kCraterHours), static_cast<float>(h));
  }
  CONTESTED_FUNCTION void set_cure(uint32_t i, float hour) const {
    st_.set_real(word(i, kCraterCure), hour);
  }
  CONTESTED_FUNCTION void set_started(uint32_t i) const { st_[word(i, kCraterStarted)] = 1; }

  // Capacity comes from the raid plan's bound, so add() never finds the runway full.
  CONTESTED_FUNCTION void add(double x, double y, double r, double hours) const {
    const uint32_t i = count();
    if (i >= capacity_) return;
    st_.set_real(word(i, kCraterX), static_cast<float>(x));
    st_.set_real(word(i, kCraterY), static_cast<float>(y));
    st_.set_real(word(i, kCraterRadius), static_cast<float>(r));
    // A repair can never take less than a representable positive time.
    const float h = static_cast<float>(hours);
    st_.set_real(word(i, kCraterHours), h > 1e-6f ? h : 1e-6f);
    st_.set_real(word(i, kCraterCure), 0.0f);
    st_[word(i, kCraterStarted)] = 0;
    st_[count_word_] = i + 1;
  }

  // At the end of a day (the view taken at hour 24): drops the craters no longer active,
  // keeping the others in order, and moves cure ends to tomorrow's clock.
  CONTESTED_FUNCTION void end_day(float day_hours) const {
    uint32_t kept = 0;
    const uint32_t n = count();
    for (uint32_t i = 0; i < n; ++i) {
      if (!active(i)) continue;
      if (kept != i) {
        for (uint32_t w = 0; w < kCraterWords; ++w)
          st_[word(kept, w)] = st_[word(i, w)];
      }
      if (!needs_work(kept)) set_cure(kept, cure(kept) - day_hours);
      ++kept;
    }
    st_[count_word_] = kept;
  }

 private:
  CONTESTED_FUNCTION uint32_t word(uint32_t i, uint32_t w) const {
    return first_word_ + i * kCraterWords + w;
  }

  Column st_;
  uint32_t count_word_;
  uint32_t first_word_;
  uint32_t capacity_;
  float hour_;
};

}  // namespace contested
