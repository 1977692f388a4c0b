// Runway crater repair over the hours of a day (docs/runway-denial.md). After each attack
// crews wait `delay_h` (damage assessment, explosive ordnance reconnaissance) plus the time
// to clear the submunitions that landed; they work from hour 0 to `hours_per_day`. Each
// crater they start takes repair kits from the base's stock, if the base uses kits. They
// repair first the craters that block the strip needing the fewest repairs, smallest strip
// class first, then the rest in the order they were made; unfinished work carries over.
// A repaired crater still blocks aircraft until its cure ends. The strip timeline records
// the hour each class reopens.
#pragma once

#include <cstdint>

#include "kernels/columns.hpp"
#include "kernels/crater.hpp"
#include "kernels/macros.hpp"
#include "kernels/scenario.hpp"
#include "kernels/stocks.hpp"
#include "kernels/strip.hpp"
#include "kernels/strip_timeline.hpp"
#include "kernels/trial_state.hpp"

namespace contested {

// A crater of a base, packed as (runway within the base, crater index).
CONTESTED_FUNCTION uint32_t crater_id(uint32_t local_runway, uint32_t index) {
  return (local_runway << 16) | index;
}

class BaseRepair {
 public:
  CONTESTED_FUNCTION BaseRepair(const ScenarioView& s, const StateLayout& l, Column st,
                                uint32_t base, uint32_t day)
      : s_(s),
        l_(l),
        st_(st),
        b_(base),
        base_(s.nodes[base]),
        strips_(s, l, st, base),
        crews_out_(node_out(l, st, base, day)) {}

  CONTESTED_FUNCTION void start_day() const {
    strips_.start_day();
    st_.set_real(l_.repaired_to + b_, 0.0f);
  }

  // Plays repairs, and the reopenings they bring, up to `hour` of today.
  CONTESTED_FUNCTION void advance(float hour) const {
    const float from = st_.real(l_.repaired_to + b_);
    if (!(hour > from)) return;
    st_.set_real(l_.repaired_to + b_, hour);
    if (!has_craters()) return;
    const float work_from = st_.real(l_.work_from + b_);
    const float start = work_from > from ? work_from : from;
    const float day_end = static_cast<float>(base_.repair.hours_per_day);
    const float end = hour < day_end ? hour : day_end;
    if (base_.repair.teams == 0 || crews_out_ || !(start < end)) {
      play(0, from, hour);
      return;
    }
    play(0, from, start);  // cures ending before crews may start
    const uint32_t queued = plan_order();
    schedule(queued, start, end);
    play(queued, start, hour);
  }

  // An attack reached the base at `hour`: crews stop until the delay and the clearing of
  // `submunitions` are over; if it made craters, classes left without a strip close.
  CONTESTED_FUNCTION void attacked(float hour, uint32_t submunitions, bool cratered) const {
    const Repair& rp = base_.repair;
    const float resume =
        static_cast<float>(hour + rp.delay_h + rp.clear_h_per_submunition * submunitions);
    if (resume > st_.real(l_.work_from + b_)) st_.set_real(l_.work_from + b_, resume);
    if (cratered) strips_.check_closures(hour);
  }

  // The rest of the day; then closures running at midnight, and the clock moved to tomorrow.
  CONTESTED_FUNCTION void end_day() const {
    advance(kHoursPerDay);
    strips_.end_day();
    for (uint32_t r = 0; r < base_.runway_count; ++r)
      craters(r, kHoursPerDay).end_day(kHoursPerDay);
    const float left = st_.real(l_.work_from + b_) - kHoursPerDay;
    st_.set_real(l_.work_from + b_, left > 0.0f ? left : 0.0f);
  }

 private:
  CONTESTED_FUNCTION RunwayCraters craters(uint32_t local, float hour) const {
    return RunwayCraters(st_, l_, s_, base_.runway_begin + local, hour);
  }
  CONTESTED_FUNCTION uint32_t order(uint32_t k) const { return st_[l_.repair_order + k]; }
  CONTESTED_FUNCTION float done(uint32_t k) const { return st_.real(l_.repair_done + k); }

  CONTESTED_FUNCTION bool has_craters() const {
    for (uint32_t r = 0; r < base_.runway_count; ++r) {
      if (st_[l_.crater_count + base_.runway_begin + r] > 0) return true;
    }
    return false;
  }

  CONTESTED_FUNCTION bool queued_already(uint32_t id, uint32_t queued) const {
    for (uint32_t k = 0; k < queued; ++k) {
      if (order(k) == id) return true;
    }
    return false;
  }

