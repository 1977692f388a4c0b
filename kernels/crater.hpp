// A runway's unrepaired craters in the trial state. A crater is open while it has repair
// hours left; finished ones are dropped by compact().
#pragma once

#include <cstdint>

#include "kernels/columns.hpp"
#include "kernels/macros.hpp"
#include "kernels/scenario.hpp"
#include "kernels/trial_state.hpp"

namespace contested {

class RunwayCraters {
 public:
  CONTESTED_FUNCTION RunwayCraters(Column st, const StateLayout& l, const ScenarioView& s,
                                   uint32_t runway)
      : st_(st),
        count_word_(l.crater_count + runway),
        first_word_(l.craters + s.runways[runway].crater_begin * kCraterWords),
        capacity_(s.runways[runway].crater_capacity) {}

  CONTESTED_FUNCTION uint32_t count() const { return st_[count_word_]; }
  CONTESTED_FUNCTION double x(uint32_t i) const { return st_.real(word(i, kCraterX)); }
  CONTESTED_FUNCTION double y(uint32_t i) const { return st_.real(word(i, kCraterY)); }
  CONTESTED_FUNCTION double r(uint32_t i) const { return st_.real(word(i, kCraterRadius)); }
  CONTESTED_FUNCTION double hours(uint32_t i) const { return st_.real(word(i, kCraterHours)); }
  CONTESTED_FUNCTION bool active(uint32_t i) const { return hours(i) > 0.0; }
  CONTESTED_FUNCTION void set_hours(uint32_t i, double h) const {
    st_.set_real(word(i, kCraterHours), static_cast<float>(h));
  }

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
    st_[count_word_] = i + 1;
  }

  // Drops repaired craters, keeping the others in order.
  CONTESTED_FUNCTION void compact() const {
    uint32_t kept = 0;
    const uint32_t n = count();
    for (uint32_t i = 0; i < n; ++i) {
      if (!active(i)) continue;
      if (kept != i) {
        for (uint32_t w = 0; w < kCraterWords; ++w)
          st_[word(kept, w)] = st_[word(i, w)];
      }
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
};

}  // namespace contested
