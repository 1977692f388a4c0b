// Crater repair and the strip timeline (kernels/crater_repair.hpp, kernels/strip_timeline.hpp)
// on a hand-built trial state: the repair order, crews working in parallel, work carried
// over, and the hours a strip is closed with raid hours, assessment delays, submunition
// clearing, cure times and repair kits, each against a hand-computed timeline.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernels/columns.hpp"
#include "kernels/crater.hpp"
#include "kernels/crater_repair.hpp"
#include "kernels/scenario.hpp"
#include "kernels/strip.hpp"
#include "kernels/strip_timeline.hpp"
#include "kernels/trial_state.hpp"
#include "scenario/scenario.hpp"

namespace contested {
namespace {

constexpr StripClass kFighter{1525, 15};

// One base, one runway, one strip class (and optionally one stocked item, the repair kit)
// with the per-trial state around them, built by hand as kernels/campaign.hpp would.
class RepairBench {
 public:
  RepairBench(double length, double width, StripClass strip, Repair repair, uint32_t kits = 0)
      : runway_{length, width, 64, 0}, strip_(strip), stock_initial_{kits} {
    base_ = Node{};
    base_.runway_begin = 0;
    base_.runway_count = 1;
    base_.repair = repair;
    base_.strips_applicable = strips_held(&runway_, 1, {strip_});
    view_ = ScenarioView{};
    view_.days = 10;
    view_.nodes = &base_;
    view_.node_count = 1;
    view_.runways = &runway_;
    view_.runway_count = 1;
    view_.strips = &strip_;
    view_.strip_count = 1;
    view_.item_count = 1;
    view_.stock_initial = stock_initial_.data();
    layout_ = make_state_layout(view_);
    state_.assign(layout_.words, 0);
    st()[layout_.stock] = kits;
    StripTimeline(view_, layout_, st(), 0).start_campaign();
  }

  Column st() { return Column{state_.data(), 1}; }
  RunwayCraters craters() { return RunwayCraters(st(), layout_, view_, 0, kAfterCures); }
  BaseRepair repair() { return BaseRepair(view_, layout_, st(), 0, day_); }
  StripTimeline strips() { return StripTimeline(view_, layout_, st(), 0); }
  uint32_t kits() { return st()[layout_.stock]; }
  void add_kits(uint32_t n) { st()[layout_.stock] += n; }

  void start_day() {
    ++day_;
    repair().start_day();
  }
  // A raid at `hour` that leaves craters (x, y, r) with `hours` of work each and
  // `submunitions` to clear; repairs are played up to the hour first.
  void raid(float hour, const std::vector<std::vector<double>>& new_craters, double hours,
            uint32_t submunitions = 0) {
    repair().advance(hour);
    for (const auto& c : new_craters)
      craters().add(c[0], c[1], c[2], hours);
    repair().attacked(hour, submunitions, !new_craters.empty());
  }
  // The rest of the day; returns the share of it the strip was usable.
  double end_day() {
    repair().end_day();
    return strips().open_share(0);
  }
  // A day with the craters already there (made at hour 0 without a delay).
  double day() {
    start_day();
    raid(0, {}, 0);
    repair().attacked(0, 0, true);
    return end_day();
  }
  uint32_t clock_hours() { return strips().clock_hours_closed(0); }

