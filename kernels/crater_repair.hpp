// Runway crater repair (MODEL.md 6): crews work the day's hours in parallel, first on the
// craters that block the strip needing the fewest repairs, smallest strip class first,
// then on the rest in the order they were made; unfinished work carries over. The hour a
// strip class reopens sets the share of the day the base can fly it.
#pragma once

#include <cstdint>

#include "kernels/airfield.hpp"
#include "kernels/columns.hpp"
#include "kernels/crater.hpp"
#include "kernels/macros.hpp"
#include "kernels/scenario.hpp"
#include "kernels/strip.hpp"
#include "kernels/trial_state.hpp"

namespace contested {

inline constexpr double kHoursPerDay = 24.0;

// A crater of a base, packed as (runway within the base, crater index).
CONTESTED_FUNCTION uint32_t crater_id(uint32_t local_runway, uint32_t index) {
  return (local_runway << 16) | index;
}

class BaseRepair {
 public:
  CONTESTED_FUNCTION BaseRepair(const ScenarioView& s, const StateLayout& l, Column st,
                                uint32_t base)
      : s_(s), l_(l), st_(st), b_(base), base_(s.nodes[base]) {}

  // Repairs one day's worth and writes the open share of every strip class. Crews do not
  // work during an outage of the base.
  CONTESTED_FUNCTION void run_day(bool crews_out) const {
    uint32_t closed = 0;  // strip classes (bits) not usable now
    for (uint32_t c = 0; c < s_.strip_count; ++c) {
      const bool open = base_has_strip(s_, l_, st_, base_, c);
      set_share(c, open ? 1.0 : 0.0);
      closed |= open ? 0u : 1u << c;
    }
    const uint32_t queued = plan_order(closed);
    if (queued == 0 || base_.repair.teams == 0 || crews_out) return;
    schedule(queued);
    reopen(queued, closed);
    for (uint32_t r = 0; r < base_.runway_count; ++r)
      craters(r).compact();
  }

 private:
  CONTESTED_FUNCTION RunwayCraters craters(uint32_t local) const {
    return RunwayCraters(st_, l_, s_, base_.runway_begin + local);
  }
  CONTESTED_FUNCTION void set_share(uint32_t c, double v) const {
    st_.set_real(l_.open_share + b_ * s_.strip_count + c, static_cast<float>(v));
  }
  CONTESTED_FUNCTION uint32_t order(uint32_t k) const { return st_[l_.repair_order + k]; }

  CONTESTED_FUNCTION bool queued_already(uint32_t id, uint32_t queued) const {
    for (uint32_t k = 0; k < queued; ++k) {
      if (order(k) == id) return true;
    }
    return false;
  }

  // Fills repair_order; returns the number of open craters at the base.
  CONTESTED_FUNCTION uint32_t plan_order(uint32_t closed) const {
    uint32_t queued = 0;
    // Closed strip classes, smallest first: the blockers of the placement needing the
    // fewest repairs on any runway.
    for (uint32_t left = closed; left != 0;) {
      uint32_t c = kMaxStripClasses;
      for (uint32_t k = 0; k < s_.strip_count; ++k) {
        if (!((left >> k) & 1u)) continue;
        const double area = s_.strips[k].length_m * s_.strips[k].width_m;
        if (c == kMaxStripClasses || area < s_.strips[c].length_m * s_.strips[c].width_m) c = k;
      }
      left &= ~(1u << c);
      queued = queue_blockers(c, queued);
    }
    for (uint32_t r = 0; r < base_.runway_count; ++r) {
      const RunwayCraters rc = craters(r);
      for (uint32_t i = 0; i < rc.count(); ++i) {
        if (!queued_already(crater_id(r, i), queued))
          st_[l_.repair_order + queued++] = crater_id(r, i);
      }
    }
    return queued;
  }

  CONTESTED_FUNCTION uint32_t queue_blockers(uint32_t c, uint32_t queued) const {
    const StripClass& cls = s_.strips[c];
    uint32_t best_runway = base_.runway_count;
    uint32_t best_count = 0xffffffffu;
    StripPlacement best{0.0, 0.0};
    for (uint32_t r = 0; r < base_.runway_count; ++r) {
      const Runway& rw = s_.runways[base_.runway_begin + r];
      if (cls.length_m > rw.length_m || cls.width_m > rw.width_m) continue;
      StripPlacement p{0.0, 0.0};
      const uint32_t n = fewest_repairs_placement(rw.length_m, rw.width_m, cls.length_m,
                                                  cls.width_m, craters(r), &p);
      if (n < best_count) {
        best_count = n;
        best_runway = r;
        best = p;
      }
    }
    if (best_runway == base_.runway_count) return queued;
    const RunwayCraters rc = craters(best_runway);
    for (uint32_t i = 0; i < rc.count(); ++i) {
      if (strip_touches(rc, i, best.a, best.b, cls.length_m, cls.width_m) &&
          !queued_already(crater_id(best_runway, i), queued)) {
        st_[l_.repair_order + queued++] = crater_id(best_runway, i);
      }
    }
    return queued;
  }

  // List scheduling: each crater in order goes to the crew free first. Craters finished
  // today get their finishing hour in repair_done (and keep their hours until reopen()
  // plays the finishes in time order); partly done ones lose the hours worked.
  CONTESTED_FUNCTION void schedule(uint32_t queued) const {
    const double day_hours = base_.repair.hours_per_day;
    for (uint32_t t = 0; t < base_.repair.teams; ++t)
      st_.set_real(l_.team_free + t, 0.0f);
    for (uint32_t k = 0; k < queued; ++k) {
      st_.set_real(l_.repair_done + k, -1.0f);
      uint32_t team = 0;
      for (uint32_t t = 1; t < base_.repair.teams; ++t) {
        if (st_.real(l_.team_free + t) < st_.real(l_.team_free + team)) team = t;
      }
      const double start = st_.real(l_.team_free + team);
      if (start >= day_hours) continue;
      const uint32_t id = order(k);
      const RunwayCraters rc = craters(id >> 16);
      const uint32_t i = id & 0xffffu;
      const double end = start + rc.hours(i);
      if (end <= day_hours) {
        st_.set_real(l_.repair_done + k, static_cast<float>(end));
        st_.set_real(l_.team_free + team, static_cast<float>(end));
      } else {
        rc.set_hours(i, end - day_hours);
        st_.set_real(l_.team_free + team, static_cast<float>(day_hours));
      }
    }
  }

  // Plays the day's finishes in time order; the first finish after which a closed strip
  // class fits sets its share of the day.
  CONTESTED_FUNCTION void reopen(uint32_t queued, uint32_t closed) const {
    for (;;) {
      uint32_t next = queued;
      for (uint32_t k = 0; k < queued; ++k) {
        const double t = st_.real(l_.repair_done + k);
        if (t >= 0.0 && (next == queued || t < st_.real(l_.repair_done + next))) next = k;
      }
      if (next == queued) return;
      const double hour = st_.real(l_.repair_done + next);
      st_.set_real(l_.repair_done + next, -1.0f);
      const uint32_t id = order(next);
      craters(id >> 16).set_hours(id & 0xffffu, 0.0);
      for (uint32_t c = 0; c < s_.strip_count; ++c) {
        if (!((closed >> c) & 1u) || !base_has_strip(s_, l_, st_, base_, c)) continue;
        set_share(c, (kHoursPerDay - hour) / kHoursPerDay);
        closed &= ~(1u << c);
      }
    }
  }

  const ScenarioView& s_;
  const StateLayout& l_;
  Column st_;
  uint32_t b_;
  const Node& base_;
};

}  // namespace contested
