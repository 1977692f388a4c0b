// The minimum-operating-strip test (docs/model.md, Minimum operating strip; kernels/strip.hpp) on
// hand-made crater patterns and, as the main evidence for the exact geometric test, on randomized
// crater sets checked against an independent brute-force search. The repair order is tested in
// test_crater_repair.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <random>
#include <utility>
#include <vector>

#include "kernels/scenario.hpp"
#include "kernels/strip.hpp"

namespace contested {
namespace {

// ---- a crater container and exact checks ------------------------------------------------------

struct TestCraters {
  std::vector<double> xs;
  std::vector<double> ys;
  std::vector<double> rs;
  std::vector<bool> on;

  void add(double x, double y, double r, bool active = true) {
    xs.push_back(x);
    ys.push_back(y);
    rs.push_back(r);
    on.push_back(active);
  }
  uint32_t count() const { return static_cast<uint32_t>(xs.size()); }
  bool active(uint32_t i) const { return on[i]; }
  double x(uint32_t i) const { return xs[i]; }
  double y(uint32_t i) const { return ys[i]; }
  double r(uint32_t i) const { return rs[i]; }
};

struct Strip {
  double length;
  double width;
};
constexpr Strip kFighter{1525, 15};
constexpr Strip kTanker{2450, 45};

// Distance from a point to the rectangle [x0, x1] x [y0, y1].
double distance_to_box(double px, double py, double x0, double x1, double y0, double y1) {
  const double dx = std::max({x0 - px, 0.0, px - x1});
  const double dy = std::max({y0 - py, 0.0, py - y1});
  return std::hypot(dx, dy);
}

// Is the strip with corner (a, b) inside the runway and clear of every active crater,
// allowing `tol` metres of slack?
bool placement_clear(double L, double W, const Strip& s, const TestCraters& c, double a, double b,
                     double tol) {
  if (a < -tol || a > L - s.length + tol) return false;
  if (b < -0.5 * W - tol || b > 0.5 * W - s.width + tol) return false;
  for (uint32_t i = 0; i < c.count(); ++i) {
    if (!c.active(i)) continue;
    if (distance_to_box(c.x(i), c.y(i), a, a + s.length, b, b + s.width) < c.r(i) - tol) {
      return false;
    }
  }
  return true;
}

// strip_fits, and when it answers yes, a check that its placement really is free.
bool fits(double L, double W, const Strip& s, const TestCraters& c,
          StripPlacement* where_out = nullptr) {
  StripPlacement where{-1e9, -1e9};
  const bool ok = strip_fits(L, W, s.length, s.width, c, &where);
  if (ok) {
    EXPECT_TRUE(placement_clear(L, W, s, c, where.a, where.b, 1e-5))
        << "strip_fits returned a placement that is not free: a = " << where.a
        << ", b = " << where.b;
  }
  if (where_out) *where_out = where;
  return ok;
}

// ---- hand-made patterns
// -----------------------------------------------------------------------------

TEST(StripFits, OpenRunway) {
  const TestCraters none;
  StripPlacement where;
  EXPECT_TRUE(fits(3000, 45, kFighter, none, &where));
  EXPECT_TRUE(fits(3000, 45, kTanker, none));
  EXPECT_TRUE(fits(2450, 45, kTanker, none));  // exactly the runway's size
  StripPlacement best{-1, -1};
  EXPECT_EQ(fewest_repairs_placement(3000, 45, kFighter.length, kFighter.width, none, &best), 0u);
  EXPECT_TRUE(placement_clear(3000, 45, kFighter, none, best.a, best.b, 1e-9));
}

TEST(StripFits, StripLargerThanRunwayNeverFits) {
  const TestCraters none;
  EXPECT_FALSE(fits(1524.9, 45, kFighter, none));
  EXPECT_FALSE(fits(3000, 14.9, kFighter, none));
  EXPECT_FALSE(fits(2000, 91, kTanker, none));
  EXPECT_FALSE(fits(3000, 44, kTanker, none));
}

TEST(StripFits, ExactlyRunwaySizedStripIsBlockedByAnyCrater) {
  TestCraters c;
  c.add(2000, 20, 3);  // near a corner, but on the runway
  EXPECT_FALSE(fits(2450, 45, kTanker, c));
  c.on[0] = false;
  EXPECT_TRUE(fits(2450, 45, kTanker, c));
}

// Overlapping craters across the whole width at x = cut.
TestCraters full_width_cut(double W, double cut, double r = 6.0) {
  TestCraters c;
  for (double y = -0.5 * W; y <= 0.5 * W + 1e-9; y += r * 1.6)
    c.add(cut, y, r);
  c.add(cut, 0.5 * W, r);
  return c;
}

TEST(StripFits, FullWidthCutBlocksWhenNeitherPieceIsLongEnough) {
  // Pieces [0, 1494] and [1506, 3000] are both shorter than 1525 m.
  const TestCraters c = full_width_cut(45, 1500);
  EXPECT_FALSE(fits(3000, 45, kFighter, c));
  EXPECT_FALSE(fits(3000, 45, kTanker, c));
  StripPlacement best;
  EXPECT_GE(fewest_repairs_placement(3000, 45, kFighter.length, kFighter.width, c, &best), 1u);
}

TEST(StripFits, FullWidthCutLeavesALongEnoughPiece) {
  // Pieces [0, 1394] and [1406, 3000]: the second holds a fighter strip.
  const TestCraters c = full_width_cut(45, 1400);
  StripPlacement where;
  ASSERT_TRUE(fits(3000, 45, kFighter, c, &where));
  EXPECT_GE(where.a, 1406 - 1e-6);
  EXPECT_FALSE(fits(3000, 45, kTanker, c));
}

// A line of craters at x = 1500 across a 60 m runway leaving one lane [lo, lo + lane]
// clear between the disks.
TestCraters lane_cut(double lo, double lane) {
  const double r = 6;
  const double hi = lo + lane;
  TestCraters c;
  for (double top = lo; top - r > -30 - r; top -= 1.5 * r)
    c.add(1500, top - r, r);
  for (double bottom = hi; bottom + r < 30 + r; bottom += 1.5 * r)
    c.add(1500, bottom + r, r);
  return c;
}

TEST(StripFits, LaneJustWiderThanTheStripIsOpen) {
  const TestCraters c = lane_cut(-5, 15.01);
  StripPlacement where;
  ASSERT_TRUE(fits(3000, 60, kFighter, c, &where));
  EXPECT_GE(where.b, -5 - 1e-6);
  EXPECT_LE(where.b + kFighter.width, -5 + 15.01 + 1e-6);
  EXPECT_LT(where.a, 1500);  // the strip crosses the cut through the lane
  EXPECT_GT(where.a + kFighter.length, 1500);
}

TEST(StripFits, LaneExactlyAsWideAsTheStripIsOpen) {
  // Touching a crater's rim is allowed: the strip must not overlap any crater disk.
  EXPECT_TRUE(fits(3000, 60, kFighter, lane_cut(-5, 15)));
}

TEST(StripFits, LaneJustNarrowerThanTheStripIsClosed) {
  EXPECT_FALSE(fits(3000, 60, kFighter, lane_cut(-5, 14.99)));
  EXPECT_FALSE(fits(3000, 60, kFighter, lane_cut(12, 14.99)));
  EXPECT_FALSE(fits(3000, 60, kFighter, lane_cut(-29.99, 14.99)));
  EXPECT_TRUE(fits(3000, 60, kFighter, lane_cut(12, 15.01)));
}

TEST(StripFits, CraterAtTheRunwayEdgeLeavesRoom) {
  // A 1600 m runway: every fighter placement covers x in [75, 1525], so a crater at x = 800
  // must be passed beside it.
  TestCraters edge;
  edge.add(800, 15, 6);  // centre on the edge of a 30 m runway: intrudes 6 m, 24 m left
  StripPlacement where;
  ASSERT_TRUE(fits(1600, 30, kFighter, edge, &where));
  EXPECT_LE(where.b + kFighter.width, 15 - 6 + 1e-6);

  TestCraters outside;
  outside.add(800, 20, 8);  // centre 5 m outside the edge: intrudes 3 m
  EXPECT_TRUE(fits(1600, 30, kFighter, outside));

  TestCraters deep;
  deep.add(800, 15, 16);  // intrudes 16 m, leaves 14 m: too narrow
  EXPECT_FALSE(fits(1600, 30, kFighter, deep));
  TestCraters both;
  both.add(800, 15, 7.5);  // 7.5 m from each edge: exactly 15 m left
  both.add(810, -15, 7.5);
  EXPECT_TRUE(fits(1600, 30, kFighter, both));
  both.rs[1] = 7.51;
  EXPECT_FALSE(fits(1600, 30, kFighter, both));
}

TEST(StripFits, LengthCutAlongTheCentreline) {
  // Craters every L/3 on the centreline of a wide runway: pieces between them are ~980 m,
  // and beside them 35.5 m of width is clear on each side.
  TestCraters c;
  c.add(1000, 0, 10);
  c.add(2000, 0, 10);
  StripPlacement where;
  ASSERT_TRUE(fits(3000, 91, kFighter, c, &where));
  EXPECT_TRUE(where.b >= 10 - 1e-6 || where.b + kFighter.width <= -10 + 1e-6);
  EXPECT_FALSE(fits(3000, 91, Strip{2450, 80}, c));
  EXPECT_FALSE(fits(3000, 91, kTanker, c));
  EXPECT_TRUE(fits(3000, 91, Strip{2450, 35.5}, c));
  EXPECT_FALSE(fits(3000, 91, Strip{2450, 35.6}, c));
  // A full-width strip must fit between the craters' disks: the longest piece is [0, 990].
  EXPECT_TRUE(fits(3000, 91, Strip{990, 91}, c));
  EXPECT_FALSE(fits(3000, 91, Strip{990.01, 91}, c));
}

TEST(StripFits, InactiveCratersAreIgnored) {
  TestCraters c = full_width_cut(45, 1500);
  ASSERT_FALSE(fits(3000, 45, kFighter, c));
  for (uint32_t i = 0; i < c.count(); ++i)
    c.on[i] = false;
  StripPlacement where;
  EXPECT_TRUE(fits(3000, 45, kFighter, c, &where));
  StripPlacement best;
  EXPECT_EQ(fewest_repairs_placement(3000, 45, kFighter.length, kFighter.width, c, &best), 0u);

  // Repairing one crater of a closed lane opens it.
  TestCraters lane = lane_cut(-5, 14.99);
  ASSERT_FALSE(fits(3000, 60, kFighter, lane));
  lane.on[0] = false;  // the crater just below the lane
  EXPECT_TRUE(fits(3000, 60, kFighter, lane));
}

TEST(StripFits, CoincidentAndNestedCratersAreHandled) {
  TestCraters c = lane_cut(-5, 15.01);
  const uint32_t n = c.count();
  for (uint32_t i = 0; i < n; ++i)
    c.add(c.x(i), c.y(i), c.r(i));  // duplicates
  for (uint32_t i = 0; i < n; ++i)
    c.add(c.x(i), c.y(i), 0.5 * c.r(i));  // nested
  EXPECT_TRUE(fits(3000, 60, kFighter, c));
  c.add(1500, 2.5, 0.1);  // a pebble in the middle of the lane
  EXPECT_FALSE(fits(3000, 60, kFighter, c));
}

TEST(StripTouches, PositiveDepthOnly) {
  TestCraters c;
  c.add(100, 10, 5);
  // Rectangle [0, 95] x [0, 5]: its corner (95, 5) is sqrt(50) > 5 from the centre.
  EXPECT_FALSE(strip_touches(c, 0, 0, 0, 95, 5));
  // [0, 95] x [0, 10]: the right edge is exactly 5 from the centre (touching, not overlapping).
  EXPECT_FALSE(strip_touches(c, 0, 0, 0, 95, 10));
  EXPECT_TRUE(strip_touches(c, 0, 0, 0, 95.01, 10));
  EXPECT_TRUE(strip_touches(c, 0, 90, 0, 20, 20));  // centre inside
}

// ---- randomized cross-check against brute force
// -------------------------------------------------------

// Brute force: a grid of placements (2 m in a, 0.5 m in b, both box edges included), each
// checked exactly against every crater whose disk reaches its band. Returns a free one.
bool brute_force_free(double L, double W, const Strip& s, const TestCraters& c, double step_a,
                      double step_b, StripPlacement* found) {
  const double a_max = L - s.length;
  const double b_min = -0.5 * W;
  const double b_max = 0.5 * W - s.width;
  if (a_max < 0 || b_max < b_min) return false;
  const int nb = static_cast<int>(std::ceil((b_max - b_min) / step_b));
  const int na = static_cast<int>(std::ceil(a_max / step_a));
  std::vector<uint32_t> near;
  for (int ib = 0; ib <= nb; ++ib) {
    const double b = ib == nb ? b_max : b_min + ib * step_b;
    near.clear();
    for (uint32_t i = 0; i < c.count(); ++i) {
      if (!c.active(i)) continue;
      const double dy = std::max({b - c.y(i), 0.0, c.y(i) - b - s.width});
      if (dy < c.r(i)) near.push_back(i);
    }
    for (int ia = 0; ia <= na; ++ia) {
      const double a = ia == na ? a_max : ia * step_a;
      bool clear = true;
      for (uint32_t i : near) {
        if (distance_to_box(c.x(i), c.y(i), a, a + s.length, b, b + s.width) < c.r(i)) {
          clear = false;
          break;
        }
      }
      if (clear) {
        *found = {a, b};
        return true;
      }
    }
  }
  return false;
}

// Exact in a, sampled in b: for each band b the blocked a are a union of open intervals
// (the disks' cross-sections), swept in order. A free point found this way is verified
// exactly before it counts.
bool sweep_free(double L, double W, const Strip& s, const TestCraters& c, double step_b,
                StripPlacement* found) {
  const double a_max = L - s.length;
  const double b_min = -0.5 * W;
  const double b_max = 0.5 * W - s.width;
  if (a_max < 0 || b_max < b_min) return false;
  const int nb = static_cast<int>(std::ceil((b_max - b_min) / step_b));
  std::vector<std::pair<double, double>> blocked;
  for (int ib = 0; ib <= nb; ++ib) {
    const double b = ib == nb ? b_max : b_min + ib * step_b;
    blocked.clear();
    for (uint32_t i = 0; i < c.count(); ++i) {
      if (!c.active(i)) continue;
      const double dy = std::max({b - c.y(i), 0.0, c.y(i) - b - s.width});
      if (dy >= c.r(i)) continue;
      const double h = std::sqrt(c.r(i) * c.r(i) - dy * dy);
      blocked.emplace_back(c.x(i) - h - s.length, c.x(i) + h);
    }
    std::sort(blocked.begin(), blocked.end());
    double a = 0;
    for (const auto& [lo, hi] : blocked) {
      if (lo >= a) break;
      a = std::max(a, hi);
    }
    if (a <= a_max && placement_clear(L, W, s, c, a, b, 1e-9)) {
      *found = {a, b};
      return true;
    }
  }
  return false;
}

// Crater sets of several shapes: scattered, cut lines across the width, craters bunched
// along the edges and centreline (narrow lanes), and dense clusters.
TestCraters random_craters(std::mt19937& rng, double L, double W, int shape) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const auto uniform = [&](double lo, double hi) { return lo + (hi - lo) * unit(rng); };
  const int n = std::uniform_int_distribution<int>(0, 25)(rng);
  TestCraters c;
  const double cut0 = uniform(0.2, 0.8) * L;
  const double cut1 = uniform(0.2, 0.8) * L;
  for (int k = 0; k < n; ++k) {
    const double r = uniform(3, 12);
    double x = uniform(0, L);
    double y = uniform(-0.5 * W, 0.5 * W);
    switch (shape) {
      case 1:  // up to two cuts, craters stepping across the width
        x = (k % 2 ? cut0 : cut1) + uniform(-5, 5);
        y = -0.5 * W + (k / 2) * uniform(6, 18) + uniform(-3, 3);
        break;
      case 2:  // along the edges and the centreline, leaving lanes
        x = uniform(0.3, 0.7) * L;
        y = k % 3 == 0 ? uniform(-6, 6)
                       : (k % 3 == 1 ? -0.5 * W + uniform(0, 15) : 0.5 * W - uniform(0, 15));
        break;
      case 3:  // a dense cluster
        x = cut0 + uniform(-60, 60);
        break;
      default:
        break;
    }
    c.add(x, y, r, unit(rng) > 0.1);  // about one in ten already repaired
  }
  return c;
}

TEST(StripFitsRandomized, AgreesWithBruteForceAndReturnsFreePlacements) {
  std::mt19937 rng(20240521);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  int sets = 0;
  int open = 0;    // brute force found a free placement (strip_fits must agree)
  int closed = 0;  // strip_fits said no (brute force must agree)
  int finer = 0;   // strip_fits found a placement that the grid missed (verified exactly)
  for (int t = 0; t < 1000; ++t) {
    const double L = 2000 + 1700 * unit(rng);
    const double W = 45 + 46 * unit(rng);
    const TestCraters c = random_craters(rng, L, W, t % 4);
    for (const Strip& s : {kFighter, kTanker}) {
      ++sets;
      StripPlacement where{-1e9, -1e9};
      const bool kernel = strip_fits(L, W, s.length, s.width, c, &where);
      StripPlacement grid{0, 0};
      const bool brute = brute_force_free(L, W, s, c, 2.0, 0.5, &grid);
      if (brute) {
        ++open;
        EXPECT_TRUE(kernel) << "set " << t << ": brute force found a free strip " << s.length
                            << " x " << s.width << " at a = " << grid.a << ", b = " << grid.b
                            << " on " << L << " x " << W << " but strip_fits says closed";
      }
      if (kernel) {
        EXPECT_TRUE(placement_clear(L, W, s, c, where.a, where.b, 1e-5))
            << "set " << t << ": placement (" << where.a << ", " << where.b << ") is not free";
        finer += brute ? 0 : 1;
      } else {
        ++closed;
      }
      // The repair planner's placement touches the fewest craters it knows of; repairing
      // exactly those frees that placement, and it touches none when the strip fits.
      if (s.length <= L && s.width <= W) {
        StripPlacement best{-1e9, -1e9};
        const uint32_t touching = fewest_repairs_placement(L, W, s.length, s.width, c, &best);
        EXPECT_TRUE(placement_clear(L, W, s, TestCraters{}, best.a, best.b, 1e-9)) << "set " << t;
        TestCraters repaired = c;
        uint32_t counted = 0;
        for (uint32_t i = 0; i < c.count(); ++i) {
          if (c.active(i) && strip_touches(c, i, best.a, best.b, s.length, s.width)) {
            repaired.on[i] = false;
            ++counted;
          }
        }
        EXPECT_EQ(counted, touching) << "set " << t;
        EXPECT_TRUE(placement_clear(L, W, s, repaired, best.a, best.b, 1e-5)) << "set " << t;
        EXPECT_TRUE(fits(L, W, s, repaired)) << "set " << t;
        if (!kernel) {
          EXPECT_GE(touching, 1u) << "set " << t;
        }
        if (touching == 0) {
          EXPECT_TRUE(kernel) << "set " << t;
        }
      }
    }
  }
  // Both answers must be well represented for the comparison to mean anything.
  EXPECT_GT(open, sets / 5);
  EXPECT_GT(closed, sets / 5);
  RecordProperty("sets", sets);
  RecordProperty("open", open);
  RecordProperty("closed", closed);
  RecordProperty("found_finer_than_grid", finer);
}

// The hardest cases: scale a crater set's radii to just below the size at which the strip
// stops fitting (by bisection with the swept search), so that the free set is a sliver
// that bands just clear of a crater often miss: reachable only where two crater arcs, or
// an arc and a line, meet. strip_fits must still find it; just above, any placement it
// claims must be free. Three shapes: craters clustered around where the strip must pass,
// scattered craters, and "pockets": a runway barely larger than the strip with craters
// around the strip's four corners, where the free set is bounded by arcs on all sides.
TEST(StripFitsRandomized, FindsSliversAtTheCriticalCraterSize) {
  std::mt19937 rng(77);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const auto uniform = [&](double lo, double hi) { return lo + (hi - lo) * unit(rng); };
  int tested[3] = {0, 0, 0};
  int found_above = 0;  // placements found just above the critical size (checked to be free)
  for (int t = 0; t < 360; ++t) {
    const int shape = t % 3;
    const Strip s = (t / 3) % 2 ? kTanker : kFighter;
    double W = uniform(45, 91);
    double L = s.length + uniform(0, 1250);
    TestCraters base;
    if (shape == 2) {
      L = s.length + uniform(2, 40);
      W = s.width + uniform(1, 12);
      const double a_max = L - s.length;
      const double b_min = -0.5 * W;
      const double b_max = 0.5 * W - s.width;
      const int n = 3 + static_cast<int>(6 * unit(rng));
      for (int k = 0; k < n; ++k) {
        const double x = k % 2 ? uniform(-10, a_max + 10) : uniform(s.length - 10, L + 10);
        const double y = (k / 2) % 2 ? uniform(b_min - 8, b_max + 8)
                                     : uniform(b_min + s.width - 8, b_max + s.width + 8);
        base.add(x, y, uniform(3, 12));
      }
    } else {
      const int n = 2 + static_cast<int>(18 * unit(rng));
      const double centre = s.length * 0.5 + (L - s.length) * unit(rng);
      for (int k = 0; k < n; ++k) {
        const double x = shape == 0 ? centre + s.length * uniform(-0.6, 0.6) : uniform(0, L);
        base.add(x, W * uniform(-0.5, 0.5), uniform(3, 12));
      }
    }
    const double step_b = shape == 2 ? 0.002 : 0.02;
    const auto scaled = [&](double k) {
      TestCraters c = base;
      for (double& r : c.rs)
        r *= k;
      return c;
    };
    StripPlacement p;
    double lo = 0;
    double hi = 4;
    if (sweep_free(L, W, s, scaled(hi), step_b, &p)) continue;  // never closes
    for (int it = 0; it < 40; ++it) {
      const double mid = 0.5 * (lo + hi);
      (sweep_free(L, W, s, scaled(mid), step_b, &p) ? lo : hi) = mid;
    }
    // A crater inside the area every placement covers closes the strip at any size; such
    // sets have no sliver to find (and radii this small never occur).
    if (lo < 0.2) continue;
    ++tested[shape];
    const TestCraters just_open = scaled(lo);
    ASSERT_TRUE(sweep_free(L, W, s, just_open, step_b, &p));
    EXPECT_TRUE(fits(L, W, s, just_open))
        << "set " << t << " (shape " << shape << "): a sliver at a = " << p.a << ", b = " << p.b
        << " on " << L << " x " << W << " was missed";
    found_above += fits(L, W, s, scaled(hi)) ? 1 : 0;  // checks any placement it returns
  }
  EXPECT_GT(tested[0], 40);
  EXPECT_GT(tested[1], 40);
  EXPECT_GT(tested[2], 40);
  RecordProperty("clustered", tested[0]);
  RecordProperty("scattered", tested[1]);
  RecordProperty("pockets", tested[2]);
  RecordProperty("found_just_above", found_above);
}

}  // namespace
}  // namespace contested