 private:
  Runway runway_;
  StripClass strip_;
  std::vector<uint32_t> stock_initial_;
  Node base_;
  ScenarioView view_;
  StateLayout layout_;
  std::vector<uint32_t> state_;
  uint32_t day_ = 0;
};

Repair crews(uint32_t teams, double hours_per_day = 24) {
  return Repair{teams, 1.0, 0.0, hours_per_day, 0.0, 0.0, 0.0, kNoItem, 0};
}

// ---- repair order ----------------------------------------------------------------------

// A 3200 x 15 m runway for a 1525 x 15 m strip: every crater on it blocks whatever
// placement covers it. `blocking` craters cut it in the middle (x = 1600); five craters at
// each end (x <= 700 and x >= 2500) lie outside the lane [805, 2395] the cheapest placement
// uses, so every placement that avoids the cut touches five of them.
void add_cut(RepairBench& bench, int blocking, double hours) {
  for (int k = 0; k < blocking; ++k)
    bench.craters().add(1600 + 10 * (k - 0.5 * (blocking - 1)), 0, 4, hours);
}
void add_far(RepairBench& bench, double hours) {
  for (int k = 0; k < 5; ++k)
    bench.craters().add(100 + 150 * k, 0, 5, hours);
  for (int k = 0; k < 5; ++k)
    bench.craters().add(2500 + 150 * k, 0, 5, hours);
}

class RepairOrderBlocking : public ::testing::TestWithParam<int> {};

TEST_P(RepairOrderBlocking, BlockersOfTheCheapestStripAreRepairedFirst) {
  const int blocking = GetParam();
  for (const bool far_first : {false, true}) {
    RepairBench bench(3200, 15, kFighter, crews(1));
    if (far_first) add_far(bench, 1.0);
    add_cut(bench, blocking, 1.0);
    if (!far_first) add_far(bench, 1.0);
    ASSERT_EQ(bench.craters().count(), 10u + blocking);
    // The planner's cheapest placement touches exactly the cut.
    StripPlacement best;
    EXPECT_EQ(fewest_repairs_placement(3200, 15, kFighter.length_m, kFighter.width_m,
                                       bench.craters(), &best),
              static_cast<uint32_t>(blocking));
    // One crew, an hour a crater: open after the blocking ones, not the 10 others.
    EXPECT_FLOAT_EQ(bench.day(), static_cast<float>((24.0 - blocking) / 24.0))
        << blocking << " blocking craters, far ones stored " << (far_first ? "first" : "last");
    EXPECT_EQ(bench.clock_hours(), static_cast<uint32_t>(blocking));
    EXPECT_EQ(bench.craters().count(), 0u);  // 10 + blocking hours of work fit the day
  }
}

INSTANTIATE_TEST_SUITE_P(Cut, RepairOrderBlocking, ::testing::Values(1, 2, 3));

TEST(RepairOrder, CrewsWorkTheBlockersInParallel) {
  RepairBench bench(3200, 15, kFighter, crews(2));
  add_far(bench, 1.0);
  add_cut(bench, 3, 1.0);
  EXPECT_FLOAT_EQ(bench.day(), static_cast<float>(22.0 / 24.0));  // two at 1 h, the third at 2 h
}

TEST(RepairOrder, OpenStripKeepsTheWholeDay) {
  RepairBench bench(3200, 15, kFighter, crews(1));
  add_far(bench, 1.0);
  EXPECT_EQ(bench.day(), 1.0);
  EXPECT_EQ(bench.clock_hours(), 0u);
  EXPECT_EQ(bench.craters().count(), 0u);
}

TEST(RepairOrder, UnfinishedWorkCarriesOverToTheNextDay) {
  // One crew, 2 working hours a day, three blocking craters of 1.5 h (and the far ones).
  RepairBench bench(3200, 15, kFighter, crews(1, 2));
  add_far(bench, 1.5);
  add_cut(bench, 3, 1.5);
  const auto hours_left = [&bench] {
    double total = 0;
    RunwayCraters c = bench.craters();
    for (uint32_t i = 0; i < c.count(); ++i)
      total += c.hours(i);
    return total;
  };
  const double all = 13 * 1.5;
  // Day 1: the first blocker 0-1.5 h, the second 1.5-2 h (1 h left).
  EXPECT_EQ(bench.day(), 0.0);
  EXPECT_EQ(bench.clock_hours(), 24u);
  EXPECT_EQ(bench.craters().count(), 12u);
  EXPECT_NEAR(hours_left(), all - 2.0, 1e-5);
  // Day 2: the second blocker 0-1 h, the third 1-2 h (0.5 h left).
  EXPECT_EQ(bench.day(), 0.0);
  EXPECT_EQ(bench.craters().count(), 11u);
  EXPECT_NEAR(hours_left(), all - 4.0, 1e-5);
  // Day 3: the third blocker is done at 0.5 h, then a far crater 0.5-2 h.
  EXPECT_FLOAT_EQ(bench.day(), static_cast<float>(23.5 / 24.0));
  EXPECT_EQ(bench.clock_hours(), 1u);  // closed during hour 0 only
  EXPECT_EQ(bench.craters().count(), 9u);
  EXPECT_NEAR(hours_left(), all - 6.0, 1e-5);
  // Day 4: open all day.
  EXPECT_EQ(bench.day(), 1.0);
}

TEST(RepairOrder, NoCrewsNoRepairs) {
  RepairBench bench(3200, 15, kFighter, crews(0));
  add_cut(bench, 2, 1.0);
  add_far(bench, 1.0);
  EXPECT_EQ(bench.day(), 0.0);
  EXPECT_EQ(bench.craters().count(), 12u);
}

// ---- the strip timeline -------------------------------------------------------------

// One crater across the whole 45 m width in the middle of a 3000 m runway closes a
// 1525 m strip (both pieces are 1475 m long).
const std::vector<std::vector<double>> kCut = {{1500, 0, 25}};

TEST(StripTimeline, DelayRepairAndCureSetTheHoursClosed) {
  // Raid at hour 2, crews start 1.5 h later, 3 h of work, 2 h of cure: closed 2 to 8.5.
  Repair rp = crews(1);
  rp.delay_h = 1.5;
  rp.cure_h = 2;
  RepairBench bench(3000, 45, kFighter, rp);
  bench.start_day();
  bench.raid(2, kCut, 3);
  EXPECT_FALSE(bench.strips().open(0));
  EXPECT_DOUBLE_EQ(bench.end_day(), static_cast<float>((24.0 - 6.5) / 24.0));
  EXPECT_EQ(bench.clock_hours(), 7u);  // clock hours 2, 3, ..., 8
  EXPECT_EQ(bench.craters().count(), 0u);
}

TEST(StripTimeline, SubmunitionsToClearDelayTheCrews) {
  // 40 submunitions at 0.05 h each add 2 h to the 1 h delay: work 4-7, no cure.
  Repair rp = crews(1);
  rp.delay_h = 1;
  rp.clear_h_per_submunition = 0.05;
  RepairBench bench(3000, 45, kFighter, rp);
  bench.start_day();
  bench.raid(1, kCut, 3, 40);
  EXPECT_DOUBLE_EQ(bench.end_day(), static_cast<float>((24.0 - 6.0) / 24.0));
  EXPECT_EQ(bench.clock_hours(), 6u);  // 1 to 7
}

TEST(StripTimeline, ASecondRaidStopsTheCrewsAndClosesTheStripAgain) {
  // Raid 1 at 0: repaired 0-3, cured at 4 (open at 4). Raid 2 at 10: delay 1, repair
  // 11-14, cure to 15. Closed 0-4 and 10-15: 9 hours.
  Repair rp = crews(1);
  rp.delay_h = 1;
  rp.cure_h = 1;
  RepairBench bench(3000, 45, kFighter, rp);
  bench.start_day();
  bench.raid(0, kCut, 2);
  bench.raid(10, kCut, 3);
  EXPECT_DOUBLE_EQ(bench.end_day(), static_cast<float>((24.0 - 9.0) / 24.0));
  EXPECT_EQ(bench.clock_hours(), 9u);
}

TEST(StripTimeline, ARaidDuringRepairsPostponesThem) {
  // Raid 1 at 0 (4 h of work, crews wait to hour 3), raid 2 at 2 on the closed strip: the
  // crews now wait to 2 + 3 = 5, repair one crater 5-9 and the other 9-13. One crew;
  // either crater alone closes the strip.
  Repair rp = crews(1);
  rp.delay_h = 3;
  RepairBench bench(3000, 45, kFighter, rp);
  bench.start_day();
  bench.raid(0, kCut, 4);
  bench.repair().advance(2);
  EXPECT_FLOAT_EQ(static_cast<float>(bench.craters().hours(0)), 4.0f);  // delay 0-3: no work yet
  bench.raid(2, {{1500, 0, 25}}, 4);
  EXPECT_DOUBLE_EQ(bench.end_day(), static_cast<float>((24.0 - 13.0) / 24.0));  // closed 0-13
  EXPECT_EQ(bench.clock_hours(), 13u);
}

TEST(StripTimeline, ACureRunningPastMidnightClosesTheNextMorning) {
  // Raid at 20: repair 20-23, cure 5 h to 28 = hour 4 of the next day.
  Repair rp = crews(1);
  rp.cure_h = 5;
  RepairBench bench(3000, 45, kFighter, rp);
  bench.start_day();
  bench.raid(20, kCut, 3);
  EXPECT_DOUBLE_EQ(bench.end_day(), static_cast<float>(20.0 / 24.0));
  EXPECT_EQ(bench.clock_hours(), 4u);
  EXPECT_EQ(bench.craters().count(), 1u);  // still curing
  bench.start_day();
  EXPECT_FALSE(bench.strips().open(0));
  EXPECT_DOUBLE_EQ(bench.end_day(), static_cast<float>(20.0 / 24.0));
  EXPECT_EQ(bench.clock_hours(), 4u);
  EXPECT_EQ(bench.craters().count(), 0u);
}

TEST(StripTimeline, CrewsRestOutsideTheirWorkingHours) {
  // Working hours 0-10; raid at 8 with 4 h of work: 2 h today, 2 h tomorrow from hour 0.
  RepairBench bench(3000, 45, kFighter, crews(1, 10));
  bench.start_day();
  bench.raid(8, kCut, 4);
  EXPECT_DOUBLE_EQ(bench.end_day(), static_cast<float>(8.0 / 24.0));
  EXPECT_EQ(bench.clock_hours(), 16u);
  bench.start_day();
  EXPECT_DOUBLE_EQ(bench.end_day(), static_cast<float>(22.0 / 24.0));
  EXPECT_EQ(bench.clock_hours(), 2u);
}

TEST(StripTimeline, KitsRunOutAndRepairsWaitForMore) {
  // Three cuts 750 m apart: two must be repaired to leave 1525 m clear. One kit: one
  // crater is repaired, the strip stays closed all day and the next.
  Repair rp = crews(2);
  rp.kit = 0;
  rp.kits_per_crater = 1;
  RepairBench bench(3000, 45, kFighter, rp, 1);
  bench.start_day();
  bench.raid(0, {{750, 0, 25}, {1500, 0, 25}, {2250, 0, 25}}, 2);
  EXPECT_EQ(bench.end_day(), 0.0);
  EXPECT_EQ(bench.kits(), 0u);
  EXPECT_EQ(bench.craters().count(), 2u);
  bench.start_day();
  EXPECT_EQ(bench.end_day(), 0.0);
  EXPECT_EQ(bench.craters().count(), 2u);
  // Two kits arrive (kits_per_crater 1): both craters are repaired 0-2 in parallel.
  bench.add_kits(2);
  bench.start_day();
  EXPECT_DOUBLE_EQ(bench.end_day(), static_cast<float>(22.0 / 24.0));
  EXPECT_EQ(bench.kits(), 0u);
  EXPECT_EQ(bench.craters().count(), 0u);
}

TEST(StripTimeline, AStartedCraterKeepsItsKit) {
  // Two kits a crater; 3 kits: the first crater takes 2, the second cannot start.
  Repair rp = crews(1, 2);
  rp.kit = 0;
  rp.kits_per_crater = 2;
  RepairBench bench(3000, 45, kFighter, rp, 3);
  bench.start_day();
  bench.raid(0, {{750, 0, 25}, {1500, 0, 25}}, 3);  // 3 h each, 2 working hours a day
  bench.end_day();
  EXPECT_EQ(bench.kits(), 1u);
  // Day 2: the started crater finishes (1 h) without another kit; the other waits.
  bench.start_day();
  bench.end_day();
  EXPECT_EQ(bench.kits(), 1u);
  EXPECT_EQ(bench.craters().count(), 1u);
}

}  // namespace
}  // namespace contested