  // Fills repair_order with the craters that need work; returns how many.
  CONTESTED_FUNCTION uint32_t plan_order() const {
    uint32_t queued = 0;
    // Closed strip classes, smallest first: the blockers of the placement needing the
    // fewest repairs on any runway.
    for (uint32_t left = strips_.closed(); left != 0;) {
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
      const RunwayCraters rc = craters(r, kAfterCures);
      for (uint32_t i = 0; i < rc.count(); ++i) {
        if (rc.needs_work(i) && !queued_already(crater_id(r, i), queued))
          st_[l_.repair_order + queued++] = crater_id(r, i);
      }
    }
    return queued;
  }

  // Curing craters clear by themselves, so the planner counts only those needing work.
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
                                                  cls.width_m, craters(r, kAfterCures), &p);
      if (n < best_count) {
        best_count = n;
        best_runway = r;
        best = p;
      }
    }
    if (best_runway == base_.runway_count) return queued;
    const RunwayCraters rc = craters(best_runway, kAfterCures);
    for (uint32_t i = 0; i < rc.count(); ++i) {
      if (rc.needs_work(i) && strip_touches(rc, i, best.a, best.b, cls.length_m, cls.width_m) &&
          !queued_already(crater_id(best_runway, i), queued)) {
        st_[l_.repair_order + queued++] = crater_id(best_runway, i);
      }
    }
    return queued;
  }

  // List scheduling from `start` to `end`: each crater in order goes to the crew free
  // first. A crater not yet started needs its kits, or is passed over. Craters finished
  // by `end` get their finishing hour in repair_done (and keep their hours until play()
  // reaches it); partly done ones lose the hours worked.
  CONTESTED_FUNCTION void schedule(uint32_t queued, float start, float end) const {
    const Repair& rp = base_.repair;
    for (uint32_t t = 0; t < rp.teams; ++t)
      st_.set_real(l_.team_free + t, start);
    for (uint32_t k = 0; k < queued; ++k) {
      st_.set_real(l_.repair_done + k, -1.0f);
      uint32_t team = 0;
      for (uint32_t t = 1; t < rp.teams; ++t) {
        if (st_.real(l_.team_free + t) < st_.real(l_.team_free + team)) team = t;
      }
      const double free = st_.real(l_.team_free + team);
      if (free >= end) continue;
      const uint32_t id = order(k);
      const RunwayCraters rc = craters(id >> 16, kAfterCures);
      const uint32_t i = id & 0xffffu;
      if (!rc.started(i)) {
        if (rp.kit != kNoItem) {
          uint32_t& kits = stock(s_, l_, st_, b_, rp.kit);
          if (kits < rp.kits_per_crater) continue;
          kits -= rp.kits_per_crater;
        }
        rc.set_started(i);
      }
      const double finish = free + rc.hours(i);
      if (finish <= end) {
        st_.set_real(l_.repair_done + k, static_cast<float>(finish));
        st_.set_real(l_.team_free + team, static_cast<float>(finish));
      } else {
        rc.set_hours(i, finish - end);
        st_.set_real(l_.team_free + team, end);
      }
    }
  }

  // Plays, in time order, the repairs finished and the cures ended in (from, to]; after
  // each, closed classes with a clear strip reopen.
  CONTESTED_FUNCTION void play(uint32_t queued, float from, float to) const {
    const bool cures = base_.repair.cure_h > 0.0;
    if (queued == 0 && !cures) return;
    float now = from;
    for (;;) {
      float next = kAfterCures;
      for (uint32_t k = 0; k < queued; ++k) {
        if (done(k) >= 0.0f && done(k) < next) next = done(k);
      }
      for (uint32_t r = 0; r < base_.runway_count && cures; ++r) {
        const RunwayCraters rc = craters(r, now);
        for (uint32_t i = 0; i < rc.count(); ++i) {
          if (rc.curing(i) && rc.cure(i) <= to && rc.cure(i) < next) next = rc.cure(i);
        }
      }
      if (next == kAfterCures) return;
      for (uint32_t k = 0; k < queued; ++k) {
        if (!(done(k) >= 0.0f && done(k) <= next)) continue;
        const uint32_t id = order(k);
        const RunwayCraters rc = craters(id >> 16, next);
        rc.set_hours(id & 0xffffu, 0.0);
        rc.set_cure(id & 0xffffu, static_cast<float>(next + base_.repair.cure_h));
        st_.set_real(l_.repair_done + k, -1.0f);
      }
      now = next;
      strips_.check_reopenings(now);
    }
  }

  const ScenarioView& s_;
  const StateLayout& l_;
  Column st_;
  uint32_t b_;
  const Node& base_;
  StripTimeline strips_;
  bool crews_out_;
};

}  // namespace contested
